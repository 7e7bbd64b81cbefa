import { Injectable, OnModuleInit } from '@nestjs/common';
import { CACHE_KEYS } from '../common/cache/cache-keys';
import { CacheService, READY_BODY_TTL_MS } from '../common/cache/cache.service';
import { DomainEvents } from '../common/events/domain-events';
import { SlotInputsRepository } from './slot-inputs.repository';
import type { SlotRuleInputs } from './slot-inputs.sql';

/**
 * A doctor's standing and slot-rule inputs on one clinic date (weekly
 * template, the date's windows, time off around it), kept in this process's
 * ResponseTier so that a booking checks its slot without a round trip of its
 * own. Bookings do not change them; a change of the doctor's hours or
 * standing ('availability.changed', 'doctor.changed') drops them in every
 * API process before the writer answers, and a read that raced that change
 * is never kept (CacheService.readyBody). Whatever can change between this
 * check and the booking's write is decided again by the booking statement
 * and its trigger: the standing, time off, and the window a slot outside the
 * template needs (share-locked).
 */
@Injectable()
export class SlotRulesCache implements OnModuleInit {
  /** Each kept body parsed once: the tier answers the same Buffer until it drops it. */
  private readonly parsed = new WeakMap<Buffer, SlotRuleInputs>();

  constructor(
    private readonly inputs: SlotInputsRepository,
    private readonly cache: CacheService,
    private readonly events: DomainEvents,
  ) {}

  onModuleInit(): void {
    const drop = ({ doctorId }: { doctorId: string }) =>
      this.cache.invalidate(CACHE_KEYS.slotRules(doctorId).namespace);
    this.events.on('availability.changed', drop);
    this.events.on('doctor.changed', drop);
  }

  /** The rule inputs of `doctorId` on the clinic date `date` (read-only: shared by concurrent bookings). */
  async of(doctorId: string, date: string): Promise<SlotRuleInputs> {
    const body = await this.cache.readyBody(
      { id: `slot-rules:${doctorId}:${date}`, namespaces: [CACHE_KEYS.slotRules(doctorId).namespace] },
      READY_BODY_TTL_MS,
      async () => ({ body: Buffer.from(JSON.stringify(await this.inputs.ruleInputsOf(doctorId, date))) }),
    );
    let inputs = this.parsed.get(body);
    if (inputs === undefined) {
      inputs = JSON.parse(body.toString('utf8')) as SlotRuleInputs;
      this.parsed.set(body, inputs);
    }
    return inputs;
  }
}
