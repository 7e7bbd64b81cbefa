import { Injectable } from '@nestjs/common';
import type { AppointmentStatus } from '@hms/shared';
import { DataSource } from 'typeorm';
import { DoctorEntity } from '../directory/entities/doctor.entity';
import { AppointmentEntity } from '../scheduling/entities/appointment.entity';
import { activeDoctorSql } from '../directory/active-doctor';

/** A visit on the day grid, with the patient's name and phone (never its treatment). */
export interface DayVisit {
  id: string;
  doctorId: string;
  startsAt: Date;
  endsAt: Date;
  status: AppointmentStatus;
  reason: string;
  patient: { id: string; fullName: string; phone: string | null };
}

/** Read-only queries of the front desk's day grid. */
@Injectable()
export class DeskRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Doctors taking appointments, by name, optionally of one department or one doctor. */
  async activeDoctors(filter: { specializationId?: string; doctorId?: string }): Promise<DoctorEntity[]> {
    const qb = this.dataSource
      .getRepository(DoctorEntity)
      .createQueryBuilder('d')
      .innerJoinAndSelect('d.user', 'u')
      .innerJoinAndSelect('d.specialization', 's')
      .where(activeDoctorSql('d', 'u'));
    if (filter.specializationId) qb.andWhere('d.specialization_id = :sid', { sid: filter.specializationId });
    if (filter.doctorId) qb.andWhere('d.id = :did', { did: filter.doctorId });
    return qb.orderBy('lower(d.full_name)').addOrderBy('d.id').getMany();
  }

  /** Visits (not cancelled) of these doctors starting in [from, to). */
  async visits(doctorIds: string[], from: Date, to: Date): Promise<DayVisit[]> {
    if (doctorIds.length === 0) return [];
    const rows = await this.dataSource
      .getRepository(AppointmentEntity)
      .createQueryBuilder('a')
      .innerJoinAndSelect('a.patient', 'p')
      .where('a.doctor_id IN (:...doctorIds)', { doctorIds })
      .andWhere("a.status <> 'cancelled'")
      .andWhere('a.starts_at >= :from AND a.starts_at < :to', { from, to })
      .orderBy('a.starts_at')
      .getMany();
    return rows.map((a) => ({
      id: a.id,
      doctorId: a.doctorId,
      startsAt: a.startsAt,
      endsAt: a.endsAt,
      status: a.status,
      reason: a.reason,
      patient: { id: a.patient!.id, fullName: a.patient!.fullName, phone: a.patient!.phone },
    }));
  }

  /** Slots held by open waitlist offers of these doctors overlapping [from, to). */
  async heldOffers(
    doctorIds: string[],
    from: Date,
    to: Date,
  ): Promise<{ doctorId: string; startsAt: Date; endsAt: Date }[]> {
    if (doctorIds.length === 0) return [];
    const rows: { doctor_id: string; starts_at: Date; ends_at: Date }[] = await this.dataSource.query(
      `SELECT doctor_id, starts_at, ends_at FROM waitlist_offers
        WHERE doctor_id = ANY($1::uuid[]) AND status = 'open' AND starts_at < $3 AND ends_at > $2`,
      [doctorIds, from, to],
    );
    return rows.map((r) => ({ doctorId: r.doctor_id, startsAt: new Date(r.starts_at), endsAt: new Date(r.ends_at) }));
  }
}
