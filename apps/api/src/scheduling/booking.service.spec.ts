import { QueryFailedError } from 'typeorm';
import { ConflictError } from '../common/errors/domain-errors';
import { overlapConflict, requestHash } from './booking.service';

const violation = (code: string, constraint?: string) =>
  new QueryFailedError('INSERT', [], Object.assign(new Error('violation'), { code, constraint }));

describe('booking helpers', () => {
  it('maps the doctor exclusion constraint to 409 slot_taken', () => {
    const error = overlapConflict(violation('23P01', 'EXC_appointments_doctor_overlap'));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error?.code).toBe('slot_taken');
  });

  it('maps the patient exclusion constraint to 409 patient_overlap', () => {
    expect(overlapConflict(violation('23P01', 'EXC_appointments_patient_overlap'))?.code).toBe('patient_overlap');
  });

  it('leaves other errors alone', () => {
    expect(overlapConflict(violation('23505', 'UQ_x'))).toBeNull();
    expect(overlapConflict(new Error('boom'))).toBeNull();
  });

  it('hashes equal requests alike, whatever the offset the start was written with', () => {
    const a = requestHash('D1', new Date('2026-03-02T09:00:00Z'), 'x');
    const b = requestHash('d1', new Date('2026-03-02T10:00:00+01:00'), 'x');
    expect(a).toBe(b);
    expect(requestHash('d1', new Date('2026-03-02T09:00:00Z'), 'y')).not.toBe(a);
    expect(requestHash('d2', new Date('2026-03-02T09:00:00Z'), 'x')).not.toBe(a);
  });
});
