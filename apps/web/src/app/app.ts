import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RouterOutlet } from '@angular/router';
import { IdleService } from './core/auth/idle.service';
import { HeaderComponent } from './core/layout/header.component';
import { ToastsComponent } from './core/ui/toasts.component';

@Component({
  selector: 'hms-root',
  imports: [RouterOutlet, HeaderComponent, ToastsComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <hms-header />
    <main id="main" class="container-xl py-4" tabindex="-1">
      <router-outlet />
    </main>
    <hms-toasts />
  `,
})
export class App {
  constructor() {
    inject(IdleService).start();
  }
}
