import { ChangeDetectionStrategy, Component, inject, Injectable, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { NgbActiveModal, NgbModal } from '@ng-bootstrap/ng-bootstrap';

/** A confirmation that asks for a reason (told to the patient). */
@Component({
  selector: 'hms-reason-dialog',
  imports: [FormsModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form (ngSubmit)="submit()" novalidate>
      <div class="modal-header">
        <h2 class="modal-title h5" id="reason-title">{{ title() }}</h2>
        <button type="button" class="btn-close" aria-label="Close" (click)="modal.dismiss()"></button>
      </div>
      <div class="modal-body">
        <p>{{ text() }}</p>
        <label for="reason-input" class="form-label">{{ label() }}</label>
        <textarea
          id="reason-input"
          name="reason"
          class="form-control"
          rows="3"
          maxlength="500"
          [class.is-invalid]="tried() && !value().trim()"
          [ngModel]="value()"
          (ngModelChange)="value.set($event)"
          aria-describedby="reason-error"
        ></textarea>
        <div id="reason-error" class="invalid-feedback">Please give a reason; the patient reads it.</div>
      </div>
      <div class="modal-footer">
        <!-- Focus starts on the safe choice, like every confirmation: Enter on open never cancels anything. -->
        <button type="button" class="btn btn-outline-secondary" (click)="modal.dismiss()" ngbAutofocus>Keep</button>
        <button type="submit" class="btn btn-danger" data-testid="reason-confirm">{{ confirmLabel() }}</button>
      </div>
    </form>
  `,
})
export class ReasonDialogComponent {
  protected readonly modal = inject(NgbActiveModal);
  readonly title = signal('');
  readonly text = signal('');
  readonly label = signal('Reason (told to the patient)');
  readonly confirmLabel = signal('Confirm');
  protected readonly value = signal('');
  protected readonly tried = signal(false);

  protected submit(): void {
    this.tried.set(true);
    if (this.value().trim()) this.modal.close(this.value().trim());
  }
}

/** Asks for a reason in a modal; resolves the reason, or null when dismissed. */
@Injectable({ providedIn: 'root' })
export class ReasonService {
  private readonly modals = inject(NgbModal);

  async ask(options: { title: string; text: string; confirmLabel: string }): Promise<string | null> {
    const ref = this.modals.open(ReasonDialogComponent, { ariaLabelledBy: 'reason-title' });
    const dialog = ref.componentInstance as ReasonDialogComponent;
    dialog.title.set(options.title);
    dialog.text.set(options.text);
    dialog.confirmLabel.set(options.confirmLabel);
    try {
      const reason: unknown = await ref.result;
      return typeof reason === 'string' ? reason : null;
    } catch {
      return null;
    }
  }
}
