import { Injectable } from '@nestjs/common';
import { noShowRate, SLOT_OCCUPYING_STATUSES, type AppointmentStatus } from '@hms/shared';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { ConflictError } from '../common/errors/domain-errors';
import type { PageRequest } from '../common/http/pagination';
import { CARE_STATUSES, inCareSql } from './care-relationship';
import type { AppointmentDto } from './dto/appointment.dto';
import { AppointmentEntity } from './entities/appointment.entity';

export interface NewAppointment {
  doctorId: string;
  patientId: string;
  startsAt: Date;
  endsAt: Date;
  reason: string;
}

/** Escapes LIKE wildcards so a search term matches literally. */
function escapeLike(term: string): string {
  return term.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Which appointments a list shows; every list is scoped by doctor and/or patient unless an admin asks. */
export interface AppointmentFilter {
  doctorId?: string;
  patientId?: string;
  status?: AppointmentStatus;
  /** The doctor's department. */
  specializationId?: string;
  /** Part of the doctor's or the patient's name, case-insensitive. */
  search?: string;
  /** startsAt >= startsFrom */
  startsFrom?: Date;
  /** startsAt < startsBefore */
  startsBefore?: Date;
  order: 'ASC' | 'DESC';
}

/** Whose appointment a caller may touch: a lookup outside the scope finds nothing. */
export type AppointmentScope = { doctorId: string } | { patientId: string } | { all: true };

export interface DoctorCounts {
  today: number;
  thisWeek: number;
  upcoming: number;
  patients: number;
  completedThisMonth: number;
  noShowsThisMonth: number;
  noShowRateThisMonth: number;
}

export interface DoctorPatientRow {
  id: string;
  fullName: string;
  email: string;
  dateOfBirth: string | null;
  phone: string | null;
  active: boolean;
  appointmentCount: number;
  lastAppointmentAt: Date;
}

/** The only I/O on appointments. */
@Injectable()
export class AppointmentsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repo(em: EntityManager = this.dataSource.manager) {
    return em.getRepository(AppointmentEntity);
  }

  /** Appointments with doctor, specialization, patient and treatment, in one query. */
  private withRelations(em?: EntityManager): SelectQueryBuilder<AppointmentEntity> {
    return this.repo(em)
      .createQueryBuilder('a')
      .innerJoinAndSelect('a.doctor', 'd')
      .innerJoinAndSelect('d.specialization', 's')
      .innerJoinAndSelect('a.patient', 'p')
      .leftJoinAndSelect('a.treatment', 't');
  }

  private applyScope(qb: SelectQueryBuilder<AppointmentEntity>, scope: AppointmentScope) {
    if ('doctorId' in scope) qb.andWhere('a.doctorId = :scopeDoctorId', { scopeDoctorId: scope.doctorId });
    if ('patientId' in scope) qb.andWhere('a.patientId = :scopePatientId', { scopePatientId: scope.patientId });
    return qb;
  }

  /**
   * 409 `patient_overlap` when the patient already holds a booked appointment
   * overlapping [startsAt, endsAt) (other than `exceptId`). Asked before a
   * move because on the patient's own slot both exclusion constraints are
   * violated and PostgreSQL may name the doctor's, which means "taken".
   */
  async assertPatientFree(
    em: EntityManager,
    patientId: string,
    startsAt: Date,
    endsAt: Date,
    exceptId?: string,
  ): Promise<void> {
    const qb = this.repo(em)
      .createQueryBuilder('a')
      .select('a.id')
      .where('a.patientId = :patientId', { patientId })
      .andWhere("a.status = 'booked'")
      .andWhere('a.startsAt < :endsAt AND a.endsAt > :startsAt', { startsAt, endsAt });
    if (exceptId) qb.andWhere('a.id <> :exceptId', { exceptId });
    if (await qb.getOne()) {
      throw new ConflictError('patient_overlap', 'You already have an appointment that overlaps this time');
    }
  }

  /** Inserts a booked appointment; the exclusion constraints reject an overlap (23P01). */
  async insert(em: EntityManager, input: NewAppointment): Promise<string> {
    const result = await this.repo(em)
      .createQueryBuilder()
      .insert()
      .values({ ...input, status: 'booked' })
      .returning(['id'])
      .execute();
    return (result.raw as { id: string }[])[0].id;
  }

  /** One appointment within the caller's scope, row-locked for the rest of the transaction. */
  async lockInScope(em: EntityManager, id: string, scope: AppointmentScope): Promise<AppointmentEntity | null> {
    const qb = this.repo(em).createQueryBuilder('a').where('a.id = :id', { id }).setLock('pessimistic_write');
    return this.applyScope(qb, scope).getOne();
  }

  async update(em: EntityManager, id: string, patch: Partial<AppointmentEntity>): Promise<void> {
    await this.repo(em).update({ id }, patch);
  }

  /** One appointment with its relations within the caller's scope. */
  async findInScope(id: string, scope: AppointmentScope, em?: EntityManager): Promise<AppointmentEntity | null> {
    const qb = this.withRelations(em).where('a.id = :id', { id });
    return this.applyScope(qb, scope).getOne();
  }

  /** A page of appointments with their relations. */
  async list(filter: AppointmentFilter, page: PageRequest): Promise<[AppointmentEntity[], number]> {
    const qb = this.withRelations();
    if (filter.doctorId) qb.andWhere('a.doctorId = :doctorId', { doctorId: filter.doctorId });
    if (filter.patientId) qb.andWhere('a.patientId = :patientId', { patientId: filter.patientId });
    if (filter.status) qb.andWhere('a.status = :status', { status: filter.status });
    if (filter.specializationId) qb.andWhere('d.specializationId = :specId', { specId: filter.specializationId });
    if (filter.search) {
      qb.andWhere(
        `(lower(d.fullName) LIKE '%' || lower(:term) || '%' OR lower(p.fullName) LIKE '%' || lower(:term) || '%')`,
        { term: escapeLike(filter.search) },
      );
    }
    if (filter.startsFrom) qb.andWhere('a.startsAt >= :startsFrom', { startsFrom: filter.startsFrom });
    if (filter.startsBefore) qb.andWhere('a.startsAt < :startsBefore', { startsBefore: filter.startsBefore });
    return qb
      .orderBy('a.startsAt', filter.order)
      .addOrderBy('a.id', 'ASC')
      .offset(page.offset)
      .limit(page.pageSize)
      .getManyAndCount();
  }

  /**
   * A page of appointments scoped by doctor and/or patient as response DTOs, in
   * one statement: the total comes from a window function over the same filter
   * (a second count runs only when the page lies past the last row), no entity
   * is hydrated. Same filter and order as `list`.
   */
  async listDtos(
    filter: AppointmentFilter,
    page: PageRequest,
  ): Promise<[(AppointmentDto & { patientId: string })[], number]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (filter.doctorId) where.push(`a.doctor_id = ${param(filter.doctorId)}::uuid`);
    if (filter.patientId) where.push(`a.patient_id = ${param(filter.patientId)}::uuid`);
    if (filter.status) where.push(`a.status = ${param(filter.status)}`);
    if (filter.startsFrom) where.push(`a.starts_at >= ${param(filter.startsFrom)}::timestamptz`);
    if (filter.startsBefore) where.push(`a.starts_at < ${param(filter.startsBefore)}::timestamptz`);
    const whereSql = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const order = filter.order === 'DESC' ? 'DESC' : 'ASC';
    const rows: PageRow[] = await this.dataSource.query(
      `SELECT a.id, a.patient_id, a.starts_at, a.ends_at, a.status, a.reason, a.cancelled_by, a.cancellation_reason,
              a.checked_in_at, a.created_at, a.doctor_id, d.full_name AS doctor_name, s.name AS specialization,
              p.full_name AS patient_name, t.id AS treatment_id, t.diagnosis, t.prescription, t.notes, t.version,
              t.created_at AS treatment_created_at, t.updated_at AS treatment_updated_at,
              count(*) OVER () AS total
         FROM appointments a
         JOIN doctors d ON d.id = a.doctor_id
         JOIN specializations s ON s.id = d.specialization_id
         JOIN patients p ON p.id = a.patient_id
         LEFT JOIN treatments t ON t.appointment_id = a.id
         ${whereSql}
        ORDER BY a.starts_at ${order}, a.id ASC
        LIMIT ${param(page.pageSize)} OFFSET ${param(page.offset)}`,
      params,
    );
    let total = rows.length > 0 ? Number(rows[0].total) : 0;
    if (rows.length === 0 && page.offset > 0) {
      const counted: { n: string }[] = await this.dataSource.query(
        `SELECT count(*) AS n FROM appointments a ${whereSql}`,
        params.slice(0, -2),
      );
      total = Number(counted[0]?.n ?? 0);
    }
    return [rows.map(toDtoOfRow), total];
  }

  /** Appointments of a doctor that occupy their slot (booked, checked in) overlapping [from, to). */
  async bookedOfDoctor(doctorId: string, from: Date, to: Date): Promise<{ startsAt: Date; endsAt: Date }[]> {
    return this.repo()
      .createQueryBuilder('a')
      .select(['a.startsAt', 'a.endsAt'])
      .where('a.doctorId = :doctorId AND a.status IN (:...statuses)', { doctorId, statuses: SLOT_OCCUPYING_STATUSES })
      .andWhere('a.startsAt < :to AND a.endsAt > :from', { from, to })
      .getMany();
  }

  /** Booked (or already checked-in) appointments of a patient that have not started yet. */
  async countUpcomingBooked(em: EntityManager, patientId: string): Promise<number> {
    const rows: { n: string }[] = await em.query(
      `SELECT count(*) AS n FROM appointments WHERE patient_id = $1 AND status IN ('booked', 'checked_in') AND starts_at > now()`,
      [patientId],
    );
    return Number(rows[0]?.n ?? 0);
  }

  /**
   * Everything that holds a slot of the doctor overlapping [from, to): booked and
   * checked-in appointments and open waitlist offers.
   */
  async occupiedOfDoctor(
    doctorId: string,
    from: Date,
    to: Date,
    em: EntityManager = this.dataSource.manager,
  ): Promise<{ startsAt: Date; endsAt: Date }[]> {
    const rows: { starts_at: Date; ends_at: Date }[] = await em.query(
      `SELECT starts_at, ends_at FROM appointments
        WHERE doctor_id = $1 AND status IN ('booked', 'checked_in')
          AND tstzrange(starts_at, ends_at) && tstzrange($2::timestamptz, $3::timestamptz)
       UNION ALL
       SELECT starts_at, ends_at FROM waitlist_offers
        WHERE doctor_id = $1 AND status = 'open'
          AND tstzrange(starts_at, ends_at) && tstzrange($2::timestamptz, $3::timestamptz)`,
      [doctorId, from, to],
    );
    return rows.map((r) => ({ startsAt: new Date(r.starts_at), endsAt: new Date(r.ends_at) }));
  }

  /** True while a booked or checked-in appointment of the doctor overlaps [start, end). */
  async hasBookedWithin(em: EntityManager, doctorId: string, start: Date, end: Date): Promise<boolean> {
    const count = await this.repo(em)
      .createQueryBuilder('a')
      .where('a.doctorId = :doctorId AND a.status IN (:...statuses)', { doctorId, statuses: SLOT_OCCUPYING_STATUSES })
      .andWhere('a.startsAt < :end AND a.endsAt > :start', { start, end })
      .getCount();
    return count > 0;
  }

  /** Booked or checked-in appointments of the doctor overlapping [start, end), with relations, locked, soonest first. */
  async lockOccupyingWithin(em: EntityManager, doctorId: string, start: Date, end: Date): Promise<AppointmentEntity[]> {
    const ids: { id: string }[] = await em.query(
      `SELECT id FROM appointments
        WHERE doctor_id = $1 AND status IN ('booked', 'checked_in') AND starts_at < $3 AND ends_at > $2
        ORDER BY starts_at FOR UPDATE`,
      [doctorId, start, end],
    );
    if (ids.length === 0) return [];
    return this.withRelations(em)
      .where('a.id IN (:...ids)', { ids: ids.map((r) => r.id) })
      .orderBy('a.startsAt', 'ASC')
      .getMany();
  }

  /** True when the patient has or had an appointment with the doctor (any status). */
  async haveMet(doctorId: string, patientId: string): Promise<boolean> {
    return this.repo().exists({ where: { doctorId, patientId } });
  }

  /** Every count of the doctor dashboard in one aggregate query. */
  async doctorCounts(
    doctorId: string,
    now: Date,
    today: { start: Date; end: Date },
    week: { start: Date; end: Date },
    month: { start: Date; end: Date },
  ): Promise<DoctorCounts> {
    const rows: Record<string, string>[] = await this.dataSource.query(
      `SELECT
         count(*) FILTER (WHERE status <> 'cancelled' AND starts_at >= $2 AND starts_at < $3) AS today,
         count(*) FILTER (WHERE status <> 'cancelled' AND starts_at >= $4 AND starts_at < $5) AS this_week,
         count(*) FILTER (WHERE status = 'booked' AND starts_at >= $6) AS upcoming,
         count(DISTINCT patient_id) FILTER (WHERE status IN (${CARE_STATUSES.map((c) => `'${c}'`).join(', ')})) AS patients,
         count(*) FILTER (WHERE status = 'completed' AND completed_at >= $7 AND completed_at < $8) AS completed_this_month,
         count(*) FILTER (WHERE status = 'no_show' AND starts_at >= $7 AND starts_at < $8) AS no_shows_month,
         count(*) FILTER (WHERE status = 'completed' AND starts_at >= $7 AND starts_at < $8) AS completed_month,
         count(*) FILTER (WHERE status = 'checked_in' AND starts_at >= $7 AND starts_at < $8) AS checked_in_month
       FROM appointments WHERE doctor_id = $1`,
      [doctorId, today.start, today.end, week.start, week.end, now, month.start, month.end],
    );
    const r = rows[0] ?? {};
    return {
      today: Number(r.today ?? 0),
      thisWeek: Number(r.this_week ?? 0),
      upcoming: Number(r.upcoming ?? 0),
      patients: Number(r.patients ?? 0),
      completedThisMonth: Number(r.completed_this_month ?? 0),
      noShowsThisMonth: Number(r.no_shows_month ?? 0),
      noShowRateThisMonth: noShowRate({
        noShow: Number(r.no_shows_month ?? 0),
        completed: Number(r.completed_month ?? 0),
        checkedIn: Number(r.checked_in_month ?? 0),
      }),
    };
  }

  /**
   * Patients in the doctor's care (a booked, checked-in or completed
   * appointment with them), by name; counts cover every status.
   */
  async patientsOfDoctor(doctorId: string, page: PageRequest, search?: string): Promise<[DoctorPatientRow[], number]> {
    const term = search ? escapeLike(search) : null;
    const matches = `($2::text IS NULL OR lower(p.full_name) LIKE '%' || lower($2) || '%' OR lower(u.email) LIKE '%' || lower($2) || '%')`;
    const [rows, totals]: [Record<string, unknown>[], { total: string }[]] = await Promise.all([
      this.dataSource.query(
        `SELECT p.id, p.full_name, p.date_of_birth::text AS date_of_birth, p.phone, u.email, u.active,
                count(a.id) AS appointment_count, max(a.starts_at) AS last_appointment_at
           FROM appointments a
           JOIN patients p ON p.id = a.patient_id
           JOIN users u ON u.id = p.user_id
          WHERE a.doctor_id = $1 AND ${inCareSql('$1', 'a.patient_id')} AND ${matches}
          GROUP BY p.id, u.id
          ORDER BY lower(p.full_name), p.id
          LIMIT $3 OFFSET $4`,
        [doctorId, term, page.pageSize, page.offset],
      ),
      this.dataSource.query(
        `SELECT count(DISTINCT a.patient_id) AS total FROM appointments a
           JOIN patients p ON p.id = a.patient_id
           JOIN users u ON u.id = p.user_id
          WHERE a.doctor_id = $1 AND ${inCareSql('$1', 'a.patient_id')} AND ${matches}`,
        [doctorId, term],
      ),
    ]);
    return [
      rows.map((r) => ({
        id: String(r.id),
        fullName: String(r.full_name),
        email: String(r.email),
        dateOfBirth: (r.date_of_birth as string | null) ?? null,
        phone: (r.phone as string | null) ?? null,
        active: r.active === true || r.active === 't',
        appointmentCount: Number(r.appointment_count),
        lastAppointmentAt: new Date(r.last_appointment_at as string | Date),
      })),
      Number(totals[0]?.total ?? 0),
    ];
  }

  /** The patient's booked upcoming appointments (soonest first) and the count of past, not cancelled, ones. */
  async patientOverview(
    patientId: string,
    now: Date,
    upcomingLimit: number,
  ): Promise<{ upcoming: AppointmentEntity[]; past: number }> {
    const [upcoming, past] = await Promise.all([
      this.withRelations()
        .where('a.patientId = :patientId AND a.status = :status AND a.startsAt >= :now', {
          patientId,
          status: 'booked',
          now,
        })
        .orderBy('a.startsAt', 'ASC')
        .limit(upcomingLimit)
        .getMany(),
      this.repo()
        .createQueryBuilder('a')
        .where('a.patientId = :patientId AND a.status <> :cancelled AND a.startsAt < :now', {
          patientId,
          cancelled: 'cancelled',
          now,
        })
        .getCount(),
    ]);
    return { upcoming, past };
  }
}

