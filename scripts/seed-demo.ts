/**
 * Loads a realistic demo clinic: 12 specializations, 40 doctors, 300
 * patients, each doctor's weekly schedule (Monday to Friday 09:00-12:00 and
 * 13:00-17:00, 30-minute slots, clinic time zone), ~600 past appointments
 * (most completed with a treatment, some no-shows, some cancelled), ~80
 * upcoming bookings and a few patients on the demo doctor's waitlist.
 *
 * Usage: npm run seed:demo   (same settings as the app: DATABASE_URL, or the
 * embedded database under DATA_DIR; stop the app first in embedded mode).
 *
 * Idempotent: users are keyed by email, profiles by user, windows by overlap,
 * appointments, treatments and waitlist entries by ids derived from a fixed
 * key. A second run inserts nothing (the appointments stay those of the first run). Seeded appointments write no outbox rows: no mail goes out.
 * Every demo account signs in with DEMO_PASSWORD.
 */
import { DataSource, type EntityManager } from 'typeorm';
import { AdminAccountService } from '../apps/api/src/auth/admin-account.service';
import { PasswordService } from '../apps/api/src/auth/password.service';
import { UsersRepository } from '../apps/api/src/auth/users.repository';
import { migrate, resolveDatabase } from '../apps/api/src/bootstrap';
import { loadConfig } from '../apps/api/src/config/app-config';
import { dataSourceOptions } from '../apps/api/src/database/data-source-options';

export const DEMO_PASSWORD = 'demo-pass-2026';
export const DEMO_DOCTOR_EMAIL = 'demo.doctor@hms.example';
export const DEMO_PATIENT_EMAIL = 'demo.patient@hms.example';
/** The front desk's sign-in (role receptionist). */
export const DEMO_DESK_EMAIL = 'desk@hms.example';
export const DEMO_DESK_NAME = 'Dana Desk';

export const DEMO_SIZES = { specializations: 12, doctors: 40, patients: 300, pastAppointments: 600, upcoming: 80 };
/** Patients on the demo doctor's waitlist. */
export const DEMO_WAITLIST = 4;

export interface SeedOptions {
  clinicTimezone: string;
  /** "Now" of the run (tests pin it); default the current time. */
  now?: Date;
}

export interface SeedResult {
  inserted: {
    specializations: number;
    users: number;
    doctors: number;
    patients: number;
    schedules: number;
    appointments: number;
    waitlistEntries: number;
    treatments: number;
    staff: number;
  };
}

const SPECIALIZATIONS: [string, string][] = [
  ['Cardiology', 'Heart and blood vessels: chest pain, hypertension, arrhythmia'],
  ['Dermatology', 'Skin, hair and nails'],
  ['Endocrinology', 'Diabetes, thyroid and hormone disorders'],
  ['Family Medicine', 'General care for all ages, first point of contact'],
  ['Gastroenterology', 'Stomach, bowel and liver'],
  ['Neurology', 'Brain, spine and nerves: headache, epilepsy, neuropathy'],
  ['Obstetrics & Gynecology', "Women's health, pregnancy and childbirth"],
  ['Ophthalmology', 'Eyes and vision'],
  ['Orthopedics', 'Bones, joints and sports injuries'],
  ['Otolaryngology (ENT)', 'Ear, nose and throat'],
  ['Pediatrics', 'Children from birth to adolescence'],
  ['Psychiatry', 'Mental health: mood, anxiety, sleep'],
];

