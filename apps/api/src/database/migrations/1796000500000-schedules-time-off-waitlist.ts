import { MigrationInterface, QueryRunner } from 'typeorm';

export class SchedulesTimeOffWaitlist1796000500000 implements MigrationInterface {
  name = 'SchedulesTimeOffWaitlist1796000500000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "doctor_schedules" ("doctor_id" uuid NOT NULL, "weekly" jsonb NOT NULL DEFAULT \'[]\', "slot_minutes" integer NOT NULL DEFAULT \'30\', "buffer_minutes" integer NOT NULL DEFAULT \'0\', "min_notice_minutes" integer NOT NULL DEFAULT \'0\', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_doctor_schedules_notice" CHECK ("min_notice_minutes" BETWEEN 0 AND 20160), CONSTRAINT "CHK_doctor_schedules_buffer" CHECK ("buffer_minutes" BETWEEN 0 AND 120), CONSTRAINT "CHK_doctor_schedules_slot" CHECK ("slot_minutes" BETWEEN 5 AND 240), CONSTRAINT "PK_doctor_schedules" PRIMARY KEY ("doctor_id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "time_off" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "doctor_id" uuid NOT NULL, "date" date NOT NULL, "start_time" character varying(5), "end_time" character varying(5), "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "reason" character varying(500) NOT NULL DEFAULT \'\', CONSTRAINT "CHK_time_off_order" CHECK ("ends_at" > "starts_at"), CONSTRAINT "EXC_time_off_overlap" EXCLUDE USING gist ("doctor_id" WITH =, tstzrange("starts_at", "ends_at") WITH &&), CONSTRAINT "PK_e80a790cc96026d0f557a78f83d" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_time_off_doctor_date" ON "time_off"  ("doctor_id", "date") ');
    await queryRunner.query(
      'CREATE TABLE "waitlist_entries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "patient_id" uuid NOT NULL, "doctor_id" uuid NOT NULL, "from_date" date NOT NULL, "to_date" date NOT NULL, "status" character varying(16) NOT NULL DEFAULT \'waiting\', CONSTRAINT "CHK_waitlist_entries_range" CHECK ("to_date" >= "from_date"), CONSTRAINT "CHK_waitlist_entries_status" CHECK ("status" IN (\'waiting\', \'offered\', \'booked\', \'expired\', \'cancelled\')), CONSTRAINT "PK_bd0ef66fff81d3be7b7a1568a4d" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "UQ_waitlist_entries_active" ON "waitlist_entries"  ("patient_id", "doctor_id") WHERE "status" IN (\'waiting\', \'offered\')',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_waitlist_entries_doctor_status" ON "waitlist_entries"  ("doctor_id", "status", "created_at") ',
    );
    await queryRunner.query(
      'CREATE TABLE "waitlist_offers" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "entry_id" uuid NOT NULL, "patient_id" uuid NOT NULL, "doctor_id" uuid NOT NULL, "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "status" character varying(16) NOT NULL DEFAULT \'open\', "appointment_id" uuid, "resolved_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "CHK_waitlist_offers_order" CHECK ("ends_at" > "starts_at"), CONSTRAINT "CHK_waitlist_offers_status" CHECK ("status" IN (\'open\', \'accepted\', \'declined\', \'expired\', \'withdrawn\')), CONSTRAINT "EXC_waitlist_offers_slot" EXCLUDE USING gist ("doctor_id" WITH =, tstzrange("starts_at", "ends_at") WITH &&) WHERE ("status" = \'open\'), CONSTRAINT "PK_3d58236088bccae962fc10e058e" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_waitlist_offers_patient" ON "waitlist_offers"  ("patient_id", "status") ',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_waitlist_offers_status_expires" ON "waitlist_offers"  ("status", "expires_at") ',
    );
    await queryRunner.query('ALTER TABLE "appointments" ADD "checked_in_at" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query('ALTER TABLE "appointments" ADD "no_show_at" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query(
      'ALTER TABLE "doctor_schedules" ADD CONSTRAINT "FK_doctor_schedules_doctor" FOREIGN KEY ("doctor_id") REFERENCES "doctors"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "time_off" ADD CONSTRAINT "FK_time_off_doctor" FOREIGN KEY ("doctor_id") REFERENCES "doctors"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "waitlist_entries" ADD CONSTRAINT "FK_waitlist_entries_patient" FOREIGN KEY ("patient_id") REFERENCES "patients"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "waitlist_entries" ADD CONSTRAINT "FK_waitlist_entries_doctor" FOREIGN KEY ("doctor_id") REFERENCES "doctors"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "waitlist_offers" ADD CONSTRAINT "FK_waitlist_offers_entry" FOREIGN KEY ("entry_id") REFERENCES "waitlist_entries"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "waitlist_offers" ADD CONSTRAINT "FK_waitlist_offers_patient" FOREIGN KEY ("patient_id") REFERENCES "patients"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "waitlist_offers" ADD CONSTRAINT "FK_waitlist_offers_doctor" FOREIGN KEY ("doctor_id") REFERENCES "doctors"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    // Visit lifecycle: checked in and no-show; a checked-in visit occupies its slot like a booked one.
    await queryRunner.query('ALTER TABLE "appointments" DROP CONSTRAINT "CHK_appointments_status"');
    await queryRunner.query(
      `ALTER TABLE "appointments" ADD CONSTRAINT "CHK_appointments_status" CHECK ("status" IN ('booked', 'checked_in', 'completed', 'cancelled', 'no_show'))`,
    );
    for (const [name, column] of [
      ['EXC_appointments_doctor_overlap', 'doctor_id'],
      ['EXC_appointments_patient_overlap', 'patient_id'],
    ]) {
      await queryRunner.query(`ALTER TABLE "appointments" DROP CONSTRAINT "${name}"`);
      await queryRunner.query(
        `ALTER TABLE "appointments" ADD CONSTRAINT "${name}" EXCLUDE USING gist ("${column}" WITH =, tstzrange("starts_at", "ends_at") WITH &&) WHERE ("status" IN ('booked'::character varying, 'checked_in'::character varying))`,
      );
    }
    // A held offer occupies its slot: no appointment of another patient over an open offer, and
    // no open offer over an appointment. Both sides lock the doctor's row first (as every booking
    // does), so two transactions racing for one slot are serialised and the second sees the first.
    await queryRunner.query(`CREATE FUNCTION "hms_appointment_respects_offers"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status IN ('booked', 'checked_in') AND NEW.ends_at > NEW.starts_at AND (TG_OP = 'INSERT'
      OR NEW.starts_at <> OLD.starts_at OR NEW.ends_at <> OLD.ends_at OR NEW.doctor_id <> OLD.doctor_id
      OR OLD.status NOT IN ('booked', 'checked_in')) THEN
    PERFORM 1 FROM doctors WHERE id = NEW.doctor_id FOR NO KEY UPDATE;
    IF EXISTS (SELECT 1 FROM waitlist_offers o
                WHERE o.doctor_id = NEW.doctor_id AND o.status = 'open' AND o.patient_id <> NEW.patient_id
                  AND tstzrange(o.starts_at, o.ends_at) && tstzrange(NEW.starts_at, NEW.ends_at)) THEN
      RAISE EXCEPTION 'the slot is held for a waitlist offer'
        USING ERRCODE = 'exclusion_violation', CONSTRAINT = 'EXC_appointments_doctor_overlap';
    END IF;
  END IF;
  RETURN NEW;
END $$`);
    await queryRunner.query(
      `CREATE TRIGGER "TRG_appointments_respect_offers" BEFORE INSERT OR UPDATE ON "appointments" FOR EACH ROW EXECUTE FUNCTION "hms_appointment_respects_offers"()`,
    );
    await queryRunner.query(`CREATE FUNCTION "hms_offer_respects_appointments"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status = 'open' AND NEW.ends_at > NEW.starts_at THEN
    PERFORM 1 FROM doctors WHERE id = NEW.doctor_id FOR NO KEY UPDATE;
    IF EXISTS (SELECT 1 FROM appointments a
                WHERE a.doctor_id = NEW.doctor_id AND a.status IN ('booked', 'checked_in')
                  AND tstzrange(a.starts_at, a.ends_at) && tstzrange(NEW.starts_at, NEW.ends_at)) THEN
      RAISE EXCEPTION 'the slot is booked'
        USING ERRCODE = 'exclusion_violation', CONSTRAINT = 'EXC_waitlist_offers_slot';
    END IF;
  END IF;
  RETURN NEW;
END $$`);
    await queryRunner.query(
      `CREATE TRIGGER "TRG_waitlist_offers_respect_appointments" BEFORE INSERT ON "waitlist_offers" FOR EACH ROW EXECUTE FUNCTION "hms_offer_respects_appointments"()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER "TRG_waitlist_offers_respect_appointments" ON "waitlist_offers"');
    await queryRunner.query('DROP FUNCTION "hms_offer_respects_appointments"()');
    await queryRunner.query('DROP TRIGGER "TRG_appointments_respect_offers" ON "appointments"');
    await queryRunner.query('DROP FUNCTION "hms_appointment_respects_offers"()');
    await queryRunner.query(`UPDATE "appointments" SET "status" = 'booked' WHERE "status" = 'checked_in'`);
    await queryRunner.query(`UPDATE "appointments" SET "status" = 'cancelled' WHERE "status" = 'no_show'`);
    for (const [name, column] of [
      ['EXC_appointments_doctor_overlap', 'doctor_id'],
      ['EXC_appointments_patient_overlap', 'patient_id'],
    ]) {
      await queryRunner.query(`ALTER TABLE "appointments" DROP CONSTRAINT "${name}"`);
      await queryRunner.query(
        `ALTER TABLE "appointments" ADD CONSTRAINT "${name}" EXCLUDE USING gist ("${column}" WITH =, tstzrange("starts_at", "ends_at") WITH &&) WHERE ("status" = 'booked')`,
      );
    }
    await queryRunner.query('ALTER TABLE "appointments" DROP CONSTRAINT "CHK_appointments_status"');
    await queryRunner.query(
      `ALTER TABLE "appointments" ADD CONSTRAINT "CHK_appointments_status" CHECK ("status" IN ('booked', 'completed', 'cancelled'))`,
    );
    await queryRunner.query('ALTER TABLE "waitlist_offers" DROP CONSTRAINT "FK_waitlist_offers_doctor"');
    await queryRunner.query('ALTER TABLE "waitlist_offers" DROP CONSTRAINT "FK_waitlist_offers_patient"');
    await queryRunner.query('ALTER TABLE "waitlist_offers" DROP CONSTRAINT "FK_waitlist_offers_entry"');
    await queryRunner.query('ALTER TABLE "waitlist_entries" DROP CONSTRAINT "FK_waitlist_entries_doctor"');
    await queryRunner.query('ALTER TABLE "waitlist_entries" DROP CONSTRAINT "FK_waitlist_entries_patient"');
    await queryRunner.query('ALTER TABLE "time_off" DROP CONSTRAINT "FK_time_off_doctor"');
    await queryRunner.query('ALTER TABLE "doctor_schedules" DROP CONSTRAINT "FK_doctor_schedules_doctor"');
    await queryRunner.query('ALTER TABLE "appointments" DROP COLUMN "no_show_at"');
    await queryRunner.query('ALTER TABLE "appointments" DROP COLUMN "checked_in_at"');
    await queryRunner.query('DROP INDEX "public"."IDX_waitlist_offers_status_expires"');
    await queryRunner.query('DROP INDEX "public"."IDX_waitlist_offers_patient"');
    await queryRunner.query('DROP TABLE "waitlist_offers"');
    await queryRunner.query('DROP INDEX "public"."IDX_waitlist_entries_doctor_status"');
    await queryRunner.query('DROP INDEX "public"."UQ_waitlist_entries_active"');
    await queryRunner.query('DROP TABLE "waitlist_entries"');
    await queryRunner.query('DROP INDEX "public"."IDX_time_off_doctor_date"');
    await queryRunner.query('DROP TABLE "time_off"');
    await queryRunner.query('DROP TABLE "doctor_schedules"');
  }
}
