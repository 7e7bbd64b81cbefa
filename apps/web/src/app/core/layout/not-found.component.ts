import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink } from '@angular/router';

@Component({
  selector: 'hms-not-found',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1 class="page-title">Page not found</h1>
    <p>The page you asked for does not exist.</p>
    <a routerLink="/" class="btn btn-primary">Go to my home page</a>
  `,
})
export class NotFoundComponent {}
