// Set-based seeding of a large clinic straight into PostgreSQL (generate_series,
// one precomputed argon2 hash for every account). Runs after the app has
// migrated the schema. Clinic time zone: UTC.
import argon2 from 'argon2';

export const BENCH_PASSWORD = 'bench-password-1';
/** The app's own argon2id profile (apps/api/src/auth/password.service.ts). */
const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

const SPECIALIZATIONS = [
  'Cardiology',
  'Dermatology',
  'Endocrinology',
  'Gastroenterology',
  'General Practice',
  'Neurology',
  'Obstetrics and Gynecology',
  'Oncology',
  'Ophthalmology',
  'Orthopedics',
  'Pediatrics',
  'Psychiatry',
];
const FIRST = ['Anna', 'Ben', 'Chloe', 'David', 'Elena', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jonas', 'Kira', 'Liam'];
const LAST = ['Adler', 'Brown', 'Costa', 'Dubois', 'Eriksen', 'Fischer', 'Garcia', 'Hughes', 'Ivanova', 'Jensen'];
const DIAGNOSES = [
  'Hypertension',
  'Type 2 diabetes',
  'Migraine',
  'Eczema',
  'Asthma',
  'Back pain',
  'Influenza',
  'Anemia',
];

/** Seeded time slots: 08:00-16:00, 30 minutes, 16 a day. Future booked appointments take slots 0,3,6,9,12. */
export const DAY_START_HOUR = 8;
export const SLOT_MINUTES = 30;
export const SLOTS_PER_DAY = 16;
export const TAKEN_SLOTS = [0, 3, 6, 9, 12];
export const FREE_SLOTS = [...Array(SLOTS_PER_DAY).keys()].filter((s) => !TAKEN_SLOTS.includes(s));
/** Days (from today) with future booked appointments and bookable free slots. */
export const BOOKING_DAYS = [1, 2, 3, 4, 5, 6];

/**
 * Sizes of the clinic; `scale` shrinks everything for smoke runs. Patients
 * 0..bookingPatients-1 have no seeded appointments: the booking scenario uses them.
 */
export function clinicSize(scale = 1) {
  const doctors = Math.max(10, Math.round(200 * scale));
  return {
    specializations: SPECIALIZATIONS.length,
    doctors,
    patients: Math.max(doctors + 200, Math.round(5_000 * scale)),
    // One per doctor at full scale: 66 free times x 200 patients = 13,200 fresh bookings per round.
    bookingPatients: Math.max(16, Math.round(200 * Math.min(1, scale * 2))),
    futureBookedPerDoctor: BOOKING_DAYS.length * TAKEN_SLOTS.length, // 30
    completedPerDoctor: 180,
    cancelledPerDoctor: 40,
    reminderAppointments: Math.round(100_000 * scale),
    exportRows: Math.round(100_000 * scale),
  };
}

async function timed(client, label, sql, params, log) {
  const started = Date.now();
  const res = await client.query(sql, params);
  log(`  ${label}: ${res.rowCount ?? 0} rows in ${Date.now() - started} ms`);
  return res;
}

/** Doctors, patients, a week of availability, 50k appointments (scale 1) and 36k treatments. */
export async function seedClinic(client, size, log = console.log) {
  const hash = await argon2.hash(BENCH_PASSWORD, ARGON2_OPTIONS);
  await client.query(`SET TIME ZONE 'UTC'`);
  await client.query('BEGIN');
  await timed(
    client,
    'specializations',
    `INSERT INTO specializations (name, description)
     SELECT name, 'Department of ' || name FROM unnest($1::text[]) AS name`,
    [SPECIALIZATIONS],
    log,
  );
  await client.query(`CREATE TEMP TABLE bench_spec AS
    SELECT (row_number() OVER (ORDER BY name)) - 1 AS i, id FROM specializations`);
  await client.query(
    `CREATE TEMP TABLE bench_doc AS
     SELECT i, gen_random_uuid() AS id, gen_random_uuid() AS user_id FROM generate_series(0, $1::int - 1) AS i`,
    [size.doctors],
  );
  await client.query(
    `CREATE TEMP TABLE bench_pat AS
     SELECT i, gen_random_uuid() AS id, gen_random_uuid() AS user_id FROM generate_series(0, $1::int - 1) AS i`,
    [size.patients],
  );
  await timed(
    client,
    'users',
    `INSERT INTO users (id, email, password_hash, role)
     SELECT user_id, 'doctor' || i || '@bench.test', $1, 'doctor' FROM bench_doc
     UNION ALL
     SELECT user_id, 'patient' || i || '@bench.test', $1, 'patient' FROM bench_pat`,
    [hash],
    log,
  );
  await timed(
    client,
    'doctors',
    `INSERT INTO doctors (id, user_id, full_name, specialization_id, qualification, experience_years)
     SELECT d.id, d.user_id,
            'Dr. ' || ($1::text[])[1 + d.i % array_length($1::text[], 1)] || ' '
                   || ($2::text[])[1 + (d.i / 7) % array_length($2::text[], 1)] || ' ' || d.i,
            s.id, 'MD, board certified', d.i % 40
     FROM bench_doc d JOIN bench_spec s ON s.i = d.i % $3::int`,
    [FIRST, LAST, SPECIALIZATIONS.length],
    log,
  );
  await timed(
    client,
    'patients',
    `INSERT INTO patients (id, user_id, full_name, date_of_birth, phone)
     SELECT id, user_id,
            ($1::text[])[1 + (i * 5) % array_length($1::text[], 1)] || ' '
              || ($2::text[])[1 + (i * 3) % array_length($2::text[], 1)] || ' ' || i,
            DATE '1940-01-01' + (i * 37) % 25000, '+1555' || lpad(i::text, 7, '0')
     FROM bench_pat`,
    [FIRST, LAST],
    log,
  );
  await timed(
    client,
    'availability windows',
    `INSERT INTO availability_windows (doctor_id, date, start_time, end_time, slot_minutes, starts_at, ends_at)
     SELECT d.id, current_date + k, lpad($1::int::text, 2, '0') || ':00',
            lpad(($1::int + $2::int * $3::int / 60)::text, 2, '0') || ':00', $2::int,
            (current_date + k)::timestamptz + make_interval(hours => $1::int),
            (current_date + k)::timestamptz + make_interval(hours => $1::int, mins => $2::int * $3::int)
     FROM bench_doc d CROSS JOIN generate_series(0, 6) AS k`,
    [DAY_START_HOUR, SLOT_MINUTES, SLOTS_PER_DAY],
    log,
  );
  // Future booked: days 1..6, slots 0,3,6,9,12. At one instant every doctor has a different patient.
  const nonBooking = size.patients - size.bookingPatients;
  await timed(
    client,
    'future booked appointments',
    `INSERT INTO appointments (doctor_id, patient_id, starts_at, ends_at, status, reason)
     SELECT d.id, p.id, t.starts_at, t.starts_at + make_interval(mins => $4::int), 'booked', 'Follow-up visit'
     FROM bench_doc d
     CROSS JOIN LATERAL (
       SELECT j, (current_date + ($5::int[])[1 + j / $6::int])::timestamptz
                 + make_interval(hours => $3::int, mins => $4::int * ($7::int[])[1 + j % $6::int]) AS starts_at
       FROM generate_series(0, $8::int - 1) AS j) t
     JOIN bench_pat p ON p.i = $1::int + (d.i + $2::int * t.j) % $9::int`,
    [
      size.bookingPatients,
      size.doctors,
      DAY_START_HOUR,
      SLOT_MINUTES,
      BOOKING_DAYS,
      TAKEN_SLOTS.length,
      TAKEN_SLOTS,
      size.futureBookedPerDoctor,
      nonBooking,
    ],
    log,
  );
  await insertCompleted(client, size, 0, size.completedPerDoctor, log);
  await timed(
    client,
    'past cancelled appointments',
    `INSERT INTO appointments (doctor_id, patient_id, starts_at, ends_at, status, reason, sequence,
                               cancelled_at, cancelled_by, cancellation_reason)
     SELECT d.id, p.id, t.starts_at, t.starts_at + make_interval(mins => $3::int), 'cancelled', 'Check-up', 1,
            t.starts_at - interval '1 day', 'patient', 'Cannot make it'
     FROM bench_doc d
     CROSS JOIN LATERAL (
       SELECT j, (current_date - (1 + j))::timestamptz + make_interval(hours => $2::int + 2) AS starts_at
       FROM generate_series(0, $4::int - 1) AS j) t
     JOIN bench_pat p ON p.i = $1::int + (d.i * 11 + t.j * 13) % $5::int`,
    [size.bookingPatients, DAY_START_HOUR, SLOT_MINUTES, size.cancelledPerDoctor, nonBooking],
    log,
  );
  await client.query('COMMIT');
  await client.query('ANALYZE');
}

/**
 * Past completed appointments with a treatment each: `perDoctor` per doctor,
 * numbered from `from` (so later calls add more without colliding).
 */
export async function insertCompleted(client, size, from, perDoctor, log = console.log) {
  const nonBooking = size.patients - size.bookingPatients;
  await timed(
    client,
    'past completed appointments',
    `INSERT INTO appointments (doctor_id, patient_id, starts_at, ends_at, status, reason, completed_at)
     SELECT d.id, p.id, t.starts_at, t.starts_at + make_interval(mins => $3::int), 'completed', 'Consultation',
            t.starts_at + make_interval(mins => $3::int)
     FROM bench_doc d
     CROSS JOIN LATERAL (
       SELECT j, (current_date - (1 + j / 4))::timestamptz
                 + make_interval(hours => $2::int, mins => $3::int * 2 * (j % 4)) AS starts_at
       FROM generate_series($4::int, $4::int + $5::int - 1) AS j) t
     JOIN bench_pat p ON p.i = $1::int + (d.i * 7 + t.j * 3) % $6::int`,
    [size.bookingPatients, DAY_START_HOUR, SLOT_MINUTES, from, perDoctor, nonBooking],
    log,
  );
  await timed(
    client,
    'treatments',
    `INSERT INTO treatments (appointment_id, diagnosis, prescription, notes, created_at, updated_at)
     SELECT a.id, ($1::text[])[1 + abs(hashtext(a.id::text)) % array_length($1::text[], 1)],
            'Rest, fluids; review in 2 weeks', 'Patient advised, "follow-up" booked, no allergies', a.completed_at, a.completed_at
     FROM appointments a
     WHERE a.status = 'completed' AND NOT EXISTS (SELECT 1 FROM treatments t WHERE t.appointment_id = a.id)`,
    [DIAGNOSES],
    log,
  );
}

/** `count` booked appointments on one clinic date (2-minute visits), for the reminder job. */
export async function seedReminderDay(client, size, date, count, log = console.log) {
  const perDoctor = Math.ceil(count / size.doctors);
  if (perDoctor > 24 * 30) throw new Error('too many reminder appointments per doctor for one day');
  await client.query(`SET TIME ZONE 'UTC'`);
  await timed(
    client,
    `booked appointments on ${date}`,
    `INSERT INTO appointments (doctor_id, patient_id, starts_at, ends_at, status, reason)
     SELECT d.id, p.id, $1::date::timestamptz + make_interval(mins => 2 * j),
            $1::date::timestamptz + make_interval(mins => 2 * j + 2), 'booked', 'Reminder load'
     FROM bench_doc d
     CROSS JOIN generate_series(0, $2::int - 1) AS j
     JOIN bench_pat p ON p.i = (d.i + $3::int * j) % $4::int
     WHERE d.i * $2::int + j < $5::int`,
    [date, perDoctor, size.doctors, size.patients, count],
    log,
  );
  await client.query('ANALYZE appointments');
}

/**
 * Tops the clinic up to `rows` appointments (the export writes one CSV row per
 * appointment, with its treatment when completed) by adding completed visits with treatments.
 */
export async function seedExportRows(client, size, rows, log = console.log) {
  const { rows: current } = await client.query('SELECT count(*)::int AS n FROM appointments');
  const missing = rows - current[0].n;
  if (missing <= 0) return;
  const perDoctor = Math.ceil(missing / size.doctors);
  await client.query('BEGIN');
  await insertCompleted(client, size, size.completedPerDoctor + 1_000, perDoctor, log);
  await client.query('COMMIT');
  await client.query('ANALYZE');
}