/** Plausible visits per specialization: [diagnosis, prescription, notes]. */
const VISITS: Record<string, [string, string, string][]> = {
  Cardiology: [
    ['Essential hypertension', 'Amlodipine 5 mg once daily', 'Home BP diary; review in 4 weeks'],
    ['Stable angina', 'Aspirin 75 mg daily; GTN spray as needed', 'Exercise ECG booked'],
    ['Palpitations, benign ectopic beats', '', 'Reassured; reduce caffeine'],
  ],
  Dermatology: [
    ['Atopic dermatitis', 'Emollient twice daily; hydrocortisone 1% cream for flares', 'Avoid fragranced soaps'],
    ['Acne vulgaris', 'Adapalene 0.1% gel nightly', 'Review in 8 weeks'],
    ['Seborrheic keratosis', '', 'Benign; no treatment needed'],
  ],
  Endocrinology: [
    ['Type 2 diabetes mellitus', 'Metformin 500 mg twice daily with meals', 'HbA1c in 3 months'],
    ['Hypothyroidism', 'Levothyroxine 50 mcg each morning', 'TSH in 6 weeks'],
  ],
  'Family Medicine': [
    ['Acute upper respiratory infection', 'Paracetamol 1 g up to four times daily', 'Fluids and rest'],
    ['Low back pain, mechanical', 'Ibuprofen 400 mg three times daily for 5 days', 'Stay active; physio leaflet'],
    ['Annual check-up', '', 'All results within normal limits'],
  ],
  Gastroenterology: [
    ['Gastro-oesophageal reflux disease', 'Omeprazole 20 mg daily for 8 weeks', 'Avoid late meals'],
    ['Irritable bowel syndrome', 'Mebeverine 135 mg three times daily', 'Food diary; low-FODMAP advice'],
  ],
  Neurology: [
    ['Migraine without aura', 'Sumatriptan 50 mg at onset', 'Headache diary'],
    ['Tension-type headache', 'Paracetamol as needed', 'Sleep hygiene and posture advice'],
  ],
  'Obstetrics & Gynecology': [
    ['Routine antenatal visit, 20 weeks', 'Folic acid 400 mcg daily', 'Anomaly scan normal'],
    ['Iron deficiency anaemia', 'Ferrous sulfate 200 mg daily', 'Repeat blood count in 6 weeks'],
  ],
  Ophthalmology: [
    ['Allergic conjunctivitis', 'Olopatadine eye drops twice daily', 'Cold compresses'],
    ['Myopia', 'New spectacle prescription', 'Review in 2 years'],
  ],
  Orthopedics: [
    ['Lateral ankle sprain', 'Ibuprofen 400 mg as needed', 'RICE; physiotherapy referral'],
    ['Knee osteoarthritis', 'Paracetamol regularly; topical diclofenac', 'Weight and strengthening advice'],
  ],
  'Otolaryngology (ENT)': [
    ['Acute otitis media', 'Amoxicillin 500 mg three times daily for 5 days', 'Review if not better in 3 days'],
    ['Chronic rhinosinusitis', 'Mometasone nasal spray daily', 'Saline rinses'],
  ],
  Pediatrics: [
    ['Viral gastroenteritis', 'Oral rehydration solution', 'Return if signs of dehydration'],
    ['Well-child visit', '', 'Growth and development on track; vaccinations up to date'],
  ],
  Psychiatry: [
    ['Generalized anxiety disorder', 'Sertraline 50 mg daily', 'CBT referral; review in 4 weeks'],
    ['Insomnia', '', 'Sleep hygiene plan; sleep diary'],
  ],
};

