import { Injectable } from '@nestjs/common';
import type { WaitlistStatus } from '@hms/shared';
import { DataSource, EntityManager } from 'typeorm';
import { WaitlistEntryEntity } from './waitlist-entry.entity';
import { WaitlistOfferEntity } from './waitlist-offer.entity';

export interface DoctorLabel {
  id: string;
  fullName: string;
  specialization: string;
}

export interface EntryRow {
  id: string;
  doctor: DoctorLabel;
  fromDate: string;
  toDate: string;
  status: WaitlistStatus;
  createdAt: Date;
}

export interface OfferRow {
  id: string;
  doctor: DoctorLabel;
  startsAt: Date;
  endsAt: Date;
  expiresAt: Date;
}

const toDate = (v: unknown) => (v instanceof Date ? v : new Date(String(v)));
const dateText = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));

/** The only I/O on waitlist entries and offers. */
@Injectable()
export class WaitlistRepository {
  constructor(private readonly dataSource: DataSource) {}

  private entries(em: EntityManager = this.dataSource.manager) {
    return em.getRepository(WaitlistEntryEntity);
  }

  private offers(em: EntityManager = this.dataSource.manager) {
    return em.getRepository(WaitlistOfferEntity);
  }

  async insertEntry(input: { patientId: string; doctorId: string; fromDate: string; toDate: string }): Promise<string> {
    const saved = await this.entries().save(this.entries().create({ ...input, status: 'waiting' }));
    return saved.id;
  }

