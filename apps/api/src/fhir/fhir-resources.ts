import type {
  Appointment,
  CodeableConcept,
  ContactPoint,
  HumanName,
  Patient,
  Practitioner,
  PractitionerRole,
  Schedule,
  Slot,
} from '@medplum/fhirtypes';
import type { AppointmentStatus } from '@hms/shared';
import type { PatientDto, PublicDoctorDto } from '../directory/dto/directory.dto';
import type { AppointmentDto } from '../scheduling/dto/appointment.dto';
import type { SlotDto } from '../scheduling/dto/scheduling.dto';

/**
 * Mappers from the domain services' answers to FHIR R4 resources. No rule
 * lives here: what a caller may see was decided by the service that answered.
 */

/** Code system of the clinic's departments (`PractitionerRole.specialty`, `Schedule.specialty`). */
export const SPECIALTY_SYSTEM = 'urn:hms:specialization';

type FhirAppointmentStatus = NonNullable<Appointment['status']>;

/**
 * Appointment status, domain → FHIR. One line per domain status, including
 * those the domain is about to gain, so the table is the only place to touch.
 */
const APPOINTMENT_STATUS_TO_FHIR: Readonly<
  Record<AppointmentStatus | 'checked_in' | 'no_show', FhirAppointmentStatus>
> = {
  booked: 'booked',
  checked_in: 'arrived',
  completed: 'fulfilled',
  cancelled: 'cancelled',
  no_show: 'noshow',
};

export const FHIR_APPOINTMENT_STATUSES: readonly FhirAppointmentStatus[] = [
  'proposed',
  'pending',
  'booked',
  'arrived',
  'fulfilled',
  'cancelled',
  'noshow',
  'entered-in-error',
  'checked-in',
  'waitlist',
];

export function toFhirAppointmentStatus(status: AppointmentStatus): FhirAppointmentStatus {
  return APPOINTMENT_STATUS_TO_FHIR[status];
}

/** The domain statuses that a FHIR status stands for (none for a FHIR status the clinic never uses). */
export function domainStatusesOf(fhirStatus: string, known: readonly AppointmentStatus[]): AppointmentStatus[] {
  return known.filter((s) => APPOINTMENT_STATUS_TO_FHIR[s] === fhirStatus);
}

/**
 * A slot's id encodes its doctor and start: `{doctorId}.{epochSeconds}`.
 * Reading or booking it again needs no stored slot (FHIR ids allow letters,
 * digits, `-` and `.`, up to 64 characters).
 */
export function slotId(doctorId: string, startsAt: Date | string): string {
  return `${doctorId}.${Math.floor(new Date(startsAt).getTime() / 1000)}`;
}

export function parseSlotId(id: string): { doctorId: string; startsAt: Date } | null {
  const m = /^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\.(\d{1,11})$/.exec(id);
  if (!m) return null;
  return { doctorId: m[1].toLowerCase(), startsAt: new Date(Number(m[2]) * 1000) };
}

const NAME_PREFIXES = /^(dr|prof|mr|mrs|ms|miss|mx)\.?$/i;

/** A display name as a HumanName: the text, and a best-effort prefix, given names and family name. */
export function humanName(fullName: string): HumanName {
  const words = fullName.trim().split(/\s+/).filter(Boolean);
  const prefix = words.length > 1 && NAME_PREFIXES.test(words[0]) ? [words.shift() as string] : [];
  const family = words.length > 0 ? words.pop() : undefined;
  return {
    use: 'official',
    text: fullName,
    ...(family ? { family } : {}),
    ...(words.length > 0 ? { given: words } : {}),
    ...(prefix.length > 0 ? { prefix } : {}),
  };
}

export function specialty(doctor: Pick<PublicDoctorDto, 'specialization'>): CodeableConcept {
  const { id, name } = doctor.specialization;
  return { coding: [{ system: SPECIALTY_SYSTEM, code: id, display: name }], text: name };
}

/**
 * An active doctor as a Practitioner. No telecom: the login email is an
 * account name, not a contact point (the REST directory omits it too).
 */
export function toPractitioner(doctor: PublicDoctorDto): Practitioner {
  return {
    resourceType: 'Practitioner',
    id: doctor.id,
    active: true,
    name: [humanName(doctor.fullName)],
    ...(doctor.qualification.trim() ? { qualification: [{ code: { text: doctor.qualification } }] } : {}),
  };
}

/** A doctor's place in a department. One per doctor, sharing the doctor's id. */
export function toPractitionerRole(doctor: PublicDoctorDto): PractitionerRole {
  return {
    resourceType: 'PractitionerRole',
    id: doctor.id,
    active: true,
    practitioner: { reference: `Practitioner/${doctor.id}`, display: doctor.fullName },
    specialty: [specialty(doctor)],
  };
}

/** The doctor's bookable time: one Schedule per doctor, sharing the doctor's id; horizon today..today+horizon. */
export function toSchedule(doctor: PublicDoctorDto, horizon: { start: Date; end: Date }): Schedule {
  return {
    resourceType: 'Schedule',
    id: doctor.id,
    active: true,
    actor: [{ reference: `Practitioner/${doctor.id}`, display: doctor.fullName }],
    specialty: [specialty(doctor)],
    planningHorizon: { start: horizon.start.toISOString(), end: horizon.end.toISOString() },
  };
}

export function toSlot(doctorId: string, slot: SlotDto): Slot {
  return {
    resourceType: 'Slot',
    id: slotId(doctorId, slot.startsAt),
    schedule: { reference: `Schedule/${doctorId}` },
    status: slot.available ? 'free' : 'busy',
    start: slot.startsAt,
    end: slot.endsAt,
  };
}

export function toFhirAppointment(a: AppointmentDto): Appointment {
  const minutes = Math.round((new Date(a.endsAt).getTime() - new Date(a.startsAt).getTime()) / 60_000);
  return {
    resourceType: 'Appointment',
    id: a.id,
    status: toFhirAppointmentStatus(a.status),
    ...(a.reason ? { description: a.reason } : {}),
    start: a.startsAt,
    end: a.endsAt,
    minutesDuration: minutes,
    created: a.createdAt,
    slot: [{ reference: `Slot/${slotId(a.doctor.id, a.startsAt)}` }],
    participant: [
      {
        actor: { reference: `Patient/${a.patient.id}`, display: a.patient.fullName },
        required: 'required',
        status: 'accepted',
      },
      {
        actor: { reference: `Practitioner/${a.doctor.id}`, display: a.doctor.fullName },
        required: 'required',
        status: 'accepted',
      },
    ],
  };
}

export function toFhirPatient(p: PatientDto): Patient {
  const telecom: ContactPoint[] = [{ system: 'email', value: p.email, use: 'home' }];
  if (p.phone) telecom.push({ system: 'phone', value: p.phone });
  return {
    resourceType: 'Patient',
    id: p.id,
    active: p.active,
    name: [humanName(p.fullName)],
    telecom,
    ...(p.dateOfBirth ? { birthDate: p.dateOfBirth } : {}),
  };
}
