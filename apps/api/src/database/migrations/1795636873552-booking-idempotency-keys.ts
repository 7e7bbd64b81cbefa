import { MigrationInterface, QueryRunner } from 'typeorm';

export class BookingIdempotencyKeys1795636873552 implements MigrationInterface {
  name = 'BookingIdempotencyKeys1795636873552';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "booking_idempotency_keys" ("patient_id" uuid NOT NULL, "key" character varying(200) NOT NULL, "request_hash" character varying(64) NOT NULL, "status_code" integer NOT NULL, "response_body" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_booking_idempotency_keys" PRIMARY KEY ("patient_id", "key"))',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "booking_idempotency_keys"');
  }
}
