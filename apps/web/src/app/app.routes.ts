import { Routes } from '@angular/router';
import { guestGuard, homeRedirect, permissionGuard, signedInGuard } from './core/auth/auth.guards';
import { NotFoundComponent } from './core/layout/not-found.component';

export const routes: Routes = [
  { path: '', pathMatch: 'full', redirectTo: homeRedirect },
  { path: '', canActivate: [guestGuard], loadChildren: () => import('./features/auth/auth.routes') },
  // The targets of emailed links: open whether or not someone is signed in on this browser.
  {
    path: 'reset-password',
    title: 'Reset password',
    loadComponent: () => import('./features/auth/reset-password.component').then((m) => m.ResetPasswordComponent),
  },
  {
    path: 'accept-invite',
    title: 'Set your password',
    data: { invite: true },
    loadComponent: () => import('./features/auth/reset-password.component').then((m) => m.ResetPasswordComponent),
  },
  { path: 'account', canActivate: [signedInGuard], loadChildren: () => import('./features/account/account.routes') },
  {
    path: 'admin',
    canActivate: [permissionGuard('admin:dashboard')],
    loadChildren: () => import('./features/admin/admin.routes'),
  },
  {
    path: 'doctor',
    canActivate: [permissionGuard('doctor:dashboard')],
    loadChildren: () => import('./features/doctor/doctor.routes'),
  },
  {
    path: 'patient',
    canActivate: [permissionGuard('patient:dashboard')],
    loadChildren: () => import('./features/patient/patient.routes'),
  },
  {
    path: 'desk',
    canActivate: [permissionGuard('desk:use')],
    loadChildren: () => import('./features/desk/desk.routes'),
  },
  {
    path: 'exports/:jobId',
    title: 'Your export',
    canActivate: [signedInGuard],
    loadComponent: () => import('./shared/jobs/export-download.component').then((m) => m.ExportDownloadComponent),
  },
  { path: '**', title: 'Not found', component: NotFoundComponent },
];
