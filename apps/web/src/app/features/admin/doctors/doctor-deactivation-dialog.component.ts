import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  Injectable,
  signal,
  ViewEncapsulation,
} from '@angular/core';
import { FormsModule } from '@angular/forms';
import { AdminClient, type DeactivationPreviewDto, type Doctor } from '@hms/api-client';
import { NgbActiveModal, NgbModal } from '@ng-bootstrap/ng-bootstrap';
import { problemMessage, toProblem } from '../../../core/http/problem';
import { ClinicTime } from '../../../core/time/clinic-time';

type Visit = DeactivationPreviewDto['visits'][number];

/**
 * Before a doctor is deactivated: the booked visits it would cancel and whom
 * to call, a move to a colleague of the department free at the same time
 * (per visit), and a printable call list. Focus opens on "Keep active".
 */
@Component({
  selector: 'hms-doctor-deactivation-dialog',
  imports: [FormsModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  // The print rules must reach outside the dialog (hide the page behind it).
  encapsulation: ViewEncapsulation.None,
  styles: `
    @media print {
      body.modal-open > :not(ngb-modal-window) {
        display: none !important;
      }
      .modal-backdrop,
      .hms-no-print {
        display: none !important;
      }
      ngb-modal-window.modal {
        position: static !important;
        overflow: visible !important;
      }
      ngb-modal-window .modal-dialog {
        max-width: none !important;
        margin: 0 !important;
      }
      ngb-modal-window .modal-content {
        border: 0 !important;
        max-height: none !important;
      }
      ngb-modal-window .modal-body {
        overflow: visible !important;
      }
    }
  `,
  template: `
    <div class="modal-header">
      <h2 class="modal-title h5" id="deactivate-title">Deactivate {{ doctor().fullName }}</h2>
      <button type="button" class="btn-close hms-no-print" aria-label="Close" (click)="modal.dismiss()"></button>
    </div>
    <div class="modal-body">
      <p class="hms-no-print">
        They can no longer sign in and patients no longer see them. Every booked visit that has not started is cancelled
        and the patient is emailed.
      </p>
      @if (error(); as e) {
        <div class="alert alert-danger" role="alert">{{ e }}</div>
      }
      @if (preview(); as p) {
        @if (remaining().length === 0) {
          <p class="fw-semibold mb-0" data-testid="deactivation-count">No booked visits will be cancelled.</p>
        } @else {
          <p class="fw-semibold" data-testid="deactivation-count">
            {{ remaining().length }} booked {{ remaining().length === 1 ? 'visit' : 'visits' }} will be cancelled ({{
              p.doctor.specialization
            }}):
          </p>
          <ul class="list-unstyled mb-0" aria-label="Visits to call or move">
            @for (v of remaining(); track v.appointmentId) {
              <li class="border rounded p-2 mb-2">
                <div class="fw-semibold">{{ clinic.format(v.startsAt) }} · {{ v.patient.fullName }}</div>
                <div class="small">
                  @if (v.patient.phone) {
                    <span class="me-3">Phone {{ v.patient.phone }}</span>
                  }
                  @if (v.patient.email) {
                    <span>{{ v.patient.email }}</span>
                  }
                  @if (!v.patient.phone && !v.patient.email) {
                    <span class="text-secondary">No contact details on file</span>
                  }
                </div>
                <div class="hms-no-print mt-2">
                  @if (v.candidates.length > 0) {
                    <div class="d-flex flex-wrap gap-2 align-items-center">
                      <label class="small" [for]="'move-' + v.appointmentId">Can move to</label>
                      <select
                        class="form-select form-select-sm w-auto"
                        [id]="'move-' + v.appointmentId"
                        [ngModel]="choiceOf(v)"
                        (ngModelChange)="choose(v.appointmentId, $event)"
                      >
                        @for (c of v.candidates; track c.id) {
                          <option [value]="c.id">{{ c.fullName }}</option>
                        }
                      </select>
                      <button
                        type="button"
                        class="btn btn-sm btn-outline-primary"
                        [disabled]="busy() !== null"
                        (click)="move(v)"
                      >
                        Move visit
                      </button>
                    </div>
                  } @else {
                    <span class="small text-secondary"
                      >No colleague in the department is free then: call to rebook.</span
                    >
                  }
                </div>
              </li>
            }
          </ul>
        }
        @if (moved().length > 0) {
          <p class="small text-success mt-2 mb-0 hms-no-print" role="status">
            Moved: {{ moved().join('; ') }}. The patients were emailed.
          </p>
        }
      } @else if (!error()) {
        <p class="text-secondary mb-0" role="status">Looking up booked visits…</p>
      }
    </div>
    <div class="modal-footer hms-no-print">
      <!-- Focus starts on the safe choice: Enter on open never deactivates anyone. -->
      <button type="button" class="btn btn-outline-secondary" (click)="modal.dismiss()" ngbAutofocus>
        Keep active
      </button>
      @if (remaining().length > 0) {
        <button type="button" class="btn btn-outline-secondary" (click)="print()">Print call list</button>
      }
      <button type="button" class="btn btn-danger" [disabled]="!preview() || busy() !== null" (click)="confirm()">
        {{
          remaining().length === 0
            ? 'Deactivate'
            : 'Deactivate and cancel ' + remaining().length + (remaining().length === 1 ? ' visit' : ' visits')
        }}
      </button>
    </div>
  `,
})
export class DoctorDeactivationDialogComponent {
  protected readonly modal = inject(NgbActiveModal);
  protected readonly clinic = inject(ClinicTime);
  private readonly client = inject(AdminClient);
  readonly doctor = signal<Pick<Doctor, 'id' | 'fullName'>>({ id: '', fullName: '' });
  protected readonly preview = signal<DeactivationPreviewDto | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly busy = signal<string | null>(null);
  protected readonly choice = signal<Partial<Record<string, string>>>({});
  protected readonly moved = signal<string[]>([]);
  private readonly movedIds = signal<ReadonlySet<string>>(new Set());
  protected readonly remaining = computed(() =>
    (this.preview()?.visits ?? []).filter((v) => !this.movedIds().has(v.appointmentId)),
  );

  load(doctor: Pick<Doctor, 'id' | 'fullName'>): void {
    this.doctor.set(doctor);
    this.error.set(null);
    this.client.adminDoctorsDeactivationPreview({ id: doctor.id }).subscribe({
      next: (p) => this.preview.set(p),
      error: (e: unknown) => this.error.set(problemMessage(toProblem(e))),
    });
  }

  protected choiceOf(v: Visit): string {
    return this.choice()[v.appointmentId] ?? v.candidates[0].id;
  }

  protected choose(appointmentId: string, doctorId: string): void {
    this.choice.update((c) => ({ ...c, [appointmentId]: doctorId }));
  }

  protected move(v: Visit): void {
    const doctorId = this.choiceOf(v);
    const to = v.candidates.find((c) => c.id === doctorId);
    this.busy.set(v.appointmentId);
    this.error.set(null);
    this.client.adminReassignmentReassign({ id: v.appointmentId, body: { doctorId } }).subscribe({
      next: () => {
        this.busy.set(null);
        this.movedIds.update((s) => new Set([...s, v.appointmentId]));
        this.moved.update((m) => [
          ...m,
          `${v.patient.fullName} (${this.clinic.format(v.startsAt, 'time')}) to ${to?.fullName ?? 'a colleague'}`,
        ]);
      },
      error: (e: unknown) => {
        this.busy.set(null);
        this.error.set(`${v.patient.fullName}: ${problemMessage(toProblem(e))}`);
        // Someone may have taken the slot meanwhile: refresh who is free.
        this.client.adminDoctorsDeactivationPreview({ id: this.doctor().id }).subscribe({
          next: (p) => this.preview.set(p),
        });
      },
    });
  }

  protected print(): void {
    window.print();
  }

  protected confirm(): void {
    this.modal.close(true);
  }
}

/** Opens the deactivation preview for a doctor; resolves true only when the admin confirms. */
@Injectable({ providedIn: 'root' })
export class DoctorDeactivationDialog {
  private readonly modals = inject(NgbModal);

  async ask(doctor: Pick<Doctor, 'id' | 'fullName'>): Promise<boolean> {
    const ref = this.modals.open(DoctorDeactivationDialogComponent, {
      ariaLabelledBy: 'deactivate-title',
      size: 'lg',
      scrollable: true,
    });
    (ref.componentInstance as DoctorDeactivationDialogComponent).load(doctor);
    try {
      return (await ref.result) === true;
    } catch {
      return false;
    }
  }
}
