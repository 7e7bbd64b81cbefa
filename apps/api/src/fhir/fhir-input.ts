import type { Appointment } from '@medplum/fhirtypes';
import { ForbiddenError, InvalidInputError, RuleViolationError } from '../common/errors/domain-errors';
import type { BookingRequest } from '../scheduling/booking.service';
import { parseSlotId } from './fhir-resources';
import { referencedId } from './fhir-search';
import type { ProblemCode } from '@hms/shared';

/** Longest `description` accepted, as the REST booking's `reason`. */
const REASON_MAX = 500;

function invalid(message: string, field: string, code: ProblemCode = 'invalid_resource'): InvalidInputError {
  return new InvalidInputError(code, message, [{ field, message }]);
}

/** The body as an Appointment resource, or 400. */
export function appointmentBody(body: unknown): Appointment {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalid('The body must be a FHIR Appointment resource (JSON object)', 'resourceType');
  }
  const resource = body as Record<string, unknown>;
  if (resource.resourceType !== 'Appointment') {
    throw invalid('resourceType must be Appointment', 'resourceType');
  }
  if (typeof resource.status !== 'string') throw invalid('status is required', 'status');
  return resource as unknown as Appointment;
}

function participantIds(a: Appointment, type: 'Patient' | 'Practitioner'): string[] {
  if (a.participant !== undefined && !Array.isArray(a.participant)) {
    throw invalid('participant must be an array', 'participant');
  }
  const ids: string[] = [];
  for (const [i, p] of (a.participant ?? []).entries()) {
    const reference = p?.actor?.reference;
    if (typeof reference !== 'string') continue;
    if (!reference.includes(`${type}/`)) continue;
    const id = referencedId(reference, type);
    if (!id) throw invalid(`participant[${i}].actor.reference is not a ${type} reference`, `participant[${i}].actor`);
    ids.push(id.toLowerCase());
  }
  return ids;
}

/**
 * A create request (`POST /fhir/Appointment`) as the booking it asks for:
 * status `booked`, exactly one `Slot` (doctor and start come from its id),
 * participants that agree with it, and the caller as the patient. The
 * booking rules themselves stay with the booking service.
 */
export function bookingFromAppointment(body: unknown, callerPatientId: string): BookingRequest {
  const a = appointmentBody(body);
  if (a.status !== 'booked') {
    throw new RuleViolationError('unsupported_status', 'An appointment is created with status booked', [
      { field: 'status', message: 'must be booked' },
    ]);
  }
  if (!Array.isArray(a.slot) || a.slot.length !== 1 || typeof a.slot[0]?.reference !== 'string') {
    throw invalid('Exactly one slot reference (Slot/{id}) is required', 'slot');
  }
  const id = referencedId(a.slot[0].reference, 'Slot');
  const slot = id ? parseSlotId(id) : null;
  if (!slot) throw invalid('slot[0].reference does not name a Slot of this server', 'slot[0].reference');
  if (a.start !== undefined && new Date(a.start).getTime() !== slot.startsAt.getTime()) {
    throw new RuleViolationError('slot_mismatch', 'start differs from the start of the referenced slot', [
      { field: 'start', message: 'must equal the slot’s start, or be left out' },
    ]);
  }
  const practitioners = participantIds(a, 'Practitioner');
  if (practitioners.some((p) => p !== slot.doctorId)) {
    throw new RuleViolationError('practitioner_mismatch', 'The practitioner is not the one whose slot is referenced', [
      { field: 'participant', message: 'the Practitioner participant must be the slot’s practitioner' },
    ]);
  }
  const patients = participantIds(a, 'Patient');
  if (patients.some((p) => p !== callerPatientId.toLowerCase())) {
    throw new ForbiddenError('book_for_self_only', 'A patient books appointments only for themself');
  }
  const reason = a.description ?? a.comment;
  if (reason !== undefined && typeof reason !== 'string') throw invalid('description must be a string', 'description');
  if (reason !== undefined && reason.length > REASON_MAX) {
    throw invalid(`description must be at most ${REASON_MAX} characters`, 'description');
  }
  return {
    doctorId: slot.doctorId,
    startsAt: slot.startsAt.toISOString(),
    ...(reason !== undefined ? { reason } : {}),
  };
}

/**
 * An update (`PUT /fhir/Appointment/{id}`) may only cancel: status
 * `cancelled`, and everything else it states (start, end, slot,
 * participants) as the appointment is. Answers the cancellation reason.
 */
export function cancellationFromUpdate(body: unknown, id: string, current: Appointment): { reason?: string } {
  const a = appointmentBody(body);
  if (a.id !== undefined && a.id !== id) throw invalid('id must match the id in the URL', 'id');
  const changed: string[] = [];
  if (a.status !== 'cancelled') changed.push('status');
  if (a.start !== undefined && new Date(a.start).getTime() !== new Date(current.start ?? 0).getTime()) {
    changed.push('start');
  }
  if (a.end !== undefined && new Date(a.end).getTime() !== new Date(current.end ?? 0).getTime()) changed.push('end');
  if (
    a.slot !== undefined &&
    JSON.stringify(a.slot.map((s) => s.reference)) !== JSON.stringify(current.slot?.map((s) => s.reference))
  ) {
    changed.push('slot');
  }
  for (const type of ['Patient', 'Practitioner'] as const) {
    const given = participantIds(a, type);
    if (given.length > 0 && given.some((p) => !participantIds(current, type).includes(p))) changed.push('participant');
  }
  if (changed.length > 0) {
    throw new RuleViolationError(
      'unsupported_change',
      'An appointment can only be cancelled here (status cancelled); to move it, cancel it and book another slot',
      [...new Set(changed)].map((field) => ({
        field,
        message: field === 'status' ? 'must be cancelled' : 'cannot be changed',
      })),
    );
  }
  const reason = a.cancelationReason?.text;
  return reason ? { reason } : {};
}
