import { Routes } from '@angular/router';

export default [
  {
    path: '',
    title: 'Dashboard',
    loadComponent: () => import('./dashboard/admin-dashboard.component').then((m) => m.AdminDashboardComponent),
  },
  {
    path: 'specializations',
    title: 'Specializations',
    loadComponent: () => import('./specializations/specializations.component').then((m) => m.SpecializationsComponent),
  },
  {
    path: 'doctors',
    title: 'Doctors',
    loadComponent: () => import('./doctors/doctors-list.component').then((m) => m.DoctorsListComponent),
  },
  {
    path: 'doctors/new',
    title: 'New doctor',
    loadComponent: () => import('./doctors/doctor-form.component').then((m) => m.DoctorFormComponent),
  },
  {
    path: 'doctors/:id',
    title: 'Edit doctor',
    loadComponent: () => import('./doctors/doctor-form.component').then((m) => m.DoctorFormComponent),
  },
  {
    path: 'patients',
    title: 'Patients',
    loadComponent: () => import('./patients/patients-list.component').then((m) => m.PatientsListComponent),
  },
  {
    path: 'patients/:id',
    title: 'Patient',
    loadComponent: () => import('./patients/patient-details.component').then((m) => m.PatientDetailsComponent),
  },
  {
    path: 'today',
    title: 'Front desk: today',
    loadComponent: () => import('./today/front-desk-today.component').then((m) => m.FrontDeskTodayComponent),
  },
  {
    path: 'appointments',
    title: 'Appointments',
    loadComponent: () =>
      import('./appointments/admin-appointments.component').then((m) => m.AdminAppointmentsComponent),
  },
  {
    path: 'audit',
    title: 'Audit',
    loadComponent: () => import('./audit/admin-audit.component').then((m) => m.AdminAuditComponent),
  },
  {
    path: 'staff',
    title: 'Staff',
    loadComponent: () => import('./staff/admin-staff.component').then((m) => m.AdminStaffComponent),
  },
  {
    path: 'jobs',
    title: 'Jobs',
    loadComponent: () => import('./jobs/admin-jobs.component').then((m) => m.AdminJobsComponent),
  },
] satisfies Routes;
