import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { UserEntity } from './user.entity';

/**
 * One sign-in: the refresh-token family that rotation extends. It ends when
 * revoked, after SESSION_IDLE_MINUTES without a refresh, or at `expiresAt`
 * (REFRESH_TOKEN_TTL_DAYS after the sign-in; rotation never moves it).
 */
@Entity({ name: 'sessions' })
export class SessionEntity {
  /** The family id shared by every refresh token of this sign-in. */
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Index('IDX_sessions_user')
  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_sessions_user' })
  user?: UserEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** The last sign-in or refresh. */
  @Column({ name: 'last_used_at', type: 'timestamptz' })
  lastUsedAt!: Date;

  /** The absolute end: sign-in time plus REFRESH_TOKEN_TTL_DAYS. */
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ name: 'user_agent', type: 'varchar', length: 512, default: '' })
  userAgent!: string;

  /** The client address of the last sign-in or refresh, as the server saw it. */
  @Column({ type: 'varchar', length: 64, default: '' })
  ip!: string;
}
