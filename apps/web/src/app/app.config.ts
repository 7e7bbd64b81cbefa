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
import { ClinicDateParserFormatter } from './shared/ui/iso-date-adapter';
import { NgbDateParserFormatter } from '@ng-bootstrap/ng-bootstrap';
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
    // Datepickers show and read "7 Dec 2026", the app's date format, not the browser's.
    { provide: NgbDateParserFormatter, useClass: ClinicDateParserFormatter },
    provideAppInitializer(() => inject(ClinicTime).load()),
    provideAppInitializer(() => inject(AuthService).restoreSession()),
  ],
};
