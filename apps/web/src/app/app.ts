import { DOCUMENT } from '@angular/common';
import { ChangeDetectionStrategy, Component, DestroyRef, inject } from '@angular/core';
import { NavigationEnd, Router, RouterOutlet } from '@angular/router';
import { filter } from 'rxjs';
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
    // After each in-app navigation to another page, move focus to it so screen readers announce it.
    // A change of the query alone (a list's filter or page kept in the URL) stays where the user is:
    // in the search box being typed into, or in a dialog opened meanwhile.
    const document = inject(DOCUMENT);
    let lastPath: string | null = null;
    const sub = inject(Router)
      .events.pipe(filter((e) => e instanceof NavigationEnd))
      .subscribe((e) => {
        const path = e.urlAfterRedirects.split(/[?#]/)[0];
        const first = lastPath === null;
        if (path === lastPath) return;
        lastPath = path;
        if (!first) setTimeout(() => document.getElementById('main')?.focus({ preventScroll: true }));
      });
    inject(DestroyRef).onDestroy(() => sub.unsubscribe());
  }
}
