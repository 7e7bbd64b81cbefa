import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { UserEntity } from '../auth/entities/user.entity';
import { StaffMemberEntity } from './staff-member.entity';

/** A staff member with their login. */
export interface StaffRow {
  id: string;
  userId: string;
  fullName: string;
  email: string;
  role: UserEntity['role'];
  active: boolean;
  createdAt: Date;
  lastLoginAt: Date | null;
}

@Injectable()
export class StaffRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async create(input: { userId: string; fullName: string }, em: EntityManager): Promise<StaffMemberEntity> {
    const repo = em.getRepository(StaffMemberEntity);
    return repo.save(repo.create(input));
  }

  /** Every staff member, by name. */
  async list(): Promise<StaffRow[]> {
    const rows = await this.query('ORDER BY lower(s.full_name), s.id', []);
    return rows;
  }

  async find(id: string, em: EntityManager = this.dataSource.manager, lock = false): Promise<StaffRow | null> {
    const rows = await this.query(`WHERE s.id = $1${lock ? ' FOR UPDATE OF s' : ''}`, [id], em);
    return rows[0] ?? null;
  }

  /** The name of the staff member behind a login, or null. */
  async nameOfUser(userId: string): Promise<string | null> {
    const row = await this.dataSource.getRepository(StaffMemberEntity).findOneBy({ userId });
    return row?.fullName ?? null;
  }

  private async query(
    tail: string,
    params: unknown[],
    em: EntityManager = this.dataSource.manager,
  ): Promise<StaffRow[]> {
    const rows: {
      id: string;
      user_id: string;
      full_name: string;
      email: string;
      role: UserEntity['role'];
      active: boolean;
      created_at: Date;
      last_login_at: Date | null;
    }[] = await em.query(
      `SELECT s.id, s.user_id, s.full_name, u.email, u.role, u.active, s.created_at, u.last_login_at
         FROM staff_members s JOIN users u ON u.id = s.user_id ${tail}`,
      params,
    );
    return rows.map((r) => ({
      id: r.id,
      userId: r.user_id,
      fullName: r.full_name,
      email: r.email,
      role: r.role,
      active: r.active,
      createdAt: new Date(r.created_at),
      lastLoginAt: r.last_login_at ? new Date(r.last_login_at) : null,
    }));
  }
}
