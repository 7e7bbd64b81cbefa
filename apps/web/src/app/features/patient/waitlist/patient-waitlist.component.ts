import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, signal } from '@angular/core';
import { Router } from '@angular/router';
import type { WaitlistEntryDto, WaitlistOfferDto } from '@hms/api-client';
import { loader } from '../../../core/http/loader';
import { problemMessage, toProblem } from '../../../core/http/problem';
import { ClinicTimePipe, dateLabel } from '../../../core/time/clinic-time';
import { ToastService } from '../../../core/ui/toast.service';
import { EmptyStateComponent, ErrorBoxComponent, LoadingComponent } from '../../../shared/ui/loading.component';
import { StatusBadgeComponent } from '../../../shared/ui/status-badge.component';
import { PatientWaitlistApi } from '../patient.api';

/** Minutes and seconds left, e.g. "12:05". */
export function countdown(expiresAt: string, now: number): string {
  const left = Math.max(0, Math.floor((Date.parse(expiresAt) - now) / 1000));
  return `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`;
}

/** Times held for the patient (with the hold's countdown) and the waitlists they are on. */
@Component({
  selector: 'hms-patient-waitlist',
  imports: [ClinicTimePipe, StatusBadgeComponent, LoadingComponent, ErrorBoxComponent, EmptyStateComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1 class="page-title">Waitlist and offers</h1>
    <section aria-labelledby="offers-title" class="mb-4">
      <h2 id="offers-title" class="h5">Times held for you</h2>
      <hms-error-box [message]="offers.error()" />
      @if (offers.loading() && !offers.value()) {
        <hms-loading />
      } @else if (openOffers().length === 0) {
        <hms-empty text="No time is held for you right now. We email you as soon as one frees up." />
      } @else {
        <ul class="list-group">
          @for (o of openOffers(); track o.id) {
            <li
              class="list-group-item d-flex flex-wrap justify-content-between align-items-center gap-2"
              data-testid="offer"
            >
              <div>
                <div class="fw-semibold">{{ o.startsAt | clinicTime }}</div>
                <div>
                  {{ o.doctor.fullName }} <span class="text-secondary small">· {{ o.doctor.specialization }}</span>
                </div>
                <div class="small text-danger" aria-live="polite">
                  Held for you for <span data-testid="offer-countdown">{{ left(o) }}</span> more
                </div>
              </div>
              <div class="d-flex gap-2">
                <button
                  type="button"
                  class="btn btn-primary"
                  (click)="accept(o)"
                  [disabled]="busyId() === o.id"
                  data-testid="accept-offer"
                >
                  Book this time
                </button>
                <button
                  type="button"
                  class="btn btn-outline-secondary"
                  (click)="decline(o)"
                  [disabled]="busyId() === o.id"
                >
                  Not this time
                </button>
              </div>
            </li>
          }
        </ul>
      }
    </section>
    <section aria-labelledby="entries-title">
      <h2 id="entries-title" class="h5">Waitlists you are on</h2>
      <hms-error-box [message]="entries.error()" />
      @if (entries.loading() && !entries.value()) {
        <hms-loading />
      } @else if ((entries.value() ?? []).length === 0) {
        <hms-empty
          text="You are on no waitlist. When a doctor has no free time, you can join theirs from the doctor's page."
        />
      } @else {
        <ul class="list-group">
          @for (e of entries.value() ?? []; track e.id) {
            <li
              class="list-group-item d-flex flex-wrap justify-content-between align-items-center gap-2"
              data-testid="waitlist-entry"
            >
              <div>
                <div>
                  {{ e.doctor.fullName }} <span class="text-secondary small">· {{ e.doctor.specialization }}</span>
                </div>
                <div class="small text-secondary">{{ range(e) }}</div>
              </div>
              <div class="d-flex align-items-center gap-2">
                <hms-status-badge [status]="e.status" />
                @if (e.status === 'waiting' || e.status === 'offered') {
                  <button type="button" class="btn btn-sm btn-outline-danger" (click)="leave(e)">Leave</button>
                }
              </div>
            </li>
          }
        </ul>
      }
    </section>
  `,
})
export class PatientWaitlistComponent {
  private readonly api = inject(PatientWaitlistApi);
  private readonly toasts = inject(ToastService);
  private readonly router = inject(Router);
  protected readonly offers = loader(() => this.api.offers());
  protected readonly entries = loader(() => this.api.entries());
  protected readonly busyId = signal<string | null>(null);
  private readonly now = signal(Date.now());
  protected readonly openOffers = computed(() =>
    (this.offers.value() ?? []).filter((o) => Date.parse(o.expiresAt) > this.now()),
  );

  constructor() {
    const timer = setInterval(() => this.now.set(Date.now()), 1000);
    inject(DestroyRef).onDestroy(() => clearInterval(timer));
  }

  protected left(o: WaitlistOfferDto): string {
    return countdown(o.expiresAt, this.now());
  }

  protected range(e: WaitlistEntryDto): string {
    return e.from === e.to ? dateLabel(e.from, true) : `${dateLabel(e.from)} – ${dateLabel(e.to, true)}`;
  }

  protected accept(o: WaitlistOfferDto): void {
    this.busyId.set(o.id);
    this.api.accept(o.id).subscribe({
      next: () => {
        this.busyId.set(null);
        this.toasts.success('Booked. The confirmation is on its way by email.');
        void this.router.navigate(['/patient/appointments']);
      },
      error: (e: unknown) => {
        this.busyId.set(null);
        this.toasts.error(problemMessage(toProblem(e)));
        this.reload();
      },
    });
  }

  protected decline(o: WaitlistOfferDto): void {
    this.busyId.set(o.id);
    this.api.decline(o.id).subscribe({
      next: () => {
        this.busyId.set(null);
        this.toasts.success('Declined. You stay on the waitlist for another time.');
        this.reload();
      },
      error: (e: unknown) => {
        this.busyId.set(null);
        this.toasts.error(problemMessage(toProblem(e)));
        this.reload();
      },
    });
  }

  protected leave(e: WaitlistEntryDto): void {
    this.api.leave(e.id).subscribe({
      next: () => {
        this.toasts.success('You left the waitlist.');
        this.reload();
      },
      error: (err: unknown) => this.toasts.error(problemMessage(toProblem(err))),
    });
  }

  private reload(): void {
    this.offers.load();
    this.entries.load();
  }
}
