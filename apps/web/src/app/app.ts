import { DOCUMENT } from '@angular/common';
import { ChangeDetectionStrategy, Component, DestroyRef, inject } from '@angular/core';
import { NavigationEnd, Router, RouterOutlet } from '@angular/router';
import { filter, skip } from 'rxjs';
import { IdleService } from './core/auth/idle.service';
import { ClinicZoneBannerComponent } from './core/layout/clinic-zone-banner.component';
import { HeaderComponent } from './core/layout/header.component';
import { ToastsComponent } from './core/ui/toasts.component';

@Component({
  selector: 'hms-root',
  imports: [RouterOutlet, HeaderComponent, ClinicZoneBannerComponent, ToastsComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <hms-header />
    <hms-clinic-zone-banner />
    <main id="main" class="container-xl py-4" tabindex="-1">
      <router-outlet />
    </main>
    <hms-toasts />
  `,
  styles: `
    main:focus {
      outline: none;
    }
  `,
})
export class App {
  constructor() {
    inject(IdleService).start();
    // After each in-app navigation, move focus to the new page so screen readers announce it.
    const document = inject(DOCUMENT);
    const sub = inject(Router)
      .events.pipe(
        filter((e) => e instanceof NavigationEnd),
        skip(1),
      )
      .subscribe(() => setTimeout(() => document.getElementById('main')?.focus({ preventScroll: true })));
    inject(DestroyRef).onDestroy(() => sub.unsubscribe());
  }
}
