import { Routes } from '@angular/router';

export default [
  {
    path: '',
    title: 'My day',
    loadComponent: () => import('./dashboard/doctor-dashboard.component').then((m) => m.DoctorDashboardComponent),
  },
  {
    path: 'appointments',
    title: 'Appointments',
    loadComponent: () =>
      import('./appointments/doctor-appointments.component').then((m) => m.DoctorAppointmentsComponent),
  },
  {
    path: 'availability',
    title: 'Availability',
    loadComponent: () =>
      import('./availability/availability-editor.component').then((m) => m.AvailabilityEditorComponent),
  },
  {
    path: 'schedule',
    title: 'Weekly schedule',
    loadComponent: () => import('./schedule/weekly-schedule.component').then((m) => m.WeeklyScheduleComponent),
  },
  {
    path: 'patients',
    title: 'My patients',
    loadComponent: () => import('./patients/doctor-patients.component').then((m) => m.DoctorPatientsComponent),
  },
  {
    path: 'patients/:patientId',
    title: 'Patient history',
    loadComponent: () => import('./patients/patient-history.component').then((m) => m.PatientHistoryComponent),
  },
] satisfies Routes;
