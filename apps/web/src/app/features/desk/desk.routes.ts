import { Routes } from '@angular/router';

export default [
  {
    path: '',
    title: 'Front desk: day',
    loadComponent: () => import('./day/desk-day.component').then((m) => m.DeskDayComponent),
  },
  {
    path: 'patients',
    title: 'Front desk: patients',
    loadComponent: () => import('./patients/desk-patients.component').then((m) => m.DeskPatientsComponent),
  },
  {
    path: 'patients/:id',
    title: 'Front desk: patient',
    loadComponent: () => import('./patients/desk-patient.component').then((m) => m.DeskPatientComponent),
  },
] satisfies Routes;
