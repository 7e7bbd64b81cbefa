import { InitialSchema1795635088082 } from './1795635088082-initial-schema';
import { Outbox1795636305575 } from './1795636305575-outbox';
import { JobsAndNotificationLog1795636603506 } from './1795636603506-jobs-and-notification-log';
import { BookingIdempotencyKeys1795636873552 } from './1795636873552-booking-idempotency-keys';
import { SessionsAndPasswordTokens1796000000000 } from './1796000000000-sessions-and-password-tokens';
import { AuditTrailAndTreatmentRevisions1796000200000 } from './1796000200000-audit-trail-and-treatment-revisions';
import { SchedulesTimeOffWaitlist1796000500000 } from './1796000500000-schedules-time-off-waitlist';
import { FrontDesk1796000700000 } from './1796000700000-front-desk';
import { OutboxByAggregate1796000810000 } from './1796000810000-outbox-by-aggregate';
import { JobHistoryIndex1796000830000 } from './1796000830000-job-history-index';
import { BookingStatement1796000900000 } from './1796000900000-booking-statement';
import { NotificationLogFillfactor1796000905000 } from './1796000905000-notification-log-fillfactor';
import { BookingTriggerOneRecheck1796000910000 } from './1796000910000-booking-trigger-one-recheck';
import { NoticeClaimFunction1796000915000 } from './1796000915000-notice-claim-function';
import { OutboxJobId1796000920000 } from './1796000920000-outbox-job-id';
import { NoticeClaimFastPath1796000925000 } from './1796000925000-notice-claim-fast-path';

/** Every migration, oldest first. */
export const MIGRATIONS = [
  InitialSchema1795635088082,
  Outbox1795636305575,
  JobsAndNotificationLog1795636603506,
  BookingIdempotencyKeys1795636873552,
  SessionsAndPasswordTokens1796000000000,
  AuditTrailAndTreatmentRevisions1796000200000,
  SchedulesTimeOffWaitlist1796000500000,
  FrontDesk1796000700000,
  OutboxByAggregate1796000810000,
  JobHistoryIndex1796000830000,
  BookingStatement1796000900000,
  NotificationLogFillfactor1796000905000,
  BookingTriggerOneRecheck1796000910000,
  NoticeClaimFunction1796000915000,
  OutboxJobId1796000920000,
  NoticeClaimFastPath1796000925000,
];
