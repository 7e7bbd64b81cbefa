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
      return { appointment: await this.replayIn(em, patientId, key, hash), replayed: true };
    }
    const appointment = await work();
    await this.keys.complete(em, patientId, key, 201, { ...appointment });
    return { appointment, replayed: false };
  }

  /** The answer stored under a used key (committed, read outside any transaction), or null when the key is unused. */
  async stored(patientId: string, key: string, hash: string): Promise<AppointmentDto | null> {
    const stored = await this.keys.find(null, patientId, key);
    if (!stored) return null;
    return this.replay(stored.requestHash, stored.responseBody as unknown as AppointmentDto | null, hash);
  }

  /** The stored answer when the retry is the same request; 422 when the key came with another one. */
  replay(storedHash: string, body: AppointmentDto | null, hash: string): AppointmentDto {
    if (storedHash !== hash || !body) {
      throw new RuleViolationError(
        'idempotency_key_reused',
        'This Idempotency-Key was already used with a different request; use a new key',
      );
    }
    return body;
  }

  private async replayIn(em: EntityManager, patientId: string, key: string, hash: string): Promise<AppointmentDto> {
    const stored = await this.keys.find(em, patientId, key);
    if (!stored) return this.replay('', null, hash);
    return this.replay(stored.requestHash, stored.responseBody as unknown as AppointmentDto | null, hash);
  }
}
