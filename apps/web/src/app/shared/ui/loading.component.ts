import { ChangeDetectionStrategy, Component, input } from '@angular/core';

@Component({
  selector: 'hms-loading',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="d-flex align-items-center gap-2 text-secondary py-4" role="status">
      <span class="spinner-border spinner-border-sm" aria-hidden="true"></span>
      <span>{{ label() }}</span>
    </div>
  `,
})
export class LoadingComponent {
  readonly label = input('Loading…');
}

@Component({
  selector: 'hms-empty',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="text-center text-secondary border rounded-3 bg-white py-4 px-3">
      <p class="mb-0">{{ text() }}</p>
      <ng-content />
    </div>
  `,
})
export class EmptyStateComponent {
  readonly text = input.required<string>();
}

@Component({
  selector: 'hms-error-box',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (message()) {
      <div class="alert alert-danger" role="alert">{{ message() }}</div>
    }
  `,
})
export class ErrorBoxComponent {
  readonly message = input<string | null>(null);
}
