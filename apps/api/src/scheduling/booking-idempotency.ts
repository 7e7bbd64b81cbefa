import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { RuleViolationError } from '../common/errors/domain-errors';
import type { AppointmentDto } from './dto/appointment.dto';
import { IdempotencyRepository } from './idempotency.repository';

/** What an idempotent booking answers: the appointment, and whether it replayed an earlier answer. */
export interface IdempotentOutcome {
  appointment: AppointmentDto;
  replayed: boolean;
}

/** Canonical hash of a booking request, to tell a retry from another request under the same key. */
export function requestHash(doctorId: string, startsAt: Date, reason: string, by?: 'desk'): string {
  const canonical = JSON.stringify({
    doctorId: doctorId.toLowerCase(),
    startsAt: startsAt.toISOString(),
    reason,
    ...(by ? { by } : {}),
  });
  return createHash('sha256').update(canonical).digest('hex');
}

/**
 * Idempotency-Key handling for any booking path (patient, front desk): inside
 * the booking's transaction the key is claimed, the work runs once and its
 * answer is stored; a retry with the same request replays that answer, the
 * same key with another request is refused. Only a success is remembered
 * (a failed attempt rolls its claim back with everything else).
 */
@Injectable()
export class IdempotentBooking {
  constructor(private readonly keys: IdempotencyRepository) {}

  async once(
    em: EntityManager,
    patientId: string,
    key: string | undefined,
    hash: string,
    work: () => Promise<AppointmentDto>,
  ): Promise<IdempotentOutcome> {
    if (key === undefined) return { appointment: await work(), replayed: false };
    if (!(await this.keys.claim(em, patientId, key, hash))) {
      return { appointment: await this.replay(em, patientId, key, hash), replayed: true };
    }
    const appointment = await work();
    await this.keys.complete(em, patientId, key, 201, { ...appointment });
    return { appointment, replayed: false };
  }

  private async replay(em: EntityManager, patientId: string, key: string, hash: string): Promise<AppointmentDto> {
    const stored = await this.keys.find(em, patientId, key);
    if (!stored || stored.requestHash !== hash || !stored.responseBody) {
      throw new RuleViolationError(
        'idempotency_key_reused',
        'This Idempotency-Key was already used with a different request; use a new key',
      );
    }
    return stored.responseBody as unknown as AppointmentDto;
  }
}
