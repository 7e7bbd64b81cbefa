import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * The exactly-once ledger of email. claim() takes keys in one statement:
 * new keys are inserted as 'sending'; a key already 'sent' is never taken
 * again; a 'failed' key, or a 'sending' one whose lease ran out (its worker
 * died between claim and mark), is taken over.
 */
/** The answer of claimInOrder. */
export type ClaimVerdict = 'claimed' | 'superseded' | 'older-in-flight' | 'sent' | 'in-flight';

@Injectable()
export class NotificationLogRepository {
  constructor(private readonly dataSource: DataSource) {}

  async claim(kind: string, keys: string[], leaseMs: number): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const rows: { key: string }[] = await this.dataSource.query(
      `INSERT INTO notification_log (key, kind)
       SELECT k, $2 FROM unnest($1::varchar[]) AS k
       ON CONFLICT (key) DO UPDATE
         SET state = 'sending', attempts = notification_log.attempts + 1, claimed_at = now(), last_error = NULL
         WHERE notification_log.state = 'failed'
            OR (notification_log.state = 'sending' AND notification_log.claimed_at < now() - make_interval(secs => $3))
       RETURNING key`,
      [keys, kind, leaseMs / 1000],
    );
    return new Set(rows.map((r) => r.key));
  }

  /** Of these keys, those another attempt is still sending (claimed, not yet marked). */
  async inFlight(keys: string[]): Promise<string[]> {
    if (keys.length === 0) return [];
    const rows: { key: string }[] = await this.dataSource.query(
      `SELECT key FROM notification_log WHERE key = ANY($1::varchar[]) AND state = 'sending'`,
      [keys],
    );
    return rows.map((r) => r.key);
  }

  /**
   * Claims appointment notices' keys only in sequence order, each under a
   * lock per appointment (`hms_claim_notice`, migration NoticeClaimFunction):
   * 'superseded' when a newer notice of the appointment is being sent or was
   * sent (this older one must never follow it), 'older-in-flight' while an
   * older one is being sent (wait for it), 'sent' when this key already went
   * out, 'in-flight' when another attempt holds this key, else 'claimed'.
   * One statement for all; its calls do not see each other's claims, so the
   * notices must be of distinct appointments: the caller claims an
   * appointment's next notice once the one before it is done. Answers the
   * verdicts in the given order.
   */
  async claimMany(
    notices: readonly { kind: string; key: string; appointmentId: string; sequence: number }[],
    leaseMs: number,
  ): Promise<ClaimVerdict[]> {
    if (notices.length === 0) return [];
    const rows: { verdict: ClaimVerdict }[] = await this.dataSource.query(
      `SELECT hms_claim_notice(u.kind, u.key, u.appointment, u.sequence, $5) AS verdict
         FROM unnest($1::varchar[], $2::varchar[], $3::text[], $4::int[]) WITH ORDINALITY AS u(kind, key, appointment, sequence, n)
        ORDER BY u.n`,
      [
        notices.map((n) => n.kind),
        notices.map((n) => n.key),
        notices.map((n) => n.appointmentId),
        notices.map((n) => n.sequence),
        leaseMs / 1000,
      ],
    );
    return rows.map((r) => r.verdict);
  }

  async markSent(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.dataSource.query(
      `UPDATE notification_log SET state = 'sent', sent_at = now() WHERE key = ANY($1::varchar[]) AND state = 'sending'`,
      [keys],
    );
  }

  async markFailed(key: string, error: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE notification_log SET state = 'failed', last_error = $2 WHERE key = $1 AND state = 'sending'`,
      [key, error.slice(0, 2000)],
    );
  }

  async stateOf(key: string): Promise<string | null> {
    const rows: { state: string }[] = await this.dataSource.query('SELECT state FROM notification_log WHERE key = $1', [
      key,
    ]);
    return rows[0]?.state ?? null;
  }
}
