import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

const CLASSES: Record<string, string> = {
  booked: 'text-bg-primary',
  checked_in: 'text-bg-info',
  no_show: 'text-bg-warning',
  waiting: 'text-bg-secondary',
  offered: 'text-bg-warning',
  expired: 'text-bg-light',
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
  template: `<span class="badge" [class]="css()">{{ label() }}</span>`,
})
export class StatusBadgeComponent {
  readonly status = input.required<string>();
  protected readonly label = computed(() => this.status().replace(/_/g, ' '));
  protected readonly css = computed(() => 'badge ' + (CLASSES[this.status()] ?? 'text-bg-light'));
}
