import { MigrationInterface, QueryRunner } from 'typeorm';

export class JobsAndNotificationLog1795636603506 implements MigrationInterface {
  name = 'JobsAndNotificationLog1795636603506';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "jobs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "key" character varying(200), "kind" character varying(32) NOT NULL, "status" character varying(16) NOT NULL DEFAULT \'queued\', "requested_by" uuid, "params" jsonb NOT NULL DEFAULT \'{}\', "progress" integer NOT NULL DEFAULT \'0\', "result" jsonb, "error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "started_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, "expires_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "CHK_jobs_status" CHECK ("status" IN (\'queued\', \'running\', \'completed\', \'failed\')), CONSTRAINT "PK_cf0a6c42b72fcc7f7c237def345" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "UQ_jobs_key" ON "jobs"  ("key") ');
    await queryRunner.query('CREATE INDEX "IDX_jobs_requested_by" ON "jobs"  ("requested_by") ');
    await queryRunner.query('CREATE INDEX "IDX_jobs_expires" ON "jobs"  ("expires_at") WHERE "expires_at" IS NOT NULL');
    await queryRunner.query(
      'CREATE TABLE "notification_log" ("key" character varying(200) NOT NULL, "kind" character varying(32) NOT NULL, "state" character varying(16) NOT NULL DEFAULT \'sending\', "attempts" integer NOT NULL DEFAULT \'1\', "claimed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "sent_at" TIMESTAMP WITH TIME ZONE, "last_error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_notification_log_state" CHECK ("state" IN (\'sending\', \'sent\', \'failed\')), CONSTRAINT "PK_97314e845205fdf160297801a08" PRIMARY KEY ("key"))',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "notification_log"');
    await queryRunner.query('DROP INDEX "public"."IDX_jobs_expires"');
    await queryRunner.query('DROP INDEX "public"."IDX_jobs_requested_by"');
    await queryRunner.query('DROP INDEX "public"."UQ_jobs_key"');
    await queryRunner.query('DROP TABLE "jobs"');
  }
}