  /** The patient's entries, newest first, with the doctor's name. */
  async entriesOf(patientId: string, id?: string): Promise<EntryRow[]> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT e.id, e.from_date::text AS from_date, e.to_date::text AS to_date, e.status, e.created_at,
              d.id AS doctor_id, d.full_name, s.name AS specialization
         FROM waitlist_entries e
         JOIN doctors d ON d.id = e.doctor_id
         JOIN specializations s ON s.id = d.specialization_id
        WHERE e.patient_id = $1 AND ($2::uuid IS NULL OR e.id = $2::uuid)
        ORDER BY e.created_at DESC
        LIMIT 100`,
      [patientId, id ?? null],
    );
    return rows.map((r) => ({
      id: String(r.id),
      doctor: { id: String(r.doctor_id), fullName: String(r.full_name), specialization: String(r.specialization) },
      fromDate: dateText(r.from_date),
      toDate: dateText(r.to_date),
      status: r.status as WaitlistStatus,
      createdAt: toDate(r.created_at),
    }));
  }

  /** The patient's open offers that have not run out, soonest first. */
  async openOffersOf(patientId: string, now: Date): Promise<OfferRow[]> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT o.id, o.starts_at, o.ends_at, o.expires_at, d.id AS doctor_id, d.full_name, s.name AS specialization
         FROM waitlist_offers o
         JOIN doctors d ON d.id = o.doctor_id
         JOIN specializations s ON s.id = d.specialization_id
        WHERE o.patient_id = $1 AND o.status = 'open' AND o.expires_at > $2
        ORDER BY o.starts_at`,
      [patientId, now],
    );
    return rows.map((r) => ({
      id: String(r.id),
      doctor: { id: String(r.doctor_id), fullName: String(r.full_name), specialization: String(r.specialization) },
      startsAt: toDate(r.starts_at),
      endsAt: toDate(r.ends_at),
      expiresAt: toDate(r.expires_at),
    }));
  }

  async lockEntry(em: EntityManager, id: string, patientId: string): Promise<WaitlistEntryEntity | null> {
    return this.entries(em)
      .createQueryBuilder('e')
      .where('e.id = :id AND e.patientId = :patientId', { id, patientId })
      .setLock('pessimistic_write')
      .getOne();
  }

  async lockOffer(em: EntityManager, id: string, patientId: string): Promise<WaitlistOfferEntity | null> {
    return this.offers(em)
      .createQueryBuilder('o')
      .where('o.id = :id AND o.patientId = :patientId', { id, patientId })
      .setLock('pessimistic_write')
      .getOne();
  }

  async setEntryStatus(em: EntityManager, id: string, status: WaitlistStatus): Promise<void> {
    await this.entries(em).update({ id }, { status });
  }

  async resolveOffer(
    em: EntityManager,
    id: string,
    status: 'accepted' | 'declined' | 'expired' | 'withdrawn',
    appointmentId: string | null = null,
  ): Promise<void> {
    await this.offers(em).update({ id }, { status, resolvedAt: new Date(), appointmentId });
  }

  /** The open offer of an entry, locked. */
  async lockOpenOfferOfEntry(em: EntityManager, entryId: string): Promise<WaitlistOfferEntity | null> {
    return this.offers(em)
      .createQueryBuilder('o')
      .where("o.entryId = :entryId AND o.status = 'open'", { entryId })
      .setLock('pessimistic_write')
      .getOne();
  }

  /** Serialises the waitlist work of one doctor until the transaction ends. */
  async lockDoctorWaitlist(em: EntityManager, doctorId: string): Promise<void> {
    await em.query(`SELECT pg_advisory_xact_lock(hashtext('waitlist:' || $1::text))`, [doctorId]);
  }

  /** Waiting entries of the doctor whose range has not passed, longest waiting first. */
  async waitingOf(em: EntityManager, doctorId: string, today: string): Promise<WaitlistEntryEntity[]> {
    return this.entries(em)
      .createQueryBuilder('e')
      .where("e.doctorId = :doctorId AND e.status = 'waiting' AND e.toDate >= :today", { doctorId, today })
      .orderBy('e.createdAt', 'ASC')
      .addOrderBy('e.id', 'ASC')
      .getMany();
  }

  /** Starts of slots each entry was already offered (declined or let run out): not offered to it again. */
  async offeredStarts(em: EntityManager, entryIds: string[]): Promise<Map<string, Set<number>>> {
    const map = new Map<string, Set<number>>();
    if (entryIds.length === 0) return map;
    const rows: { entry_id: string; starts_at: Date }[] = await em.query(
      `SELECT entry_id, starts_at FROM waitlist_offers WHERE entry_id = ANY($1::uuid[])`,
      [entryIds],
    );
    for (const r of rows) {
      const set = map.get(r.entry_id) ?? new Set<number>();
      set.add(new Date(r.starts_at).getTime());
      map.set(r.entry_id, set);
    }
    return map;
  }

  /** Occupying appointments of a patient overlapping [from, to). */
  async patientBusy(
    em: EntityManager,
    patientId: string,
    from: Date,
    to: Date,
  ): Promise<{ startsAt: Date; endsAt: Date }[]> {
    const rows: { starts_at: Date; ends_at: Date }[] = await em.query(
      `SELECT starts_at, ends_at FROM appointments
        WHERE patient_id = $1 AND status IN ('booked', 'checked_in') AND starts_at < $3 AND ends_at > $2`,
      [patientId, from, to],
    );
    return rows.map((r) => ({ startsAt: toDate(r.starts_at), endsAt: toDate(r.ends_at) }));
  }

  async insertOffer(
    em: EntityManager,
    input: { entryId: string; patientId: string; doctorId: string; startsAt: Date; endsAt: Date; expiresAt: Date },
  ): Promise<string> {
    const result = await this.offers(em)
      .createQueryBuilder()
      .insert()
      .values({ ...input, status: 'open' })
      .returning(['id'])
      .execute();
    return (result.raw as { id: string }[])[0].id;
  }

  /** Open offers whose hold has run out, locked (skipping those another sweeper holds). */
  async lockExpired(em: EntityManager, now: Date, limit: number): Promise<WaitlistOfferEntity[]> {
    return this.offers(em)
      .createQueryBuilder('o')
      .where("o.status = 'open' AND o.expiresAt <= :now", { now })
      .orderBy('o.expiresAt', 'ASC')
      .limit(limit)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
  }

  /** Open offers of a doctor, locked. */
  async lockOpenOffersOfDoctor(em: EntityManager, doctorId: string): Promise<WaitlistOfferEntity[]> {
    return this.offers(em)
      .createQueryBuilder('o')
      .where("o.doctorId = :doctorId AND o.status = 'open'", { doctorId })
      .setLock('pessimistic_write')
      .getMany();
  }

  /** Marks entries whose last wanted date has passed as expired. */
  async expirePastEntries(today: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE waitlist_entries SET status = 'expired', updated_at = now() WHERE status = 'waiting' AND to_date < $1`,
      [today],
    );
  }

  /** Doctors with someone waiting. */
  async doctorsWithWaiting(today: string): Promise<string[]> {
    const rows: { doctor_id: string }[] = await this.dataSource.query(
      `SELECT DISTINCT doctor_id FROM waitlist_entries WHERE status = 'waiting' AND to_date >= $1`,
      [today],
    );
    return rows.map((r) => r.doctor_id);
  }

  /** Offers made and accepted whose offer was made in [from, to). */
  async offerCounts(from: Date, to: Date): Promise<{ made: number; accepted: number }> {
    const rows: { made: string; accepted: string }[] = await this.dataSource.query(
      `SELECT count(*) AS made, count(*) FILTER (WHERE status = 'accepted') AS accepted
         FROM waitlist_offers WHERE created_at >= $1 AND created_at < $2`,
      [from, to],
    );
    return { made: Number(rows[0]?.made ?? 0), accepted: Number(rows[0]?.accepted ?? 0) };
  }
}
