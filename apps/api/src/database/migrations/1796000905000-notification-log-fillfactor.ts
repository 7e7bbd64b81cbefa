import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each notification log row is written twice: claimed ('sending'), then
 * marked 'sent'. With room left on each page the mark is a heap-only update
 * (no new primary-key entry), which halves the work of marking a reminder run.
 */
export class NotificationLogFillfactor1796000905000 implements MigrationInterface {
  name = 'NotificationLogFillfactor1796000905000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "notification_log" SET (fillfactor = 50)');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "notification_log" RESET (fillfactor)');
  }
}
