import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { NgbActiveModal } from '@ng-bootstrap/ng-bootstrap';
import { problemMessage, toProblem } from '../../../core/http/problem';
import { ClinicTimePipe } from '../../../core/time/clinic-time';
import { DeskApi, type DeskPatient } from '../desk.api';
import { WalkInFormComponent } from '../patients/walk-in-form.component';

export interface SlotChoice {
  doctorId: string;
  doctorName: string;
  startsAt: string;
  endsAt: string;
}

/** Books a free slot: find the patient (or register them), give a reason, book. */
@Component({
  selector: 'hms-desk-book-dialog',
  imports: [FormsModule, ClinicTimePipe, WalkInFormComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="modal-header">
      <h2 class="modal-title h5" id="book-title">
        Book {{ slot().startsAt | clinicTime: 'time' }} with {{ slot().doctorName }}
      </h2>
      <button type="button" class="btn-close" aria-label="Close" (click)="modal.dismiss()"></button>
    </div>
    <div class="modal-body">
      <p class="text-secondary small mb-2">{{ slot().startsAt | clinicTime: 'date' }}</p>
      @if (chosen(); as p) {
        <div class="alert alert-info d-flex justify-content-between align-items-center" data-testid="book-patient">
          <span
            ><strong>{{ p.fullName }}</strong> · {{ p.phone ?? 'no phone' }} · born {{ p.dateOfBirth ?? '?' }}</span
          >
          <button type="button" class="btn btn-sm btn-outline-secondary" (click)="chosen.set(null)">Change</button>
        </div>
        <label for="book-reason" class="form-label">Reason for the visit (optional)</label>
        <input id="book-reason" class="form-control" maxlength="500" [(ngModel)]="reason" name="reason" />
      } @else if (registering()) {
        <hms-walk-in-form
          (registered)="chosen.set($event); registering.set(false)"
          (cancelled)="registering.set(false)"
        />
      } @else {
        <form class="d-flex gap-2 mb-2" (ngSubmit)="find()" role="search">
          <label for="book-search" class="visually-hidden">Find a patient</label>
          <input
            id="book-search"
            class="form-control"
            name="search"
            placeholder="Name, phone, email or date of birth"
            [(ngModel)]="search"
            ngbAutofocus
          />
          <button type="submit" class="btn btn-outline-primary">Find</button>
        </form>
        @if (searched()) {
          @if (results().length === 0) {
            <p class="text-secondary">No patient matches.</p>
          }
          <ul class="list-group mb-2">
            @for (p of results(); track p.id) {
              <li class="list-group-item">
                <button
                  type="button"
                  class="btn btn-link p-0 text-start"
                  (click)="chosen.set(p)"
                  data-testid="pick-patient"
                >
                  {{ p.fullName }}
                </button>
                <span class="small text-secondary">
                  · {{ p.phone ?? 'no phone' }} · born {{ p.dateOfBirth ?? '?' }}</span
                >
              </li>
            }
          </ul>
        }
        <button
          type="button"
          class="btn btn-outline-secondary btn-sm"
          (click)="registering.set(true)"
          data-testid="register-new"
        >
          Register a new patient
        </button>
      }
      @if (error()) {
        <div class="alert alert-danger mt-2" role="alert">{{ error() }}</div>
      }
    </div>
    <div class="modal-footer">
      <button type="button" class="btn btn-outline-secondary" (click)="modal.dismiss()">Close</button>
      <button
        type="button"
        class="btn btn-primary"
        [disabled]="!chosen() || busy()"
        (click)="book()"
        data-testid="book-confirm"
      >
        Book
      </button>
    </div>
  `,
})
export class DeskBookDialogComponent {
  protected readonly modal = inject(NgbActiveModal);
  private readonly api = inject(DeskApi);
  readonly slot = signal<SlotChoice>({ doctorId: '', doctorName: '', startsAt: '', endsAt: '' });
  protected readonly chosen = signal<DeskPatient | null>(null);
  protected readonly registering = signal(false);
  protected readonly results = signal<DeskPatient[]>([]);
  protected readonly searched = signal(false);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected search = '';
  protected reason = '';
  /** One key per booking attempt: a retry after a lost answer books once. */
  private readonly key = crypto.randomUUID();

  protected find(): void {
    const term = this.search.trim();
    if (term.length < 2) {
      this.error.set('Type at least 2 characters.');
      return;
    }
    this.error.set(null);
    this.api.searchPatients(term).subscribe({
      next: (rows) => {
        this.results.set(rows);
        this.searched.set(true);
      },
      error: (e: unknown) => this.error.set(problemMessage(toProblem(e))),
    });
  }

  protected book(): void {
    const patient = this.chosen();
    if (!patient) return;
    this.busy.set(true);
    this.error.set(null);
    const s = this.slot();
    const reason = this.reason.trim();
    this.api
      .book(
        { patientId: patient.id, doctorId: s.doctorId, startsAt: s.startsAt, ...(reason ? { reason } : {}) },
        this.key,
      )
      .subscribe({
        next: (a) => this.modal.close(a),
        error: (e: unknown) => {
          this.busy.set(false);
          this.error.set(problemMessage(toProblem(e)));
        },
      });
  }
}

export interface VisitChoice {
  id: string;
  doctorName: string;
  startsAt: string;
  status: string;
  patient: { id: string; fullName: string; phone: string | null };
  reason: string;
  /** Free, bookable starts of the same doctor that day, to move to. */
  moveTargets: string[];
  canCheckIn: boolean;
}

export type VisitAction = { action: 'check-in' } | { action: 'move'; startsAt: string } | { action: 'cancel' };

/** A booked visit: check in, move to another free time, or cancel. Focus starts on the safe Close. */
@Component({
  selector: 'hms-desk-visit-dialog',
  imports: [FormsModule, ClinicTimePipe, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="modal-header">
      <h2 class="modal-title h5" id="visit-title">
        {{ visit().patient.fullName }} · {{ visit().startsAt | clinicTime: 'time' }}
      </h2>
      <button type="button" class="btn-close" aria-label="Close" (click)="modal.dismiss()"></button>
    </div>
    <div class="modal-body">
      <dl class="row mb-2">
        <dt class="col-4">Doctor</dt>
        <dd class="col-8">{{ visit().doctorName }}</dd>
        <dt class="col-4">Phone</dt>
        <dd class="col-8">{{ visit().patient.phone ?? '—' }}</dd>
        <dt class="col-4">Reason</dt>
        <dd class="col-8">{{ visit().reason || '—' }}</dd>
        <dt class="col-4">Status</dt>
        <dd class="col-8">{{ visit().status.replace('_', ' ') }}</dd>
      </dl>
      <a [routerLink]="['/desk/patients', visit().patient.id]" (click)="modal.dismiss()">Open the patient</a>
      @if (visit().status === 'booked' && visit().moveTargets.length > 0) {
        <form class="d-flex gap-2 align-items-end mt-3" (ngSubmit)="move()">
          <div class="flex-grow-1">
            <label for="move-to" class="form-label">Move to</label>
            <select id="move-to" class="form-select" name="moveTo" [(ngModel)]="moveTo">
              @for (s of visit().moveTargets; track s) {
                <option [value]="s">{{ s | clinicTime: 'time' }}</option>
              }
            </select>
          </div>
          <button type="submit" class="btn btn-outline-primary" [disabled]="!moveTo">Move</button>
        </form>
      }
    </div>
    <div class="modal-footer">
      <button type="button" class="btn btn-outline-secondary" (click)="modal.dismiss()" ngbAutofocus>Close</button>
      @if (visit().status === 'booked') {
        <button type="button" class="btn btn-outline-danger" (click)="modal.close({ action: 'cancel' })">
          Cancel visit…
        </button>
      }
      @if (visit().canCheckIn) {
        <button
          type="button"
          class="btn btn-primary"
          (click)="modal.close({ action: 'check-in' })"
          data-testid="visit-check-in"
        >
          Check in
        </button>
      }
    </div>
  `,
})
export class DeskVisitDialogComponent {
  protected readonly modal = inject(NgbActiveModal);
  readonly visit = signal<VisitChoice>({
    id: '',
    doctorName: '',
    startsAt: '',
    status: '',
    patient: { id: '', fullName: '', phone: null },
    reason: '',
    moveTargets: [],
    canCheckIn: false,
  });
  protected moveTo = '';

  protected move(): void {
    if (this.moveTo) this.modal.close({ action: 'move', startsAt: this.moveTo } satisfies VisitAction);
  }
}
