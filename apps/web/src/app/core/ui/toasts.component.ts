import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { NgbToast } from '@ng-bootstrap/ng-bootstrap';
import { ToastService } from './toast.service';

@Component({
  selector: 'hms-toasts',
  imports: [NgbToast],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="toast-stack" aria-live="polite" aria-atomic="false">
      @for (toast of toasts.toasts(); track toast.id) {
        <ngb-toast
          [class]="'text-bg-' + toast.kind + ' mb-2'"
          [autohide]="true"
          [delay]="toast.delay"
          (hidden)="toasts.dismiss(toast.id)"
          [attr.role]="toast.kind === 'danger' ? 'alert' : 'status'"
        >
          <div class="d-flex align-items-start gap-2">
            <span class="flex-grow-1">{{ toast.text }}</span>
            <button
              type="button"
              class="btn-close btn-close-white"
              aria-label="Dismiss message"
              (click)="toasts.dismiss(toast.id)"
            ></button>
          </div>
        </ngb-toast>
      }
    </div>
  `,
})
export class ToastsComponent {
  protected readonly toasts = inject(ToastService);
}
