/**
 * Every `code` a problem document (RFC 9457) of the API can carry. The API's
 * domain errors are typed by it and the web app switches on it, so a renamed
 * or new code is a compile error on both sides instead of a silent fallback.
 */
export const PROBLEM_CODES = [
  // 400
  'validation_failed',
  'invalid_value',
  'body_too_deep',
  'current_password_wrong',
  'invalid_date',
  'invalid_idempotency_key',
  'invalid_month',
  'invalid_range',
  'range_too_long',
  'password_rejected',
  'password_token_invalid',
  'password_unchanged',
  'time_off_times',
  'invalid_search_parameter',
  'repeated_search_parameter',
  'unknown_search_parameter',
  'unsupported_search_modifier',
  'unsupported_search_parameter',
  'unsupported_search_prefix',
  // 401
  'unauthenticated',
  'invalid_credentials',
  'invalid_token',
  'account_inactive',
  'account_missing',
  'refresh_token_invalid',
  'refresh_token_missing',
  'refresh_token_reused',
  'session_ended',
  'session_expired',
  'session_idle',
  // 403
  'forbidden',
  'forbidden_permission',
  'forbidden_role',
  'route_not_declared',
  'no_profile',
  'password_change_required',
  'patient_inactive',
  'book_for_self_only',
  'cancel_not_allowed',
  // 404
  'route_not_found',
  'not_found',
  'appointment_not_found',
  'export_not_ready',
  // 409
  'slot_taken',
  'patient_overlap',
  'appointment_not_booked',
  'appointment_started',
  'doctor_removed',
  'email_taken',
  'already_waiting',
  'offer_accepted',
  'offer_closed',
  'offer_expired',
  'specialization_name_taken',
  'specialization_in_use',
  'time_off_overlap',
  'time_off_has_bookings',
  'window_has_bookings',
  'duplicate',
  'overlap',
  'referenced',
  'concurrent_update',
  // 410
  'export_expired',
  // 422
  'date_outside_horizon',
  'date_of_birth_in_future',
  'doctor_inactive',
  'doctor_time_off',
  'not_slot_start',
  'nonexistent_time',
  'outside_availability',
  'practitioner_mismatch',
  'same_time',
  'slot_mismatch',
  'slot_does_not_divide_window',
  'specialization_unknown',
  'starts_in_past',
  'unsupported_status',
  'window_order',
  'month_in_future',
  'reassign_same_doctor',
  'reassign_other_department',
  // 429
  'too_many_requests',
  'too_many_refreshes',
  'too_many_upcoming_bookings',
  // 5xx
  'internal_error',
  'dependency_unavailable',
  'audit_unavailable',
  'not_ready',
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

/** True when `code` is one the API is known to send. */
export function isProblemCode(code: unknown): code is ProblemCode {
  return typeof code === 'string' && (PROBLEM_CODES as readonly string[]).includes(code);
}
