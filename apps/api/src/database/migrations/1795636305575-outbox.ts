import { MigrationInterface, QueryRunner } from 'typeorm';

export class Outbox1795636305575 implements MigrationInterface {
  name = 'Outbox1795636305575';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "outbox_messages" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" character varying(64) NOT NULL, "aggregate_id" uuid NOT NULL, "payload" jsonb NOT NULL DEFAULT \'{}\', "dedupe_key" character varying(200) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "dispatched_at" TIMESTAMP WITH TIME ZONE, "attempts" integer NOT NULL DEFAULT \'0\', "last_error" text, CONSTRAINT "PK_0171348f527c64b137e4d4f5b66" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "UQ_outbox_messages_dedupe" ON "outbox_messages"  ("dedupe_key") ');
    await queryRunner.query(
      'CREATE INDEX "IDX_outbox_messages_pending" ON "outbox_messages"  ("created_at") WHERE "dispatched_at" IS NULL',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."IDX_outbox_messages_pending"');
    await queryRunner.query('DROP INDEX "public"."UQ_outbox_messages_dedupe"');
    await queryRunner.query('DROP TABLE "outbox_messages"');
  }
}
