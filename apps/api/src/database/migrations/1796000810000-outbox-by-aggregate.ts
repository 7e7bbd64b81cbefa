import { MigrationInterface, QueryRunner } from 'typeorm';

/** Outbox messages by aggregate: the mail sender finds an appointment's other notices to keep them in order. */
export class OutboxByAggregate1796000810000 implements MigrationInterface {
  name = 'OutboxByAggregate1796000810000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE INDEX "IDX_outbox_messages_aggregate" ON "outbox_messages" ("aggregate_id") ');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."IDX_outbox_messages_aggregate"');
  }
}
