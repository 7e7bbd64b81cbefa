import type { DataSource, EntityManager } from 'typeorm';
import type { DomainEventMap, DomainEventName, DomainEvents } from '../../apps/api/src/common/events/domain-events';
import { UnitOfWork } from '../../apps/api/src/common/events/unit-of-work';

/**
 * A unit of work over a stand-in transaction (every write in it succeeds):
 * for unit specs whose repositories are fakes. Facts recorded in it reach
 * the real DomainEvents exactly as in production: in-transaction handlers
 * before the "commit", listeners after it.
 */
export function unitOver(events: DomainEvents): UnitOfWork {
  const dataSource = {
    transaction: async <T>(work: (em: EntityManager) => Promise<T>): Promise<T> => work({} as EntityManager),
  } as unknown as DataSource;
  return new UnitOfWork(dataSource, events);
}

/** States one fact in its own unit of work, the way a write site does. */
export async function stateFact<K extends DomainEventName>(
  unit: UnitOfWork,
  name: K,
  payload: DomainEventMap[K],
): Promise<void> {
  await unit.run(async ({ record }) => record(name, payload));
}
