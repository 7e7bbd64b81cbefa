import { Routes } from '@angular/router';

/** The signed-in user's own account, in every portal. */
export default [
  { path: '', pathMatch: 'full', redirectTo: 'sessions' },
  {
    path: 'sessions',
    title: 'Sessions',
    loadComponent: () => import('./sessions.component').then((m) => m.SessionsComponent),
  },
  {
    path: 'password',
    title: 'Change password',
    loadComponent: () => import('./change-password.component').then((m) => m.ChangePasswordComponent),
  },
] satisfies Routes;
