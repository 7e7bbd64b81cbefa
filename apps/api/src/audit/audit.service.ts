import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import { ServiceUnavailableError } from '../common/errors/domain-errors';
import { currentRequest } from '../common/request-context';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import type { AuditAction, AuditOutcome, AuditResourceType } from './audit-actions';
import { AuditRepository, AuditRow, Bind } from './audit.repository';

/** Who acted: a user id and role. */
export interface AuditActor {
  userId: string;
  role: string | null;
}

export interface AuditEntry {
  action: AuditAction;
  /** Default `success`. */
  outcome?: AuditOutcome;
  /** Default: the signed-in caller of the current request (none in jobs). `null`: nobody (anonymous). */
  actor?: AuditActor | AuthUser | null;
  patientId?: string | null;
  resource?: { type: AuditResourceType; id: string } | null;
  /** Facts of security events (never clinical text, never a password). */
  details?: Record<string, unknown>;
}

/** Options of a security event; the client address and request id come from the request being served. */
export interface SecurityEventOptions {
  /** The user the event is about or by (a failed sign-in of a known account, a deactivated user). */
  actorId?: string | null;
  role?: string | null;
  /** The email a sign-in named, kept for failures of unknown accounts. */
  email?: string;
  outcome?: AuditOutcome;
  patientId?: string | null;
  resource?: { type: AuditResourceType; id: string } | null;
  details?: Record<string, unknown>;
}

/**
 * The one writer of the audit trail (table audit_events, append-only).
 *
 * - Reads of a patient's record: `record` / `recordMany` after the read, or
 *   `recordIf` together with the access check, in one statement. An audit
 *   write that fails throws `ServiceUnavailableError` (503): the read fails
 *   closed and answers no data.
 * - Changes: pass the change's EntityManager, so the event commits or rolls
 *   back with the change.
 * - Security events: `security(action, { actorId, email, outcome, ... })`.
 *
 * The client address and request id are taken from the request context.
 */
@Injectable()
export class AuditService {
  private readonly logger = new Logger(AuditService.name);

  constructor(
    private readonly repository: AuditRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async record(entry: AuditEntry, em?: EntityManager): Promise<void> {
    await this.recordMany([entry], em);
  }

  /** Several events in one INSERT (one round trip). */
  async recordMany(entries: AuditEntry[], em?: EntityManager): Promise<void> {
    if (entries.length === 0) return;
    await this.guard(() =>
      this.repository.insert(
        entries.map((e) => this.toRow(e)),
        em,
      ),
    );
  }

  /**
   * Writes the event only when `condition` (SQL over bound parameters) holds,
   * in the same statement that evaluates it. True when it held.
   */
  async recordIf(entry: AuditEntry, condition: (bind: Bind) => string, em?: EntityManager): Promise<boolean> {
    return this.guard(() => this.repository.insertIf(this.toRow(entry), condition, em));
  }

  /** A security event: sign-ins, lockouts, password changes, sessions, deactivations, exports. */
  async security(action: AuditAction, options: SecurityEventOptions = {}, em?: EntityManager): Promise<void> {
    const caller = currentRequest()?.user ?? null;
    const actor: AuditActor | null = options.actorId
      ? { userId: options.actorId, role: options.role ?? (caller?.userId === options.actorId ? caller.role : null) }
      : caller
        ? { userId: caller.userId, role: caller.role }
        : null;
    const details = { ...(options.details ?? {}), ...(options.email ? { email: options.email.toLowerCase() } : {}) };
    await this.record(
      {
        action,
        outcome: options.outcome ?? 'success',
        actor,
        patientId: options.patientId ?? null,
        resource: options.resource ?? null,
        details: Object.keys(details).length > 0 ? details : undefined,
      },
      em,
    );
  }

  private toRow(entry: AuditEntry): AuditRow {
    const context = currentRequest();
    const actor = entry.actor === undefined ? (context?.user ?? null) : entry.actor;
    return {
      actorUserId: actor?.userId ?? null,
      actorRole: actor?.role ?? null,
      action: entry.action,
      patientId: entry.patientId ?? null,
      resourceType: entry.resource?.type ?? null,
      resourceId: entry.resource?.id ?? null,
      outcome: entry.outcome ?? 'success',
      ip: context?.ip ?? null,
      requestId: context?.requestId ?? null,
      details: entry.details ?? null,
    };
  }

  private async guard<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      this.logger.error(`Audit write failed: ${(error as Error).message}`);
      throw new ServiceUnavailableError('audit_unavailable', 'The audit trail cannot be written; try again shortly');
    }
  }
}
