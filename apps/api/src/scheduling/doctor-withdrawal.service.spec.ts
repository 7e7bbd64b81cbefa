import type { EntityManager } from 'typeorm';
import type { OutboxEntry, OutboxService } from '../notifications/outbox.service';
import { DoctorWithdrawalService } from './doctor-withdrawal.service';

describe('DoctorWithdrawalService', () => {
  const rows = [
    { id: 'a1', doctor_id: 'd1', patient_id: 'p1', sequence: 1 },
    { id: 'a2', doctor_id: 'd1', patient_id: 'p2', sequence: 3 },
  ];

  function setup(answer: unknown) {
    const recorded: OutboxEntry[] = [];
    const queries: { sql: string; params: unknown[] }[] = [];
    const em = {
      query: async (sql: string, params: unknown[]) => {
        queries.push({ sql, params });
        return answer;
      },
    } as unknown as EntityManager;
    const outbox = {
      record: async (_em: EntityManager, entry: OutboxEntry) => {
        recorded.push(entry);
      },
    } as unknown as OutboxService;
    return { em, recorded, queries, service: new DoctorWithdrawalService(outbox) };
  }

  it('cancels only future booked appointments of the doctor and records one outbox message each', async () => {
    const { em, recorded, queries, service } = setup([rows, 2]);
    const cancelled = await service.cancelFutureAppointments(em, 'd1');
    expect(queries[0].params).toEqual(['d1', 'doctor_unavailable']);
    expect(queries[0].sql).toMatch(/status = 'booked' AND starts_at > now\(\)/);
    expect(queries[0].sql).toMatch(/sequence = sequence \+ 1/);
    expect(cancelled).toEqual([
      { id: 'a1', doctorId: 'd1', patientId: 'p1', sequence: 1 },
      { id: 'a2', doctorId: 'd1', patientId: 'p2', sequence: 3 },
    ]);
    expect(recorded).toEqual([
      {
        kind: 'appointment.cancelled',
        aggregateId: 'a1',
        dedupeKey: 'appointment.cancelled:a1:1',
        payload: { reason: 'doctor_unavailable' },
      },
      {
        kind: 'appointment.cancelled',
        aggregateId: 'a2',
        dedupeKey: 'appointment.cancelled:a2:3',
        payload: { reason: 'doctor_unavailable' },
      },
    ]);
  });

  it('records nothing when the doctor has no future bookings', async () => {
    const { em, recorded, service } = setup([[], 0]);
    expect(await service.cancelFutureAppointments(em, 'd1')).toEqual([]);
    expect(recorded).toEqual([]);
  });
});
