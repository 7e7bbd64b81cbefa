import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The mail job that carried each relayed outbox message: appointment notices
 * now travel together, one job per relayed batch, so the message's own key no
 * longer names its job.
 */
export class OutboxJobId1796000920000 implements MigrationInterface {
  name = 'OutboxJobId1796000920000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "outbox_messages" ADD "job_id" character varying(240)');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "outbox_messages" DROP COLUMN "job_id"');
  }
}
