import { MigrationInterface, QueryRunner } from 'typeorm';
import {
  NOTICE_CLAIM_FUNCTION,
  NOTICE_CLAIM_SIGNATURE,
  NOTICE_KEY_CLAIM,
  NOTICE_WEIGHING,
} from './1796000915000-notice-claim-function';

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
    await queryRunner.query(`${NOTICE_CLAIM_SIGNATURE} SET enable_seqscan = off AS $$
DECLARE
  verdict text;
  current_sequence integer;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('appointment-notice:' || p_appointment));
  SELECT a.sequence INTO current_sequence FROM appointments a WHERE a.id = p_appointment::uuid;
  IF current_sequence IS DISTINCT FROM p_sequence OR p_sequence > 0 THEN
    ${NOTICE_WEIGHING}
  END IF;
  ${NOTICE_KEY_CLAIM}
END $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // CREATE OR REPLACE also drops the SET clause the earlier definition does not state.
    await queryRunner.query(NOTICE_CLAIM_FUNCTION);
  }
}
