import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { RouterLink, RouterLinkActive } from '@angular/router';
import { NgbCollapse } from '@ng-bootstrap/ng-bootstrap';
import { hasPermission } from '@hms/shared';
import { AuthService } from '../auth/auth.service';
import { NAV_ITEMS } from './nav';

@Component({
  selector: 'hms-header',
  imports: [RouterLink, RouterLinkActive, NgbCollapse],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <a class="skip-link btn btn-light" href="#main">Skip to content</a>
    <nav class="navbar navbar-expand-lg navbar-dark bg-primary" aria-label="Main">
      <div class="container-xl">
        <a class="navbar-brand fw-semibold" [routerLink]="auth.home()">
          <span aria-hidden="true">✚</span> Clinic
          @if (auth.role(); as role) {
            <span class="badge text-bg-light text-primary ms-1 text-capitalize">{{ role }}</span>
          }
        </a>
        @if (auth.signedIn()) {
          <button
            class="navbar-toggler"
            type="button"
            aria-controls="main-nav"
            [attr.aria-expanded]="!collapsed()"
            aria-label="Toggle navigation"
            (click)="collapsed.set(!collapsed())"
          >
            <span class="navbar-toggler-icon"></span>
          </button>
          <div class="collapse navbar-collapse" id="main-nav" [ngbCollapse]="collapsed()">
            <ul class="navbar-nav me-auto flex-wrap">
              @for (item of items(); track item.link) {
                <li class="nav-item">
                  <a
                    class="nav-link"
                    [routerLink]="item.link"
                    routerLinkActive="active"
                    ariaCurrentWhenActive="page"
                    [routerLinkActiveOptions]="{ exact: item.exact ?? false }"
                    (click)="collapsed.set(true)"
                    >{{ item.label }}</a
                  >
                </li>
              }
            </ul>
            <div class="d-flex flex-wrap align-items-center gap-2 text-white">
              <span class="small text-truncate" style="max-width: 14rem">{{ auth.user()?.email }}</span>
              <a
                class="btn btn-sm btn-outline-light"
                routerLink="/account/sessions"
                routerLinkActive="active"
                ariaCurrentWhenActive="page"
                (click)="collapsed.set(true)"
                >Sessions</a
              >
              <a
                class="btn btn-sm btn-outline-light"
                routerLink="/account/password"
                routerLinkActive="active"
                ariaCurrentWhenActive="page"
                (click)="collapsed.set(true)"
                >Password</a
              >
              <button type="button" class="btn btn-sm btn-outline-light" (click)="signOut()">Sign out</button>
            </div>
          </div>
        } @else {
          <div class="d-flex gap-2">
            <a class="btn btn-sm btn-outline-light" routerLink="/login">Sign in</a>
            <a class="btn btn-sm btn-light" routerLink="/register">Register</a>
          </div>
        }
      </div>
    </nav>
  `,
})
export class HeaderComponent {
  protected readonly auth = inject(AuthService);
  protected readonly collapsed = signal(true);
  protected readonly items = computed(() =>
    this.auth.mustChangePassword()
      ? []
      : NAV_ITEMS.filter(
          (item) =>
            hasPermission(this.auth.role(), item.permission) &&
            !(item.unlessPermission && hasPermission(this.auth.role(), item.unlessPermission)),
        ),
  );

  protected signOut(): void {
    void this.auth.logout('user');
  }
}
