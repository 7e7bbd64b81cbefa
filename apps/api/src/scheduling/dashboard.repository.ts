import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { DashboardSpecializationDto } from './dto/scheduling.dto';

/** Reads for the patient dashboard that are not appointments. */
@Injectable()
export class DashboardRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Departments by name with their count of active doctors, in one query. */
  async specializationsWithDoctorCount(): Promise<DashboardSpecializationDto[]> {
    const rows: { id: string; name: string; description: string; doctor_count: string }[] = await this.dataSource.query(
      `SELECT s.id, s.name, s.description,
              count(d.id) FILTER (WHERE u.active AND d.removed_at IS NULL) AS doctor_count
         FROM specializations s
         LEFT JOIN doctors d ON d.specialization_id = s.id
         LEFT JOIN users u ON u.id = d.user_id
        GROUP BY s.id
        ORDER BY lower(s.name)`,
    );
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      description: r.description,
      doctorCount: Number(r.doctor_count),
    }));
  }
}
