import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

const CLASSES: Record<string, string> = {
  booked: 'text-bg-primary',
  completed: 'text-bg-success',
  cancelled: 'text-bg-secondary',
  queued: 'text-bg-secondary',
  running: 'text-bg-info',
  failed: 'text-bg-danger',
  active: 'text-bg-success',
  inactive: 'text-bg-danger',
};

@Component({
  selector: 'hms-status-badge',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<span class="badge" [class]="css()">{{ status() }}</span>`,
})
export class StatusBadgeComponent {
  readonly status = input.required<string>();
  protected readonly css = computed(() => 'badge ' + (CLASSES[this.status()] ?? 'text-bg-light'));
}
