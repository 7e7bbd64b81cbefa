import { MigrationInterface, QueryRunner } from 'typeorm';

/** The checks of the trigger before this migration: the doctor's row lock and the held offers. */
const OFFERS_ONLY = `CREATE OR REPLACE FUNCTION "hms_appointment_respects_offers"() RETURNS trigger LANGUAGE plpgsql AS $$
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
END $$`;

/**
 * Booking as one statement (see BookingStatement). The statement checks the
 * rules on its snapshot without locks; the row's BEFORE INSERT trigger then
 * takes the doctor's row and the patient's row (doctor first, the one lock
 * order) and, when the statement asks for it (`hms.booking_checks`), re-checks
 * with a fresh snapshot what a concurrent transaction can change: the doctor
 * deactivated, the patient's account closed, time off added, the booking cap
 * (`hms.booking_cap`) reached by the patient's own concurrent bookings. The
 * locks are taken before the row enters the exclusion constraints' indexes,
 * so two inserts never wait on each other there (no deadlock); the
 * constraints still decide overlaps. Outbox messages gain a lease, so the
 * relay claims a batch in one statement and enqueues it outside any
 * transaction.
 */
export class BookingStatement1796000900000 implements MigrationInterface {
  name = 'BookingStatement1796000900000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE OR REPLACE FUNCTION "hms_appointment_respects_offers"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  cap integer;
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
    IF TG_OP = 'INSERT' AND current_setting('hms.booking_checks', true) = 'on' THEN
      PERFORM 1 FROM patients WHERE id = NEW.patient_id FOR NO KEY UPDATE;
      IF NOT EXISTS (SELECT 1 FROM doctors d JOIN users u ON u.id = d.user_id
                      WHERE d.id = NEW.doctor_id AND u.active AND d.removed_at IS NULL) THEN
        RAISE EXCEPTION 'the doctor is not taking appointments'
          USING ERRCODE = 'check_violation', CONSTRAINT = 'CHK_booking_doctor_active';
      END IF;
      IF NOT EXISTS (SELECT 1 FROM patients p JOIN users u ON u.id = p.user_id
                      WHERE p.id = NEW.patient_id AND u.active) THEN
        RAISE EXCEPTION 'the patient may not book'
          USING ERRCODE = 'check_violation', CONSTRAINT = 'CHK_booking_patient_active';
      END IF;
      IF EXISTS (SELECT 1 FROM time_off t
                  WHERE t.doctor_id = NEW.doctor_id
                    AND tstzrange(t.starts_at, t.ends_at) && tstzrange(NEW.starts_at, NEW.ends_at)) THEN
        RAISE EXCEPTION 'the doctor is away at that time'
          USING ERRCODE = 'check_violation', CONSTRAINT = 'CHK_booking_time_off';
      END IF;
      cap := nullif(current_setting('hms.booking_cap', true), '')::integer;
      IF cap IS NOT NULL AND (SELECT count(*) FROM appointments a
                               WHERE a.patient_id = NEW.patient_id AND a.status IN ('booked', 'checked_in')
                                 AND a.starts_at > now()) >= cap THEN
        RAISE EXCEPTION 'the patient holds the most upcoming bookings allowed'
          USING ERRCODE = 'check_violation', CONSTRAINT = 'CHK_booking_cap';
      END IF;
    END IF;
  END IF;
  RETURN NEW;
END $$`);
    await queryRunner.query('ALTER TABLE "outbox_messages" ADD "claimed_until" TIMESTAMP WITH TIME ZONE');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "outbox_messages" DROP COLUMN "claimed_until"');
    await queryRunner.query(OFFERS_ONLY);
  }
}
