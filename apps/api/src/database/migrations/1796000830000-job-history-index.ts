import { MigrationInterface, QueryRunner } from 'typeorm';

/** The admin's job history reads the newest runs of one kind first. */
export class JobHistoryIndex1796000830000 implements MigrationInterface {
  name = 'JobHistoryIndex1796000830000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE INDEX "IDX_jobs_kind_created" ON "jobs" ("kind", "created_at") ');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."IDX_jobs_kind_created"');
  }
}
