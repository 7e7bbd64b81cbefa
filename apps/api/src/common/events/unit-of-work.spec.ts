import type { DataSource, EntityManager } from 'typeorm';
import { DomainEvents } from './domain-events';
import { UnitOfWork } from './unit-of-work';

function setup(fail = false) {
  const log: string[] = [];
  const em = {} as EntityManager;
  const dataSource = {
    transaction: async <T>(work: (em: EntityManager) => Promise<T>) => {
      log.push('begin');
      const result = await work(em);
      if (fail) {
        log.push('rollback');
        throw new Error('commit failed');
      }
      log.push('commit');
      return result;
    },
  } as unknown as DataSource;
  const events = new DomainEvents();
  events.beforeCommit('appointment.booked', (inTx, e) => {
    log.push(`outbox:${e.appointmentId}:${inTx === em}`);
  });
  events.on('appointment.booked', (e) => {
    log.push(`listener:${e.appointmentId}`);
  });
  return { log, em, unit: new UnitOfWork(dataSource, events) };
}

const fact = (id: string) => ({ appointmentId: id, doctorId: 'd', patientId: 'p' });

describe('UnitOfWork', () => {
  it('writes in-transaction handlers before the commit and tells listeners after it, once per recorded fact', async () => {
    const { log, unit } = setup();
    const value = await unit.run(async (tx) => {
      tx.record('appointment.booked', fact('a1'));
      unit.record(tx.em, 'appointment.booked', fact('a2'));
      return 42;
    });
    expect(value).toBe(42);
    expect(log).toEqual(['begin', 'outbox:a1:true', 'outbox:a2:true', 'commit', 'listener:a1', 'listener:a2']);
  });

  it('tells no listener when the transaction fails', async () => {
    const { log, unit } = setup(true);
    await expect(unit.run(async (tx) => tx.record('appointment.booked', fact('a1')))).rejects.toThrow('commit failed');
    expect(log.filter((l) => l.startsWith('listener'))).toEqual([]);
  });

  it('refuses a fact recorded outside a unit of work instead of losing it', async () => {
    const { unit, em } = setup();
    expect(() => unit.record(em, 'appointment.booked', fact('a1'))).toThrow('outside a unit of work');
  });
});
