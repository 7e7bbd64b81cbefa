import { Injectable } from '@nestjs/common';
import type { Role } from '@hms/shared';
import { DataSource, EntityManager } from 'typeorm';
import { UserEntity } from './entities/user.entity';

export interface NewUser {
  email: string;
  passwordHash: string;
  role: Role;
  mustChangePassword?: boolean;
}

@Injectable()
export class UsersRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findByEmail(email: string): Promise<UserEntity | null> {
    return this.dataSource.getRepository(UserEntity).findOneBy({ email: email.toLowerCase() });
  }

  async findById(id: string, em: EntityManager = this.dataSource.manager): Promise<UserEntity | null> {
    return em.getRepository(UserEntity).findOneBy({ id });
  }

  async activeFlag(id: string): Promise<boolean | null> {
    const row = await this.dataSource
      .getRepository(UserEntity)
      .findOne({ where: { id }, select: { id: true, active: true } });
    return row ? row.active : null;
  }

  async create(input: NewUser, em: EntityManager = this.dataSource.manager): Promise<UserEntity> {
    const repo = em.getRepository(UserEntity);
    return repo.save(repo.create({ ...input, email: input.email.toLowerCase(), active: true }));
  }

  /** Inserts unless a user with this email exists; true when it inserted. */
  async createIfAbsent(input: NewUser): Promise<boolean> {
    const result = await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(UserEntity)
      .values({ ...input, email: input.email.toLowerCase(), active: true })
      .orIgnore()
      .execute();
    return (result.raw as unknown[]).length > 0;
  }

  async setActive(id: string, active: boolean, em: EntityManager = this.dataSource.manager): Promise<void> {
    await em.getRepository(UserEntity).update({ id }, { active });
  }

  async setPassword(
    id: string,
    passwordHash: string,
    mustChangePassword: boolean,
    em: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await em.getRepository(UserEntity).update({ id }, { passwordHash, mustChangePassword });
  }

  async touchLastLogin(id: string): Promise<void> {
    await this.dataSource.getRepository(UserEntity).update({ id }, { lastLoginAt: new Date() });
  }
}
