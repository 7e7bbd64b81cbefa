import { Routes } from '@angular/router';

export default [
  { path: 'login', title: 'Sign in', loadComponent: () => import('./login.component').then((m) => m.LoginComponent) },
  {
    path: 'register',
    title: 'Create an account',
    loadComponent: () => import('./register.component').then((m) => m.RegisterComponent),
  },
  {
    path: 'forgot-password',
    title: 'Forgot password',
    loadComponent: () => import('./forgot-password.component').then((m) => m.ForgotPasswordComponent),
  },
] satisfies Routes;
