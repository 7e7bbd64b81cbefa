import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1795635088082 implements MigrationInterface {
  name = 'InitialSchema1795635088082';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Exclusion constraints over (uuid, range) need btree_gist; search indexes use trigrams.
    await queryRunner.query('CREATE EXTENSION IF NOT EXISTS btree_gist');
    await queryRunner.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    await queryRunner.query(
      'CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "email" character varying(254) NOT NULL, "password_hash" character varying(255) NOT NULL, "role" character varying(16) NOT NULL, "active" boolean NOT NULL DEFAULT true, "last_login_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "CHK_users_role" CHECK ("role" IN (\'admin\', \'doctor\', \'patient\')), CONSTRAINT "CHK_users_email_lower" CHECK ("email" = lower("email")), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "UQ_users_email" ON "users"  ("email") ');
    await queryRunner.query(
      'CREATE TABLE "refresh_tokens" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "family_id" uuid NOT NULL, "token_hash" character varying(64) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, "replaced_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7d8bee0204106019488c4c50ffa" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_refresh_tokens_user" ON "refresh_tokens"  ("user_id") ');
    await queryRunner.query('CREATE INDEX "IDX_refresh_tokens_family" ON "refresh_tokens"  ("family_id") ');
    await queryRunner.query('CREATE UNIQUE INDEX "UQ_refresh_tokens_hash" ON "refresh_tokens"  ("token_hash") ');
    await queryRunner.query(
      'CREATE TABLE "specializations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "name" character varying(100) NOT NULL, "description" text NOT NULL DEFAULT \'\', CONSTRAINT "PK_1d4b2b9ff96a76def0bf7195a8f" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "doctors" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "user_id" uuid NOT NULL, "full_name" character varying(120) NOT NULL, "specialization_id" uuid NOT NULL, "qualification" character varying(200) NOT NULL DEFAULT \'\', "experience_years" integer NOT NULL DEFAULT \'0\', "removed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "REL_653c27d1b10652eb0c7bbbc442" UNIQUE ("user_id"), CONSTRAINT "CHK_doctors_experience" CHECK ("experience_years" >= 0 AND "experience_years" <= 80), CONSTRAINT "PK_8207e7889b50ee3695c2b8154ff" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_doctors_specialization" ON "doctors"  ("specialization_id") ');
    await queryRunner.query(
      'CREATE TABLE "patients" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "user_id" uuid NOT NULL, "full_name" character varying(120) NOT NULL, "date_of_birth" date, "phone" character varying(32), CONSTRAINT "REL_7fe1518dc780fd777669b5cb7a" UNIQUE ("user_id"), CONSTRAINT "PK_a7f0b9fcbb3469d5ec0b0aceaa7" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "appointments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "doctor_id" uuid NOT NULL, "patient_id" uuid NOT NULL, "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "status" character varying(16) NOT NULL DEFAULT \'booked\', "reason" character varying(500) NOT NULL DEFAULT \'\', "sequence" integer NOT NULL DEFAULT \'0\', "cancelled_at" TIMESTAMP WITH TIME ZONE, "cancelled_by" character varying(16), "cancellation_reason" character varying(500), "completed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "CHK_appointments_status" CHECK ("status" IN (\'booked\', \'completed\', \'cancelled\')), CONSTRAINT "CHK_appointments_order" CHECK ("ends_at" > "starts_at"), CONSTRAINT "EXC_appointments_patient_overlap" EXCLUDE USING gist ("patient_id" WITH =, tstzrange("starts_at", "ends_at") WITH &&) WHERE ("status" = \'booked\'), CONSTRAINT "EXC_appointments_doctor_overlap" EXCLUDE USING gist ("doctor_id" WITH =, tstzrange("starts_at", "ends_at") WITH &&) WHERE ("status" = \'booked\'), CONSTRAINT "PK_4a437a9a27e948726b8bb3e36ad" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_appointments_starts_status" ON "appointments"  ("starts_at", "status") ',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_appointments_patient_starts" ON "appointments"  ("patient_id", "starts_at") ',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_appointments_doctor_starts" ON "appointments"  ("doctor_id", "starts_at") ',
    );
    await queryRunner.query(
      'CREATE TABLE "treatments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "appointment_id" uuid NOT NULL, "diagnosis" text NOT NULL, "prescription" text NOT NULL DEFAULT \'\', "notes" text NOT NULL DEFAULT \'\', CONSTRAINT "REL_bfe86370568603311e05356acf" UNIQUE ("appointment_id"), CONSTRAINT "PK_133f26d52c70b9fa3c2dbb3c89e" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "availability_windows" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "doctor_id" uuid NOT NULL, "date" date NOT NULL, "start_time" character varying(5) NOT NULL, "end_time" character varying(5) NOT NULL, "slot_minutes" integer NOT NULL, "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "CHK_availability_windows_slot" CHECK ("slot_minutes" BETWEEN 5 AND 240), CONSTRAINT "CHK_availability_windows_order" CHECK ("ends_at" > "starts_at"), CONSTRAINT "EXC_availability_windows_overlap" EXCLUDE USING gist ("doctor_id" WITH =, tstzrange("starts_at", "ends_at") WITH &&), CONSTRAINT "PK_2b90591d83bf13eb2a2667d49ed" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_availability_windows_doctor_date" ON "availability_windows"  ("doctor_id", "date") ',
    );
    await queryRunner.query(
      'ALTER TABLE "refresh_tokens" ADD CONSTRAINT "FK_refresh_tokens_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "doctors" ADD CONSTRAINT "FK_doctors_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "doctors" ADD CONSTRAINT "FK_doctors_specialization" FOREIGN KEY ("specialization_id") REFERENCES "specializations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "patients" ADD CONSTRAINT "FK_patients_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "appointments" ADD CONSTRAINT "FK_appointments_doctor" FOREIGN KEY ("doctor_id") REFERENCES "doctors"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "appointments" ADD CONSTRAINT "FK_appointments_patient" FOREIGN KEY ("patient_id") REFERENCES "patients"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "treatments" ADD CONSTRAINT "FK_treatments_appointment" FOREIGN KEY ("appointment_id") REFERENCES "appointments"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "availability_windows" ADD CONSTRAINT "FK_availability_windows_doctor" FOREIGN KEY ("doctor_id") REFERENCES "doctors"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    // Expression indexes (TypeORM does not model them). Queries must use the same expressions:
    // department names are unique case-insensitively; search matches lower(name), lower(email)
    // and coalesce(phone, '') with LIKE '%term%'.
    await queryRunner.query('CREATE UNIQUE INDEX "UQ_specializations_name_lower" ON "specializations" (lower("name"))');
    await queryRunner.query('CREATE INDEX "IDX_users_email_trgm" ON "users" USING gin (lower("email") gin_trgm_ops)');
    await queryRunner.query(
      'CREATE INDEX "IDX_doctors_full_name_trgm" ON "doctors" USING gin (lower("full_name") gin_trgm_ops)',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_patients_full_name_trgm" ON "patients" USING gin (lower("full_name") gin_trgm_ops)',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_patients_phone_trgm" ON "patients" USING gin (coalesce("phone", \'\') gin_trgm_ops)',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "IDX_patients_phone_trgm"');
    await queryRunner.query('DROP INDEX "IDX_patients_full_name_trgm"');
    await queryRunner.query('DROP INDEX "IDX_doctors_full_name_trgm"');
    await queryRunner.query('DROP INDEX "IDX_users_email_trgm"');
    await queryRunner.query('DROP INDEX "UQ_specializations_name_lower"');
    await queryRunner.query('ALTER TABLE "availability_windows" DROP CONSTRAINT "FK_availability_windows_doctor"');
    await queryRunner.query('ALTER TABLE "treatments" DROP CONSTRAINT "FK_treatments_appointment"');
    await queryRunner.query('ALTER TABLE "appointments" DROP CONSTRAINT "FK_appointments_patient"');
    await queryRunner.query('ALTER TABLE "appointments" DROP CONSTRAINT "FK_appointments_doctor"');
    await queryRunner.query('ALTER TABLE "patients" DROP CONSTRAINT "FK_patients_user"');
    await queryRunner.query('ALTER TABLE "doctors" DROP CONSTRAINT "FK_doctors_specialization"');
    await queryRunner.query('ALTER TABLE "doctors" DROP CONSTRAINT "FK_doctors_user"');
    await queryRunner.query('ALTER TABLE "refresh_tokens" DROP CONSTRAINT "FK_refresh_tokens_user"');
    await queryRunner.query('DROP INDEX "public"."IDX_availability_windows_doctor_date"');
    await queryRunner.query('DROP TABLE "availability_windows"');
    await queryRunner.query('DROP TABLE "treatments"');
    await queryRunner.query('DROP INDEX "public"."IDX_appointments_doctor_starts"');
    await queryRunner.query('DROP INDEX "public"."IDX_appointments_patient_starts"');
    await queryRunner.query('DROP INDEX "public"."IDX_appointments_starts_status"');
    await queryRunner.query('DROP TABLE "appointments"');
    await queryRunner.query('DROP TABLE "patients"');
    await queryRunner.query('DROP INDEX "public"."IDX_doctors_specialization"');
    await queryRunner.query('DROP TABLE "doctors"');
    await queryRunner.query('DROP TABLE "specializations"');
    await queryRunner.query('DROP INDEX "public"."UQ_refresh_tokens_hash"');
    await queryRunner.query('DROP INDEX "public"."IDX_refresh_tokens_family"');
    await queryRunner.query('DROP INDEX "public"."IDX_refresh_tokens_user"');
    await queryRunner.query('DROP TABLE "refresh_tokens"');
    await queryRunner.query('DROP INDEX "public"."UQ_users_email"');
    await queryRunner.query('DROP TABLE "users"');
  }
}
