import type { ProblemCode } from '@hms/shared';
import { tryAgainIn } from './retry-after';

/**
 * Errors the domain raises. Each carries a stable code; the problem filter
 * maps the class to an HTTP status once, so services never speak HTTP.
 */
export abstract class DomainError extends Error {
  abstract readonly status: number;
  abstract readonly title: string;
  /** Extra members of the problem document (RFC 9457 extensions), e.g. the resources in the way. */
  extensions?: Record<string, unknown>;
  constructor(
    readonly code: ProblemCode,
    message: string,
    readonly errors?: { field: string; message: string }[],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The resources a 404 names, each with the code its problem document carries. */
const NOT_FOUND_CODES = {
  Appointment: 'appointment_not_found',
  AuditEvent: 'auditevent_not_found',
  'Availability window': 'availability_window_not_found',
  Doctor: 'doctor_not_found',
  Export: 'export_not_found',
  Job: 'job_not_found',
  Offer: 'offer_not_found',
  Patient: 'patient_not_found',
  Practitioner: 'practitioner_not_found',
  PractitionerRole: 'practitionerrole_not_found',
  Schedule: 'schedule_not_found',
  Session: 'session_not_found',
  Slot: 'slot_not_found',
  Specialization: 'specialization_not_found',
  'Staff member': 'staff_member_not_found',
  'Time off': 'time_off_not_found',
  Treatment: 'treatment_not_found',
  User: 'user_not_found',
  'Waitlist entry': 'waitlist_entry_not_found',
} as const satisfies Record<string, ProblemCode>;
export type NotFoundResource = keyof typeof NOT_FOUND_CODES;

/** No such resource, or one the caller may not see (never reveal which). */
export class NotFoundError extends DomainError {
  readonly status = 404;
  readonly title = 'Not Found';
  constructor(resource: NotFoundResource, code: ProblemCode = NOT_FOUND_CODES[resource]) {
    super(code, `${resource} not found`);
  }
}

/** Conflicts with the current state: slot taken, duplicate, no longer booked. */
export class ConflictError extends DomainError {
  readonly status = 409;
  readonly title = 'Conflict';

  /** The same conflict with extension members added to its problem document. */
  with(extensions: Record<string, unknown>): this {
    this.extensions = extensions;
    return this;
  }
}

/** Well-formed but breaks a business rule (outside availability, past, beyond the horizon...). */
export class RuleViolationError extends DomainError {
  readonly status = 422;
  readonly title = 'Unprocessable Content';
}

/** Input that is malformed in a way only the domain can tell. */
export class InvalidInputError extends DomainError {
  readonly status = 400;
  readonly title = 'Bad Request';
}

export class UnauthenticatedError extends DomainError {
  readonly status = 401;
  readonly title = 'Unauthorized';
}

export class ForbiddenError extends DomainError {
  readonly status = 403;
  readonly title = 'Forbidden';
}

/**
 * Rate limited: answered with `Retry-After` (whole seconds) and a detail that
 * ends with when to try again ("...; try again in 4 minutes").
 */
export class TooManyRequestsError extends DomainError {
  readonly status = 429;
  readonly title = 'Too Many Requests';
  readonly retryAfterSeconds: number;
  constructor(code: ProblemCode, reason: string, retryAfterSeconds: number) {
    const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
    super(code, `${reason}; ${tryAgainIn(seconds)}`);
    this.retryAfterSeconds = seconds;
  }
}

/** A dependency the answer cannot go without is down (the audit trail): the request fails closed. */
export class ServiceUnavailableError extends DomainError {
  readonly status = 503;
  readonly title = 'Service Unavailable';
}
