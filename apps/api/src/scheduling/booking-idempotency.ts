import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { RuleViolationError } from '../common/errors/domain-errors';
import type { AppointmentDto } from './dto/appointment.dto';
import { IdempotencyRepository } from './idempotency.repository';

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
 * Idempotency-Key handling for any booking path (patient, front desk, FHIR).
 * The booking statement claims the key in the booking's own statement, with
 * the answer it will replay, so only a success is remembered (a refused or
 * failed attempt claims nothing). A retry with the same request replays that
 * answer; the same key with another request is refused.
 */
@Injectable()
export class IdempotentBooking {
  constructor(private readonly keys: IdempotencyRepository) {}

  /** The answer stored under a used key (committed, read outside any transaction), or null when the key is unused. */
  async stored(patientId: string, key: string, hash: string): Promise<AppointmentDto | null> {
    const stored = await this.keys.find(patientId, key);
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
}
