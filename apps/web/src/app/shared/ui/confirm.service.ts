import { ChangeDetectionStrategy, Component, inject, Injectable, signal } from '@angular/core';
import { NgbActiveModal, NgbModal } from '@ng-bootstrap/ng-bootstrap';

@Component({
  selector: 'hms-confirm-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="modal-header">
      <h2 class="modal-title h5" id="confirm-title">{{ title() }}</h2>
      <button type="button" class="btn-close" aria-label="Close" (click)="modal.dismiss()"></button>
    </div>
    <div class="modal-body">
      <p class="mb-0">{{ text() }}</p>
    </div>
    <div class="modal-footer">
      <!-- Focus starts on the safe choice: Enter or Space on open never confirms a destructive action. -->
      <button type="button" class="btn btn-outline-secondary" (click)="modal.dismiss()" ngbAutofocus>
        {{ keepLabel() }}
      </button>
      <button
        type="button"
        class="btn"
        [class]="danger() ? 'btn btn-danger' : 'btn btn-primary'"
        (click)="modal.close(true)"
      >
        {{ confirmLabel() }}
      </button>
    </div>
  `,
})
export class ConfirmDialogComponent {
  protected readonly modal = inject(NgbActiveModal);
  readonly title = signal('Please confirm');
  readonly text = signal('');
  readonly confirmLabel = signal('Confirm');
  readonly keepLabel = signal('Keep');
  readonly danger = signal(false);
}

/** Asks a yes/no question in a modal. Resolves true only when confirmed. */
@Injectable({ providedIn: 'root' })
export class ConfirmService {
  private readonly modals = inject(NgbModal);

  async ask(options: {
    title: string;
    text: string;
    confirmLabel?: string;
    /** The safe choice, focused first. */
    keepLabel?: string;
    danger?: boolean;
  }): Promise<boolean> {
    const ref = this.modals.open(ConfirmDialogComponent, { ariaLabelledBy: 'confirm-title' });
    const dialog = ref.componentInstance as ConfirmDialogComponent;
    dialog.title.set(options.title);
    dialog.text.set(options.text);
    dialog.confirmLabel.set(options.confirmLabel ?? 'Confirm');
    dialog.keepLabel.set(options.keepLabel ?? 'Keep');
    dialog.danger.set(options.danger ?? false);
    try {
      return (await ref.result) === true;
    } catch {
      return false;
    }
  }
}
