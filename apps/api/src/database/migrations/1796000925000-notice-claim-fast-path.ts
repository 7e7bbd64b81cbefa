import { MigrationInterface, QueryRunner } from 'typeorm';
import { NOTICE_CLAIM_FUNCTION } from './1796000915000-notice-claim-function';

/**
 * An appointment notice's claim weighs it against the appointment's other
 * notices only when there can be any: sequences only grow and every notice
 * carries the sequence it was written at, so while the appointment is still
 * at the notice's sequence no newer notice exists, and a notice at sequence 0
 * has no older one. A booking's confirmation (the common case) is then
 * claimed after one primary-key read of the appointment instead of a read of
 * its outbox messages. That read of the outbox now always goes through the
 * aggregate index (`enable_seqscan = off` for the function's statements): a
 * worker's session planned it while the table was small and then scanned the
 * whole outbox for every notice (about 100 pages a call after a few thousand
 * bookings, until an ANALYZE replanned it). The verdicts and the lock are as
 * before (NoticeClaimFunction1796000915000).
 */
export class NoticeClaimFastPath1796000925000 implements MigrationInterface {
  name = 'NoticeClaimFastPath1796000925000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE OR REPLACE FUNCTION "hms_claim_notice"(
  p_kind varchar, p_key varchar, p_appointment text, p_sequence integer, p_lease_secs double precision
) RETURNS text LANGUAGE plpgsql SET enable_seqscan = off AS $$
DECLARE
  verdict text;
  current_sequence integer;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('appointment-notice:' || p_appointment));
  SELECT a.sequence INTO current_sequence FROM appointments a WHERE a.id = p_appointment::uuid;
  IF current_sequence IS DISTINCT FROM p_sequence OR p_sequence > 0 THEN
    SELECT CASE
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
    END IF;
  END IF;
  INSERT INTO notification_log (key, kind) VALUES (p_key, p_kind)
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
  RETURN coalesce(verdict, 'in-flight');
END $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // CREATE OR REPLACE also drops the SET clause the earlier definition does not state.
    await queryRunner.query(NOTICE_CLAIM_FUNCTION);
  }
}