interface PageRow {
  id: string;
  patient_id: string;
  starts_at: Date | string;
  ends_at: Date | string;
  status: AppointmentStatus;
  reason: string;
  cancelled_by: string | null;
  cancellation_reason: string | null;
  checked_in_at: Date | string | null;
  created_at: Date | string;
  doctor_id: string;
  doctor_name: string;
  specialization: string;
  patient_name: string;
  treatment_id: string | null;
  diagnosis: string | null;
  prescription: string | null;
  notes: string | null;
  version: number | null;
  treatment_created_at: Date | string | null;
  treatment_updated_at: Date | string | null;
  total: string | number;
}

const iso = (value: Date | string) => (value instanceof Date ? value : new Date(value)).toISOString();

/** The row of `listDtos` as the API shows it (same fields and order as toAppointmentDto). */
function toDtoOfRow(r: PageRow): AppointmentDto & { patientId: string } {
  const dto: AppointmentDto = {
    id: r.id,
    doctor: { id: r.doctor_id, fullName: r.doctor_name, specialization: r.specialization },
    patient: { id: r.patient_id, fullName: r.patient_name },
    startsAt: iso(r.starts_at),
    endsAt: iso(r.ends_at),
    status: r.status,
    reason: r.reason,
    ...(r.cancelled_by ? { cancelledBy: r.cancelled_by as AppointmentDto['cancelledBy'] } : {}),
    ...(r.cancellation_reason ? { cancelReason: r.cancellation_reason } : {}),
    ...(r.checked_in_at ? { checkedInAt: iso(r.checked_in_at) } : {}),
    treatment:
      r.treatment_id !== null
        ? {
            id: r.treatment_id,
            appointmentId: r.id,
            diagnosis: r.diagnosis ?? '',
            prescription: r.prescription ?? '',
            notes: r.notes ?? '',
            version: Number(r.version),
            createdAt: iso(r.treatment_created_at as Date | string),
            updatedAt: iso(r.treatment_updated_at as Date | string),
          }
        : null,
    createdAt: iso(r.created_at),
  };
  return Object.defineProperty(dto, 'patientId', { value: r.patient_id, enumerable: false }) as AppointmentDto & {
    patientId: string;
  };
}