const FIRST = [
  'Amelia',
  'Benjamin',
  'Chloe',
  'Daniel',
  'Elena',
  'Farid',
  'Grace',
  'Hiro',
  'Isabel',
  'Jonas',
  'Kavya',
  'Liam',
  'Maya',
  'Noah',
  'Olivia',
  'Pedro',
  'Quinn',
  'Rosa',
  'Samuel',
  'Tara',
  'Umar',
  'Vera',
  'William',
  'Ximena',
  'Yusuf',
  'Zoe',
  'Aisha',
  'Bruno',
  'Camila',
  'Dmitri',
  'Esther',
  'Felix',
  'Gabriela',
  'Henrik',
  'Ines',
  'Jamal',
  'Keiko',
  'Lucas',
  'Mei',
  'Nadia',
];
const LAST = [
  'Anderson',
  'Bauer',
  'Costa',
  'Dubois',
  'Eriksen',
  'Fischer',
  'García',
  'Hoffmann',
  'Ito',
  'Jensen',
  'Kowalski',
  'López',
  'Müller',
  'Nakamura',
  'Okafor',
  'Petrov',
  'Quintero',
  'Rossi',
  'Singh',
  'Tanaka',
  'Usman',
  'Varga',
  'Wong',
  'Xu',
  'Yilmaz',
  'Zhang',
  'Ahmed',
  'Brown',
  'Chen',
  'Diaz',
  'Evans',
  'Fernandes',
  'Gupta',
  'Haddad',
  'Ivanova',
  'Johnson',
  'Kim',
  'Larsen',
  'Martin',
  'Nguyen',
];
const QUALIFICATIONS = ['MD', 'MD, PhD', 'MBBS, MRCP', 'MD, FACP', 'DO', 'MBChB, FRCS'];
const REASONS = [
  'Follow-up visit',
  'New symptoms',
  'Routine check-up',
  'Test results review',
  'Prescription renewal',
  'Second opinion',
  '',
];
const CANCEL_REASONS = ['Feeling better', 'Schedule conflict', 'Travelling', 'Booked another time'];

/** Half-hour starts inside 09:00-12:00 and 13:00-17:00. */
const SLOT_TIMES = [
  ...['09', '10', '11'].flatMap((h) => [`${h}:00`, `${h}:30`]),
  ...['13', '14', '15', '16'].flatMap((h) => [`${h}:00`, `${h}:30`]),
];

/** Small deterministic pseudo-random generator (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function slug(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}

function clinicDate(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    instant,
  );
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function isWeekday(date: string): boolean {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day !== 0 && day !== 6;
}

interface DoctorSeed {
  email: string;
  fullName: string;
  specialization: string;
  qualification: string;
  experienceYears: number;
}

interface PatientSeed {
  email: string;
  fullName: string;
  dateOfBirth: string;
  phone: string;
}

interface AppointmentSeed {
  key: string;
  doctor: DoctorSeed;
  patient: PatientSeed;
  date: string;
  time: string;
  status: 'booked' | 'completed' | 'cancelled' | 'no_show';
  reason: string;
  cancellationReason: string | null;
  visit: [string, string, string] | null;
}

export function demoDoctors(): DoctorSeed[] {
  const random = rng(7);
  const used = new Set<string>();
  return Array.from({ length: DEMO_SIZES.doctors }, (_, i) => {
    const first = FIRST[i % FIRST.length];
    const last = LAST[(i * 11 + 3) % LAST.length];
    let email = i === 0 ? DEMO_DOCTOR_EMAIL : `${slug(first)}.${slug(last)}@hms.example`;
    if (used.has(email)) email = email.replace('@', `${i}@`);
    used.add(email);
    return {
      email,
      fullName: `Dr. ${first} ${last}`,
      specialization: SPECIALIZATIONS[i % SPECIALIZATIONS.length][0],
      qualification: QUALIFICATIONS[Math.floor(random() * QUALIFICATIONS.length)],
      experienceYears: 2 + Math.floor(random() * 30),
    };
  });
}

export function demoPatients(): PatientSeed[] {
  const random = rng(11);
  return Array.from({ length: DEMO_SIZES.patients }, (_, i) => {
    const first = FIRST[(i * 7 + 5) % FIRST.length];
    const last = LAST[(i * 3 + Math.floor(i / LAST.length)) % LAST.length];
    const year = 1940 + Math.floor(random() * 80);
    const month = String(1 + Math.floor(random() * 12)).padStart(2, '0');
    const day = String(1 + Math.floor(random() * 28)).padStart(2, '0');
    return {
      email: i === 0 ? DEMO_PATIENT_EMAIL : `patient${String(i).padStart(3, '0')}@hms.example`,
      fullName: `${first} ${last}`,
      dateOfBirth: `${year}-${month}-${day}`,
      phone: `+1 555 01${String(i).padStart(2, '0').slice(-2)} ${String(1000 + i)}`,
    };
  });
}

/** The demo's appointments relative to today's clinic date. */
function demoAppointments(today: string, doctors: DoctorSeed[], patients: PatientSeed[]): AppointmentSeed[] {
  const random = rng(42);
  const pastDays: string[] = [];
  for (let d = 1; pastDays.length < 42; d++) if (isWeekday(addDays(today, -d))) pastDays.push(addDays(today, -d));
  const upcomingDays: string[] = [];
  for (let d = 1; d <= 6; d++) if (isWeekday(addDays(today, d))) upcomingDays.push(addDays(today, d));

  const result: AppointmentSeed[] = [];
  for (let n = 0; n < DEMO_SIZES.pastAppointments; n++) {
    const doctor = doctors[n % doctors.length];
    const roll = random();
    const status = roll < 0.8 ? 'completed' : roll < 0.88 ? 'no_show' : 'cancelled';
    const visits = VISITS[doctor.specialization];
    result.push({
      key: `past:${n}`,
      doctor,
      patient: patients[(n * 13) % patients.length],
      date: pastDays[Math.floor(n / doctors.length) % pastDays.length],
      time: SLOT_TIMES[Math.floor(random() * SLOT_TIMES.length)],
      status,
      reason: REASONS[Math.floor(random() * REASONS.length)],
      cancellationReason: status === 'cancelled' ? CANCEL_REASONS[Math.floor(random() * CANCEL_REASONS.length)] : null,
      visit: status === 'completed' ? visits[Math.floor(random() * visits.length)] : null,
    });
  }
  const taken = new Set<string>();
  for (let n = 0; n < DEMO_SIZES.upcoming; n++) {
    const doctor = doctors[n % doctors.length];
    const date = upcomingDays[Math.floor(n / doctors.length) % upcomingDays.length];
    let time = SLOT_TIMES[Math.floor(random() * SLOT_TIMES.length)];
    while (taken.has(`${doctor.email}|${date}|${time}`))
      time = SLOT_TIMES[(SLOT_TIMES.indexOf(time) + 1) % SLOT_TIMES.length];
    taken.add(`${doctor.email}|${date}|${time}`);
    result.push({
      key: `upcoming:${n}`,
      doctor,
      // Distinct patients, so no patient holds two overlapping bookings.
      patient: patients[(n * 7) % patients.length],
      date,
      time,
      status: 'booked',
      reason: REASONS[Math.floor(random() * REASONS.length)],
      cancellationReason: null,
      visit: null,
    });
  }
  return result;
}

