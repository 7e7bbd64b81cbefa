import { MigrationInterface, QueryRunner } from 'typeorm';

/** The trigger as BookingStatement1796000900000 wrote it: one statement per re-check. */
const ONE_STATEMENT_PER_CHECK = `CREATE OR REPLACE FUNCTION "hms_appointment_respects_offers"() RETURNS trigger LANGUAGE plpgsql AS $$
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
END $$`;

/**
 * The booking statement's trigger re-checks in one statement: after the
 * doctor's and the patient's row locks (doctor first, each its own statement
 * so the re-check's snapshot is taken after both), one query answers the
 * first broken rule among the held offer, the doctor's standing, the
 * patient's account, time off and the booking cap, instead of five queries.
 * The cap counts at most `cap` rows, in start order so that the count reads the index below. The refusals, their order and their
 * error codes and constraint names are the same as before; other writes
 * (moves, bookings inside a unit of work) keep the offer check alone. The
 * booking cap's count (in the statement and in the trigger) reads a patient's
 * upcoming occupying rows from their own partial index, not the patient's
 * whole history.
 */
export class BookingTriggerOneRecheck1796000910000 implements MigrationInterface {
  name = 'BookingTriggerOneRecheck1796000910000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE OR REPLACE FUNCTION "hms_appointment_respects_offers"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  cap integer;
  broken text;
BEGIN
  IF NEW.status IN ('booked', 'checked_in') AND NEW.ends_at > NEW.starts_at AND (TG_OP = 'INSERT'
      OR NEW.starts_at <> OLD.starts_at OR NEW.ends_at <> OLD.ends_at OR NEW.doctor_id <> OLD.doctor_id
      OR OLD.status NOT IN ('booked', 'checked_in')) THEN
    PERFORM 1 FROM doctors WHERE id = NEW.doctor_id FOR NO KEY UPDATE;
    IF TG_OP = 'INSERT' AND current_setting('hms.booking_checks', true) = 'on' THEN
      PERFORM 1 FROM patients WHERE id = NEW.patient_id FOR NO KEY UPDATE;
      cap := nullif(current_setting('hms.booking_cap', true), '')::integer;
      SELECT CASE
        WHEN EXISTS (SELECT 1 FROM waitlist_offers o
                      WHERE o.doctor_id = NEW.doctor_id AND o.status = 'open' AND o.patient_id <> NEW.patient_id
                        AND tstzrange(o.starts_at, o.ends_at) && tstzrange(NEW.starts_at, NEW.ends_at))
          THEN 'EXC_appointments_doctor_overlap'
        WHEN NOT EXISTS (SELECT 1 FROM doctors d JOIN users u ON u.id = d.user_id
                          WHERE d.id = NEW.doctor_id AND u.active AND d.removed_at IS NULL)
          THEN 'CHK_booking_doctor_active'
        WHEN NOT EXISTS (SELECT 1 FROM patients p JOIN users u ON u.id = p.user_id
                          WHERE p.id = NEW.patient_id AND u.active)
          THEN 'CHK_booking_patient_active'
        WHEN EXISTS (SELECT 1 FROM time_off t
                      WHERE t.doctor_id = NEW.doctor_id
                        AND tstzrange(t.starts_at, t.ends_at) && tstzrange(NEW.starts_at, NEW.ends_at))
          THEN 'CHK_booking_time_off'
        WHEN cap IS NOT NULL AND (SELECT count(*) FROM (SELECT 1 FROM appointments a
                                   WHERE a.patient_id = NEW.patient_id AND a.status IN ('booked', 'checked_in')
                                     AND a.starts_at > now() ORDER BY a.starts_at LIMIT cap) c) >= cap
          THEN 'CHK_booking_cap'
      END INTO broken;
      IF broken = 'EXC_appointments_doctor_overlap' THEN
        RAISE EXCEPTION 'the slot is held for a waitlist offer'
          USING ERRCODE = 'exclusion_violation', CONSTRAINT = broken;
      ELSIF broken IS NOT NULL THEN
        RAISE EXCEPTION '%', CASE broken
            WHEN 'CHK_booking_doctor_active' THEN 'the doctor is not taking appointments'
            WHEN 'CHK_booking_patient_active' THEN 'the patient may not book'
            WHEN 'CHK_booking_time_off' THEN 'the doctor is away at that time'
            ELSE 'the patient holds the most upcoming bookings allowed' END
          USING ERRCODE = 'check_violation', CONSTRAINT = broken;
      END IF;
    ELSIF EXISTS (SELECT 1 FROM waitlist_offers o
                   WHERE o.doctor_id = NEW.doctor_id AND o.status = 'open' AND o.patient_id <> NEW.patient_id
                     AND tstzrange(o.starts_at, o.ends_at) && tstzrange(NEW.starts_at, NEW.ends_at)) THEN
      RAISE EXCEPTION 'the slot is held for a waitlist offer'
        USING ERRCODE = 'exclusion_violation', CONSTRAINT = 'EXC_appointments_doctor_overlap';
    END IF;
  END IF;
  RETURN NEW;
END $$`);
    await queryRunner.query(
      `CREATE INDEX "IDX_appointments_patient_upcoming" ON "appointments" ("patient_id", "starts_at") WHERE "status" IN ('booked', 'checked_in')`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."IDX_appointments_patient_upcoming"');
    await queryRunner.query(ONE_STATEMENT_PER_CHECK);
  }
}
