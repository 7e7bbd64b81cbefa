import { Routes } from '@angular/router';

export default [
  {
    path: '',
    title: 'Home',
    loadComponent: () => import('./dashboard/patient-dashboard.component').then((m) => m.PatientDashboardComponent),
  },
  {
    path: 'doctors',
    title: 'Find a doctor',
    loadComponent: () => import('./doctors/doctor-search.component').then((m) => m.DoctorSearchComponent),
  },
  {
    path: 'doctors/:id',
    title: 'Book an appointment',
    loadComponent: () => import('./doctors/doctor-booking.component').then((m) => m.DoctorBookingComponent),
  },
  {
    path: 'appointments',
    title: 'My appointments',
    loadComponent: () =>
      import('./appointments/patient-appointments.component').then((m) => m.PatientAppointmentsComponent),
  },
  {
    path: 'appointments/:id/reschedule',
    title: 'Reschedule',
    loadComponent: () => import('./appointments/reschedule.component').then((m) => m.RescheduleComponent),
  },
  {
    path: 'waitlist',
    title: 'Waitlist and offers',
    loadComponent: () => import('./waitlist/patient-waitlist.component').then((m) => m.PatientWaitlistComponent),
  },
  {
    path: 'treatments',
    title: 'Treatments',
    loadComponent: () => import('./treatments/treatments.component').then((m) => m.TreatmentsComponent),
  },
  {
    path: 'access-log',
    title: 'Who viewed my record',
    loadComponent: () => import('./access-log/access-log.component').then((m) => m.AccessLogComponent),
  },
  {
    path: 'profile',
    title: 'Profile',
    loadComponent: () => import('./profile/patient-profile.component').then((m) => m.PatientProfileComponent),
  },
] satisfies Routes;
