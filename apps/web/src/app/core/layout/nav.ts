import type { Permission } from '@hms/shared';

export interface NavItem {
  label: string;
  link: string;
  permission: Permission;
  exact?: boolean;
  /** Hidden from roles holding this permission (their portal links to the page another way). */
  unlessPermission?: Permission;
}

/** Navigation of the portals; each item shows only to roles holding its permission. */
export const NAV_ITEMS: readonly NavItem[] = [
  { label: 'Dashboard', link: '/admin', permission: 'admin:dashboard', exact: true },
  { label: 'Specializations', link: '/admin/specializations', permission: 'specializations:manage' },
  { label: 'Doctors', link: '/admin/doctors', permission: 'doctors:manage' },
  { label: 'Patients', link: '/admin/patients', permission: 'patients:manage' },
  { label: 'Today', link: '/admin/today', permission: 'appointments:cancel-any' },
  { label: 'Appointments', link: '/admin/appointments', permission: 'appointments:read-all' },
  { label: 'Jobs', link: '/admin/jobs', permission: 'jobs:run' },
  { label: 'Audit', link: '/admin/audit', permission: 'audit:read' },
  // Admins reach the desk from their Today page; the header keeps to one line for them.
  { label: 'Day', link: '/desk', permission: 'desk:use', exact: true, unlessPermission: 'admin:dashboard' },
  { label: 'Patients', link: '/desk/patients', permission: 'desk:use', unlessPermission: 'admin:dashboard' },
  { label: 'My day', link: '/doctor', permission: 'doctor:dashboard', exact: true },
  { label: 'Appointments', link: '/doctor/appointments', permission: 'appointments:read-own-doctor' },
  { label: 'Weekly schedule', link: '/doctor/schedule', permission: 'availability:manage' },
  { label: 'Availability', link: '/doctor/availability', permission: 'availability:manage' },
  { label: 'My patients', link: '/doctor/patients', permission: 'doctor-patients:read' },
  { label: 'Home', link: '/patient', permission: 'patient:dashboard', exact: true },
  { label: 'Find a doctor', link: '/patient/doctors', permission: 'doctors:browse' },
  { label: 'My appointments', link: '/patient/appointments', permission: 'appointments:book' },
  { label: 'Waitlist', link: '/patient/waitlist', permission: 'waitlist:join' },
  { label: 'Treatments', link: '/patient/treatments', permission: 'treatments:read-own' },
  { label: 'Who viewed my record', link: '/patient/access-log', permission: 'access-log:read' },
  { label: 'Profile', link: '/patient/profile', permission: 'profile:manage' },
];