/** Rows an INSERT ... RETURNING / DO NOTHING actually wrote. */
async function insert(em: EntityManager, sql: string, params: unknown[]): Promise<number> {
  const rows = (await em.query(`${sql} RETURNING 1`, params)) as unknown[];
  return rows.length;
}

/** Seeds the demo clinic into an initialised, migrated DataSource, in one transaction. */
export async function seedDemo(dataSource: DataSource, options: SeedOptions): Promise<SeedResult> {
  const tz = options.clinicTimezone;
  const today = clinicDate(options.now ?? new Date(), tz);
  const doctors = demoDoctors();
  const patients = demoPatients();
  const appointments = demoAppointments(today, doctors, patients);
  const passwordHash = await new PasswordService().hash(DEMO_PASSWORD);

  return dataSource.transaction(async (em) => {
    const inserted = {} as SeedResult['inserted'];
    inserted.specializations = await insert(
      em,
      `INSERT INTO specializations (name, description)
       SELECT x.name, x.description FROM unnest($1::text[], $2::text[]) AS x(name, description)
        WHERE NOT EXISTS (SELECT 1 FROM specializations s WHERE lower(s.name) = lower(x.name))`,
      [SPECIALIZATIONS.map((s) => s[0]), SPECIALIZATIONS.map((s) => s[1])],
    );
    inserted.users = await insert(
      em,
      `INSERT INTO users (email, password_hash, role)
       SELECT x.email, $3, x.role FROM unnest($1::text[], $2::text[]) AS x(email, role)
       ON CONFLICT (email) DO NOTHING`,
      [
        [...doctors.map((d) => d.email), ...patients.map((p) => p.email), DEMO_DESK_EMAIL],
        [...doctors.map(() => 'doctor'), ...patients.map(() => 'patient'), 'receptionist'],
        passwordHash,
      ],
    );
    inserted.doctors = await insert(
      em,
      `INSERT INTO doctors (user_id, full_name, specialization_id, qualification, experience_years)
       SELECT u.id, x.full_name, s.id, x.qualification, x.years
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[])
              AS x(email, full_name, specialization, qualification, years)
         JOIN users u ON u.email = x.email AND u.role = 'doctor'
         JOIN specializations s ON lower(s.name) = lower(x.specialization)
        WHERE NOT EXISTS (SELECT 1 FROM doctors d WHERE d.user_id = u.id)`,
      [
        doctors.map((d) => d.email),
        doctors.map((d) => d.fullName),
        doctors.map((d) => d.specialization),
        doctors.map((d) => d.qualification),
        doctors.map((d) => d.experienceYears),
      ],
    );
    inserted.patients = await insert(
      em,
      `INSERT INTO patients (user_id, full_name, date_of_birth, phone)
       SELECT u.id, x.full_name, x.dob::date, x.phone
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS x(email, full_name, dob, phone)
         JOIN users u ON u.email = x.email AND u.role = 'patient'
        WHERE NOT EXISTS (SELECT 1 FROM patients p WHERE p.user_id = u.id)`,
      [
        patients.map((p) => p.email),
        patients.map((p) => p.fullName),
        patients.map((p) => p.dateOfBirth),
        patients.map((p) => p.phone),
      ],
    );

    const weekly = JSON.stringify(
      [1, 2, 3, 4, 5].flatMap((weekday) => [
        { weekday, startTime: '09:00', endTime: '12:00' },
        { weekday, startTime: '13:00', endTime: '17:00' },
      ]),
    );
    inserted.schedules = await insert(
      em,
      `INSERT INTO doctor_schedules (doctor_id, weekly, slot_minutes, buffer_minutes, min_notice_minutes)
       SELECT d.id, $2::jsonb, 30, 0, 60
         FROM unnest($1::text[]) AS x(email)
         JOIN users u ON u.email = x.email
         JOIN doctors d ON d.user_id = u.id
       ON CONFLICT (doctor_id) DO NOTHING`,
      [doctors.map((d) => d.email), weekly],
    );

    // ON CONFLICT DO NOTHING without a target also skips rows an exclusion constraint refuses
    // (a real booking already holding that doctor's or patient's time).
    inserted.appointments = await insert(
      em,
      `INSERT INTO appointments (id, doctor_id, patient_id, starts_at, ends_at, status, reason,
                                 cancelled_at, cancelled_by, cancellation_reason, completed_at, created_at, sequence)
       SELECT md5('hms-demo-appointment:' || x.key)::uuid, d.id, p.id, a.starts_at,
              a.starts_at + interval '30 minutes', x.status, x.reason,
              CASE WHEN x.status = 'cancelled' THEN a.starts_at - interval '1 day' END,
              CASE WHEN x.status = 'cancelled' THEN 'patient' END,
              x.cancellation_reason,
              CASE WHEN x.status = 'completed' THEN a.starts_at + interval '30 minutes' END,
              LEAST(now(), a.starts_at - interval '3 days'),
              CASE WHEN x.status = 'cancelled' THEN 1 ELSE 0 END
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
              AS x(key, doctor_email, patient_email, date, time, status, reason, cancellation_reason)
         CROSS JOIN LATERAL (SELECT (x.date::date + x.time::time) AT TIME ZONE $9 AS starts_at) a
         JOIN users du ON du.email = x.doctor_email JOIN doctors d ON d.user_id = du.id
         JOIN users pu ON pu.email = x.patient_email JOIN patients p ON p.user_id = pu.id
       ON CONFLICT DO NOTHING`,
      [
        appointments.map((a) => a.key),
        appointments.map((a) => a.doctor.email),
        appointments.map((a) => a.patient.email),
        appointments.map((a) => a.date),
        appointments.map((a) => a.time),
        appointments.map((a) => a.status),
        appointments.map((a) => a.reason),
        appointments.map((a) => a.cancellationReason),
        tz,
      ],
    );
    const visits = appointments.filter((a) => a.visit !== null);
    inserted.treatments = await insert(
      em,
      `INSERT INTO treatments (appointment_id, diagnosis, prescription, notes, created_at, updated_at)
       SELECT a.id, x.diagnosis, x.prescription, x.notes, a.ends_at, a.ends_at
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS x(key, diagnosis, prescription, notes)
         JOIN appointments a ON a.id = md5('hms-demo-appointment:' || x.key)::uuid
                            AND a.status = 'completed'
       ON CONFLICT DO NOTHING`,
      [
        visits.map((a) => a.key),
        visits.map((a) => a.visit![0]),
        visits.map((a) => a.visit![1]),
        visits.map((a) => a.visit![2]),
      ],
    );
    // A few patients waiting for the demo doctor over the coming week, longest waiting first.
    const waiting = patients.slice(1, 1 + DEMO_WAITLIST);
    inserted.waitlistEntries = await insert(
      em,
      `INSERT INTO waitlist_entries (id, patient_id, doctor_id, from_date, to_date, status, created_at)
       SELECT md5('hms-demo-waitlist:' || x.email)::uuid, p.id, d.id, $3::date, $4::date, 'waiting',
              now() - (x.n || ' hours')::interval
         FROM unnest($1::text[], $2::int[]) AS x(email, n)
         JOIN users pu ON pu.email = x.email JOIN patients p ON p.user_id = pu.id
         JOIN users du ON du.email = $5 JOIN doctors d ON d.user_id = du.id
       ON CONFLICT DO NOTHING`,
      [
        waiting.map((p) => p.email),
        waiting.map((_, i) => DEMO_WAITLIST - i),
        today,
        addDays(today, 7),
        DEMO_DOCTOR_EMAIL,
      ],
    );
    inserted.staff = await insert(
      em,
      `INSERT INTO staff_members (user_id, full_name)
       SELECT u.id, $2 FROM users u
        WHERE u.email = $1 AND u.role = 'receptionist'
          AND NOT EXISTS (SELECT 1 FROM staff_members s WHERE s.user_id = u.id)`,
      [DEMO_DESK_EMAIL, DEMO_DESK_NAME],
    );
    return { inserted };
  });
}

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const { connection, embedded } = await resolveDatabase(config);
  try {
    await migrate(connection);
    const dataSource = new DataSource(dataSourceOptions({ ...connection, poolSize: 1 }));
    await dataSource.initialize();
    try {
      // The admin account, as the app creates it at first start (a generated password is printed once).
      await new AdminAccountService(new UsersRepository(dataSource), new PasswordService(), config).ensureAdmin();
      const { inserted } = await seedDemo(dataSource, { clinicTimezone: config.clinicTimezone });
      const total = Object.values(inserted).reduce((a, b) => a + b, 0);
      console.log(total === 0 ? 'Demo clinic already loaded: nothing to add.' : 'Demo clinic loaded:');
      for (const [what, n] of Object.entries(inserted)) console.log(`  ${what.padEnd(20)} +${n}`);
      console.log(`
Sign in (clinic time zone ${config.clinicTimezone}):
  admin    ${config.adminEmail}  password: ${config.adminPassword ?? '(ADMIN_PASSWORD; printed at first start when unset)'}
  doctor   ${DEMO_DOCTOR_EMAIL}  password: ${DEMO_PASSWORD}
  patient  ${DEMO_PATIENT_EMAIL}  password: ${DEMO_PASSWORD}
  desk     ${DEMO_DESK_EMAIL}  password: ${DEMO_PASSWORD}
Every other demo doctor (<first>.<last>@hms.example) and patient (patientNNN@hms.example) uses the same password.`);
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await embedded?.stop();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
