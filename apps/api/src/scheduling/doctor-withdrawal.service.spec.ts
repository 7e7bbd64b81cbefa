import type { EntityManager } from 'typeorm';
import { DoctorWithdrawalService } from './doctor-withdrawal.service';

describe('DoctorWithdrawalService', () => {
  const rows = [
    { id: 'a1', doctor_id: 'd1', patient_id: 'p1', sequence: 1 },
    { id: 'a2', doctor_id: 'd1', patient_id: 'p2', sequence: 3 },
  ];

  function setup(answer: unknown) {
    const queries: { sql: string; params: unknown[] }[] = [];
    const em = {
      query: async (sql: string, params: unknown[]) => {
        queries.push({ sql, params });
        return answer;
      },
    } as unknown as EntityManager;
    return { em, queries, service: new DoctorWithdrawalService() };
  }

  it('cancels only future booked appointments of the doctor, as the system, and answers each with its new sequence', async () => {
    const { em, queries, service } = setup([rows, 2]);
    const cancelled = await service.cancelFutureAppointments(em, 'd1');
    expect(queries).toHaveLength(1);
    expect(queries[0].params).toEqual(['d1', 'doctor_unavailable']);
    expect(queries[0].sql).toMatch(/status = 'booked' AND starts_at > now\(\)/);
    expect(queries[0].sql).toMatch(/cancelled_by = 'system'/);
    expect(queries[0].sql).toMatch(/sequence = sequence \+ 1/);
    expect(cancelled).toEqual([
      { id: 'a1', doctorId: 'd1', patientId: 'p1', sequence: 1 },
      { id: 'a2', doctorId: 'd1', patientId: 'p2', sequence: 3 },
    ]);
  });

  it('answers nothing when the doctor has no future bookings', async () => {
    const { em, service } = setup([[], 0]);
    expect(await service.cancelFutureAppointments(em, 'd1')).toEqual([]);
  });
});
