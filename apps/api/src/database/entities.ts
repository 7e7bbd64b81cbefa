import { PasswordTokenEntity } from '../auth/entities/password-token.entity';
import { SessionEntity } from '../auth/entities/session.entity';
import { RefreshTokenEntity } from '../auth/entities/refresh-token.entity';
import { UserEntity } from '../auth/entities/user.entity';
import { JobEntity } from '../jobs/entities/job.entity';
import { NotificationLogEntity } from '../notifications/entities/notification-log.entity';
import { OutboxMessageEntity } from '../notifications/entities/outbox-message.entity';
import { DoctorEntity } from '../directory/entities/doctor.entity';
import { PatientEntity } from '../directory/entities/patient.entity';
import { SpecializationEntity } from '../directory/entities/specialization.entity';
import { TreatmentEntity } from '../records/entities/treatment.entity';
import { TreatmentRevisionEntity } from '../records/entities/treatment-revision.entity';
import { AuditEventEntity } from '../audit/entities/audit-event.entity';
import { AppointmentEntity } from '../scheduling/entities/appointment.entity';
import { AvailabilityWindowEntity } from '../scheduling/entities/availability-window.entity';
import { IdempotencyKeyEntity } from '../scheduling/entities/idempotency-key.entity';
import { DoctorScheduleEntity } from '../scheduling/entities/doctor-schedule.entity';
import { TimeOffEntity } from '../scheduling/entities/time-off.entity';
import { WaitlistEntryEntity } from '../waitlist/waitlist-entry.entity';
import { WaitlistOfferEntity } from '../waitlist/waitlist-offer.entity';
import { StaffMemberEntity } from '../staff/staff-member.entity';

/** Every TypeORM entity of the product. Migrations must describe exactly these. */
export const ENTITIES = [
  UserEntity,
  StaffMemberEntity,
  SessionEntity,
  RefreshTokenEntity,
  PasswordTokenEntity,
  SpecializationEntity,
  DoctorEntity,
  PatientEntity,
  AvailabilityWindowEntity,
  AppointmentEntity,
  IdempotencyKeyEntity,
  TreatmentEntity,
  TreatmentRevisionEntity,
  OutboxMessageEntity,
  JobEntity,
  NotificationLogEntity,
  AuditEventEntity,
  DoctorScheduleEntity,
  TimeOffEntity,
  WaitlistEntryEntity,
  WaitlistOfferEntity,
];
