import { Routes } from '@angular/router';

export default [
  { path: 'login', title: 'Sign in', loadComponent: () => import('./login.component').then((m) => m.LoginComponent) },
  {
    path: 'register',
    title: 'Create an account',
    loadComponent: () => import('./register.component').then((m) => m.RegisterComponent),
  },
] satisfies Routes;
