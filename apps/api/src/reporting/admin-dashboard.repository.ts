import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { activeDoctorSql } from '../directory/active-doctor';

export interface DashboardCounts {
  doctors: number;
  patients: number;
  specializations: number;
  total: number;
  booked: number;
  completed: number;
  cancelled: number;
  checkedIn: number;
  noShow: number;
  today: number;
  waiting: number;
  offersMade: number;
  offersAccepted: number;
}

/** Aggregate queries over the whole clinic; nothing here loads rows one by one. */
@Injectable()
export class AdminDashboardRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * `today` is the clinic date; PostgreSQL turns its local midnight into an
   * instant in `timeZone`, so days of 23 or 25 hours (DST) count correctly.
   */
  async counts(today: string, timeZone: string): Promise<DashboardCounts> {
    const [row] = (await this.dataSource.query(
      `SELECT
         (SELECT count(*) FROM doctors d JOIN users u ON u.id = d.user_id
           WHERE ${activeDoctorSql('d', 'u')}) AS doctors,
         (SELECT count(*) FROM patients p JOIN users u ON u.id = p.user_id WHERE u.active) AS patients,
         (SELECT count(*) FROM specializations) AS specializations,
         (SELECT count(*) FROM waitlist_entries WHERE status IN ('waiting', 'offered')) AS waiting,
         (SELECT count(*) FROM waitlist_offers) AS offers_made,
         (SELECT count(*) FROM waitlist_offers WHERE status = 'accepted') AS offers_accepted,
         a.total, a.booked, a.completed, a.cancelled, a.checked_in, a.no_show, a.today
       FROM (
         SELECT count(*) AS total,
                count(*) FILTER (WHERE status = 'booked') AS booked,
                count(*) FILTER (WHERE status = 'completed') AS completed,
                count(*) FILTER (WHERE status = 'cancelled') AS cancelled,
                count(*) FILTER (WHERE status = 'checked_in') AS checked_in,
                count(*) FILTER (WHERE status = 'no_show') AS no_show,
                count(*) FILTER (WHERE starts_at >= ($1::date::timestamp AT TIME ZONE $2)
                                   AND starts_at < (($1::date + 1)::timestamp AT TIME ZONE $2)) AS today
           FROM appointments
       ) a`,
      [today, timeZone],
    )) as Record<string, string | number>[];
    return {
      doctors: Number(row.doctors),
      patients: Number(row.patients),
      specializations: Number(row.specializations),
      total: Number(row.total),
      booked: Number(row.booked),
      completed: Number(row.completed),
      cancelled: Number(row.cancelled),
      checkedIn: Number(row.checked_in),
      noShow: Number(row.no_show),
      today: Number(row.today),
      waiting: Number(row.waiting),
      offersMade: Number(row.offers_made),
      offersAccepted: Number(row.offers_accepted),
    };
  }

  async bySpecialization(): Promise<{ id: string; name: string; count: number }[]> {
    const rows = (await this.dataSource.query(
      `SELECT s.id, s.name, count(a.id) AS count
         FROM specializations s
         LEFT JOIN doctors d ON d.specialization_id = s.id
         LEFT JOIN appointments a ON a.doctor_id = d.id
        GROUP BY s.id
        ORDER BY count(a.id) DESC, lower(s.name)`,
    )) as { id: string; name: string; count: string | number }[];
    return rows.map((r) => ({ id: r.id, name: r.name, count: Number(r.count) }));
  }

  /** Appointments per clinic day from `from` to `to` (inclusive), zero days included. */
  async perDay(from: string, to: string, timeZone: string): Promise<{ date: string; count: number }[]> {
    const rows = (await this.dataSource.query(
      `SELECT to_char(day, 'YYYY-MM-DD') AS date, count(a.id) AS count
         FROM generate_series($1::date, $2::date, interval '1 day') AS day
         LEFT JOIN appointments a
           ON a.starts_at >= (day::date::timestamp AT TIME ZONE $3)
          AND a.starts_at < ((day::date + 1)::timestamp AT TIME ZONE $3)
        GROUP BY day
        ORDER BY day`,
      [from, to, timeZone],
    )) as { date: string; count: string | number }[];
    return rows.map((r) => ({ date: r.date, count: Number(r.count) }));
  }
}
