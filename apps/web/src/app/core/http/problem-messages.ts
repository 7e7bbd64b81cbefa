import { isProblemCode, type ProblemCode, type ProblemDetails } from '@hms/shared';

/**
 * What the user is told for each problem code the API sends. Typed by the
 * shared union, so a new code is a compile error here until it has a message.
 * `null`: the server's own detail says it best (it names a field, a limit or
 * when to try again), so the screen shows that.
 */
export const PROBLEM_MESSAGES: Record<ProblemCode, string | null> = {
  // 400
  validation_failed: null,
  invalid_value: null,
  body_too_deep: 'The request was not understood. Please reload the page and try again.',
  current_password_wrong: 'Your current password is not right.',
  invalid_date: 'That date is not valid.',
  invalid_idempotency_key: 'The request was not understood. Please reload the page and try again.',
  invalid_month: 'That month is not valid.',
  invalid_range: 'The end must not be before the start.',
  range_too_long: 'That range is too long; choose a shorter one.',
  password_rejected: null,
  password_token_invalid: 'This link is not valid or has already been used. Ask for a new one.',
  password_unchanged: 'The new password must differ from the current one.',
  time_off_times: 'Give both a start and an end time, or neither for a whole day.',
  invalid_search_parameter: null,
  repeated_search_parameter: null,
  unknown_search_parameter: null,
  unsupported_search_modifier: null,
  unsupported_search_parameter: null,
  unsupported_search_prefix: null,
  // 401
  unauthenticated: 'Please sign in.',
  invalid_credentials: 'The email or password is not right.',
  invalid_token: 'Your session is not valid. Please sign in again.',
  account_inactive: 'This account is not active. Please contact the clinic.',
  account_missing: 'This account no longer exists.',
  refresh_token_invalid: 'Your session ended. Please sign in again.',
  refresh_token_missing: 'Your session ended. Please sign in again.',
  refresh_token_reused: 'For your safety you were signed out. Please sign in again.',
  session_ended: 'Your session ended. Please sign in again.',
  session_expired: 'Your session expired. Please sign in again.',
  session_idle: 'You were signed out after a while without activity. Please sign in again.',
  // 403
  forbidden: 'You may not do this.',
  forbidden_permission: 'You may not do this.',
  forbidden_role: 'This page is not for your role.',
  route_not_declared: 'You may not do this.',
  no_profile: 'Your account has no profile yet. Please contact the clinic.',
  password_change_required: 'Please change your password first.',
  patient_inactive: 'This patient’s account is not active.',
  book_for_self_only: 'You can book only for yourself.',
  cancel_not_allowed: 'This visit can no longer be cancelled here. Please call the clinic.',
  // 404
  route_not_found: 'That page does not exist.',
  not_found: 'It no longer exists.',
  appointment_not_found: 'That visit no longer exists.',
  export_not_ready: 'The export is not ready yet.',
  // 409
  slot_taken: 'Sorry, that time was just taken by someone else. Please pick another one.',
  patient_overlap: 'You already have a visit at that time. Pick another time or move that visit.',
  appointment_not_booked: 'This visit is no longer booked (it was completed or cancelled meanwhile).',
  appointment_started: 'This visit has already started, so it can no longer be changed.',
  doctor_removed: 'This doctor no longer takes appointments.',
  email_taken: 'An account with this email already exists.',
  already_waiting: 'You are already on the waiting list for this doctor.',
  offer_accepted: 'You already accepted this offer.',
  offer_closed: 'This offer is closed.',
  offer_expired: 'This offer has expired.',
  specialization_name_taken: 'A department with this name already exists.',
  specialization_in_use: 'Doctors still belong to this department.',
  time_off_overlap: 'This overlaps time off you already have.',
  time_off_has_bookings: 'Patients are booked in that time. Cancel or move their visits first.',
  window_has_bookings: 'Patients are booked in these hours. Cancel or move their visits first.',
  duplicate: 'This already exists.',
  overlap: 'This overlaps an entry that already exists.',
  referenced: 'Other records still use this.',
  concurrent_update: 'Someone changed this at the same time. Reload and try again.',
  // 410
  export_expired: 'This export has expired. Please ask for a new one.',
  // 422
  date_outside_horizon: 'That date is beyond how far ahead the clinic books.',
  date_of_birth_in_future: 'The date of birth cannot be in the future.',
  doctor_inactive: 'This doctor is not taking appointments.',
  doctor_time_off: 'The doctor is away at that time.',
  not_slot_start: 'That is not the start of a free time.',
  nonexistent_time: 'That time does not exist on that day (the clocks change).',
  outside_availability: 'The doctor does not see patients at that time.',
  practitioner_mismatch: null,
  same_time: 'The visit already starts at that time.',
  slot_mismatch: 'That time does not match the doctor’s schedule.',
  slot_does_not_divide_window: 'The visit length must divide the hours evenly.',
  specialization_unknown: 'That department does not exist.',
  starts_in_past: 'That time is in the past.',
  unsupported_status: null,
  window_order: 'The end time must be after the start time.',
  // 429
  too_many_requests: null,
  too_many_refreshes: null,
  too_many_upcoming_bookings: null,
  // 5xx
  internal_error: 'Something went wrong on our side. Please try again.',
  dependency_unavailable: 'The service is busy. Please try again in a moment.',
  audit_unavailable: 'The service is busy. Please try again in a moment.',
  not_ready: 'The service is starting. Please try again in a moment.',
};

/** The message for a problem's code, or null when the code is unknown or its detail says it best. */
export function messageForCode(problem: Pick<ProblemDetails, 'code'>): string | null {
  return isProblemCode(problem.code) ? PROBLEM_MESSAGES[problem.code] : null;
}
