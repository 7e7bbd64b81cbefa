import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DomainEvents, type DomainEventMap, type DomainEventName, type RecordedEvent } from './domain-events';

/** The transaction of a unit of work and the facts recorded in it. */
export interface Tx {
  readonly em: EntityManager;
  record<K extends DomainEventName>(name: K, payload: DomainEventMap[K]): void;
}

/**
 * One transaction and the facts it states. A write site records each fact
 * once; just before the commit the in-transaction handlers run (the outbox
 * rows of the emails), and after the commit the in-process listeners (cache
 * invalidation, waitlist, the relay's kick). A rolled-back unit tells nobody.
 */
@Injectable()
export class UnitOfWork {
  private readonly open = new WeakMap<EntityManager, RecordedEvent[]>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly events: DomainEvents,
  ) {}

  async run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    const recorded: RecordedEvent[] = [];
    const result = await this.dataSource.transaction(async (em) => {
      this.open.set(em, recorded);
      try {
        const value = await work({
          em,
          record: (name, payload) => {
            recorded.push({ name, payload } as RecordedEvent);
          },
        });
        await this.events.flush(em, recorded);
        return value;
      } finally {
        this.open.delete(em);
      }
    });
    await this.events.dispatch(recorded);
    return result;
  }

  /**
   * Records a fact in the unit that owns `em`, for methods that work inside
   * their caller's transaction. Throws when `em` is not a unit's transaction:
   * a fact must never be lost silently.
   */
  record<K extends DomainEventName>(em: EntityManager, name: K, payload: DomainEventMap[K]): void {
    const recorded = this.open.get(em);
    if (!recorded) throw new Error(`'${name}' recorded outside a unit of work`);
    recorded.push({ name, payload } as RecordedEvent);
  }

  /**
   * A fact written by one statement of its own, outside any transaction of
   * this process, that already wrote what the in-transaction handlers would
   * (its outbox row): once that statement committed, only the after-commit
   * listeners are told.
   */
  async committed<K extends DomainEventName>(name: K, payload: DomainEventMap[K]): Promise<void> {
    await this.events.dispatch([{ name, payload } as RecordedEvent]);
  }
}
