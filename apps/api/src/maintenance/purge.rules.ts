import type { AppConfig } from '../config/app-config';

/**
 * What only grows and may go: one line per table. `where` selects the rows to
 * delete (SQL over that table's columns; `$1` is the rule's cutoff instant).
 * A rule whose table does not exist (yet) is skipped.
 */
export interface PurgeRule {
  name: string;
  table: string;
  where: string;
  /** Rows older than this are deleted. */
  cutoff: (config: AppConfig, now: Date) => Date;
  /** Transaction-local settings the table's triggers read (`set_config(name, value, true)`). */
  settings?: (config: AppConfig) => Record<string, string>;
}

const DAY_MS = 24 * 3600_000;
const ago = (now: Date, ms: number) => new Date(now.getTime() - ms);

export const PURGE_RULES: readonly PurgeRule[] = [
  // Past their lifetime, a refresh token (rotated, revoked or not) can only answer 401.
  { name: 'refresh-tokens', table: 'refresh_tokens', where: 'expires_at < $1', cutoff: (_c, now) => now },
  // A session past its absolute end can never be refreshed again (its refresh tokens go with it).
  { name: 'sessions', table: 'sessions', where: 'expires_at < $1', cutoff: (_c, now) => now },
  // Reset and invitation links, used or expired.
  {
    name: 'password-tokens',
    table: 'password_tokens',
    where: '(expires_at < $1 OR used_at IS NOT NULL)',
    cutoff: (_c, now) => now,
  },
  // An Idempotency-Key replays its answer for 24 hours.
  {
    name: 'idempotency-keys',
    table: 'booking_idempotency_keys',
    where: 'created_at < $1',
    cutoff: (_c, now) => ago(now, DAY_MS),
  },
  {
    name: 'outbox-messages',
    table: 'outbox_messages',
    where: 'dispatched_at IS NOT NULL AND dispatched_at < $1',
    cutoff: (c, now) => ago(now, c.notificationRetentionDays * DAY_MS),
  },
  {
    name: 'notification-log',
    table: 'notification_log',
    where: 'created_at < $1',
    cutoff: (c, now) => ago(now, c.notificationRetentionDays * DAY_MS),
  },
  // Audit events past AUDIT_RETENTION_DAYS; the table's trigger refuses younger ones.
  {
    name: 'audit-events',
    table: 'audit_events',
    where: '"at" < $1',
    cutoff: (c, now) => ago(now, c.auditRetentionDays * DAY_MS),
    settings: (c) => ({ 'hms.audit_retention_days': String(c.auditRetentionDays) }),
  },
];
