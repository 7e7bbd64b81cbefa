import { provideHttpClient, withInterceptors } from '@angular/common/http';
import {
  ApplicationConfig,
  inject,
  provideAppInitializer,
  provideBrowserGlobalErrorListeners,
  provideZonelessChangeDetection,
} from '@angular/core';
import { provideApiConfiguration } from '@hms/api-client';
import { provideRouter, TitleStrategy, withComponentInputBinding, withInMemoryScrolling } from '@angular/router';
import { authInterceptor } from './core/auth/auth.interceptor';
import { AuthService } from './core/auth/auth.service';
import { errorToastInterceptor } from './core/http/error-toast.interceptor';
import { ClinicTitleStrategy } from './core/layout/title.strategy';
import { ClinicTime } from './core/time/clinic-time';
import { routes } from './app.routes';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideZonelessChangeDetection(),
    provideRouter(routes, withComponentInputBinding(), withInMemoryScrolling({ scrollPositionRestoration: 'top' })),
    provideHttpClient(withInterceptors([errorToastInterceptor, authInterceptor])),
    // The API is served from the same origin; the generated paths already start with /api/v1.
    provideApiConfiguration(''),
    { provide: TitleStrategy, useClass: ClinicTitleStrategy },
    provideAppInitializer(() => inject(ClinicTime).load()),
    provideAppInitializer(() => inject(AuthService).restoreSession()),
  ],
};
