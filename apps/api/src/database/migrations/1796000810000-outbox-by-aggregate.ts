import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outbox messages by aggregate (the mail sender finds an appointment's other
 * notices to keep them in order), and who may have cancelled an appointment.
 */
export class OutboxByAggregate1796000810000 implements MigrationInterface {
  name = 'OutboxByAggregate1796000810000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE INDEX "IDX_outbox_messages_aggregate" ON "outbox_messages" ("aggregate_id") ');
    await queryRunner.query(
      `ALTER TABLE "appointments" ADD CONSTRAINT "CHK_appointments_cancelled_by" CHECK ("cancelled_by" IN ('patient', 'doctor', 'admin', 'desk', 'system'))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "appointments" DROP CONSTRAINT "CHK_appointments_cancelled_by"');
    await queryRunner.query('DROP INDEX "public"."IDX_outbox_messages_aggregate"');
  }
}
