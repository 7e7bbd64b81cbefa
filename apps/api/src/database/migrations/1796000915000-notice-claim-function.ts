import { MigrationInterface, QueryRunner } from 'typeorm';

/** The function's signature (later versions keep it). */
export const NOTICE_CLAIM_SIGNATURE = `CREATE OR REPLACE FUNCTION "hms_claim_notice"(
  p_kind varchar, p_key varchar, p_appointment text, p_sequence integer, p_lease_secs double precision
) RETURNS text LANGUAGE plpgsql`;

/** Weighs the notice against the appointment's other notices: 'superseded', 'older-in-flight' or null. */
export const NOTICE_WEIGHING = `SELECT CASE
      WHEN bool_or(o.sequence > p_sequence AND (l.state = 'sent'
             OR (l.state = 'sending' AND l.claimed_at >= now() - make_interval(secs => p_lease_secs))))
        THEN 'superseded'
      WHEN bool_or(o.sequence < p_sequence AND l.state = 'sending'
             AND l.claimed_at >= now() - make_interval(secs => p_lease_secs))
        THEN 'older-in-flight'
    END INTO verdict
    FROM (SELECT m.dedupe_key, split_part(m.dedupe_key, ':', 3)::int AS sequence FROM outbox_messages m
           WHERE m.aggregate_id = p_appointment::uuid AND m.kind LIKE 'appointment.%' AND m.dedupe_key <> p_key) o
    LEFT JOIN notification_log l ON l.key = o.dedupe_key;
  IF verdict IS NOT NULL THEN
    RETURN verdict;
  END IF;`;

/** Claims the key ('claimed'), or answers 'sent' or 'in-flight' when it is taken. */
export const NOTICE_KEY_CLAIM = `INSERT INTO notification_log (key, kind) VALUES (p_key, p_kind)
  ON CONFLICT (key) DO UPDATE
    SET state = 'sending', attempts = notification_log.attempts + 1, claimed_at = now(), last_error = NULL
    WHERE notification_log.state = 'failed'
       OR (notification_log.state = 'sending'
           AND notification_log.claimed_at < now() - make_interval(secs => p_lease_secs));
  IF FOUND THEN
    RETURN 'claimed';
  END IF;
  SELECT CASE WHEN l.state = 'sent' THEN 'sent' ELSE 'in-flight' END INTO verdict
    FROM notification_log l WHERE l.key = p_key;
  RETURN coalesce(verdict, 'in-flight');`;

/** The function as this migration writes it (a later migration's down() restores it). */
export const NOTICE_CLAIM_FUNCTION = `${NOTICE_CLAIM_SIGNATURE} AS $$
DECLARE
  verdict text;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('appointment-notice:' || p_appointment));
  ${NOTICE_WEIGHING}
  ${NOTICE_KEY_CLAIM}
END $$`;

/**
 * An appointment notice's in-order claim (NotificationLogRepository.claimMany)
 * as one function call instead of a transaction of four statements: under the
 * appointment's advisory lock, 'superseded' when a newer notice of the
 * appointment is being sent or was sent, 'older-in-flight' while an older one
 * is being sent, else the key is claimed ('claimed'), or found 'sent' or
 * held by another attempt ('in-flight'). Each statement of the function reads
 * with a snapshot taken after the lock, as the transaction's statements did.
 */
export class NoticeClaimFunction1796000915000 implements MigrationInterface {
  name = 'NoticeClaimFunction1796000915000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(NOTICE_CLAIM_FUNCTION);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP FUNCTION "hms_claim_notice"(varchar, varchar, text, integer, double precision)');
  }
}
