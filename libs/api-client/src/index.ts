/**
 * Provisional contract types, written from API.md until docs/openapi.json lands.
 * Replaced by re-exports of the generated client.
 */
import type { AppointmentStatus, JobStatus, Role } from '@hms/shared';

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}
export interface User {
  id: string;
  email: string;
  role: Role;
  active: boolean;
}
export interface Specialization {
  id: string;
  name: string;
  description: string;
  doctorCount: number;
}
export interface Doctor {
  id: string;
  fullName: string;
  email: string;
  specialization: { id: string; name: string };
  qualification: string | null;
  experienceYears: number | null;
  active: boolean;
}
export interface Patient {
  id: string;
  fullName: string;
  email: string;
  dateOfBirth: string | null;
  phone: string | null;
  active: boolean;
}
export interface AvailabilityWindow {
  id: string;
  date: string;
  startTime: string;
  endTime: string;
  slotMinutes: number;
}
export interface Slot {
  startsAt: string;
  endsAt: string;
  available: boolean;
}
export interface Treatment {
  id: string;
  appointmentId: string;
  diagnosis: string;
  prescription: string | null;
  notes: string | null;
  createdAt: string;
  updatedAt: string;
}
export interface Appointment {
  id: string;
  doctor: { id: string; fullName: string; specialization: { id: string; name: string } | string };
  patient: { id: string; fullName: string };
  startsAt: string;
  endsAt: string;
  status: AppointmentStatus;
  reason: string | null;
  treatment: Treatment | null;
  createdAt: string;
}
export interface Job {
  id: string;
  kind: string;
  status: JobStatus;
  createdAt: string;
  finishedAt: string | null;
  result: { rows?: number; downloadUrl?: string; [key: string]: unknown } | null;
}
export interface AuthResponse {
  accessToken: string;
  expiresIn: number;
  refreshToken?: string;
  user: User;
}
export interface Me {
  user: User;
  profile: Doctor | Patient | null;
}
export interface AdminDashboard {
  doctors: number;
  patients: number;
  specializations: number;
  appointments: { total: number; booked: number; completed: number; cancelled: number; today: number };
}
export interface DoctorDashboard {
  today: number;
  thisWeek: number;
  upcoming: number;
  patients: number;
  completedThisMonth: number;
}
export interface PatientDashboard {
  upcoming: Appointment[];
  past: Appointment[];
  specializations: Specialization[];
}
export interface PatientDetails extends Patient {
  appointments: Appointment[];
}
