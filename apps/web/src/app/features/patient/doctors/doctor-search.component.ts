import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import type { PatientDoctorListItemDto as Doctor } from '@hms/api-client';
import { catchError, debounceTime, distinctUntilChanged, map, of, startWith, switchMap } from 'rxjs';
import { loader } from '../../../core/http/loader';
import { problemMessage, toProblem } from '../../../core/http/problem';
import { ClinicTime } from '../../../core/time/clinic-time';
import { EmptyStateComponent, ErrorBoxComponent, LoadingComponent } from '../../../shared/ui/loading.component';
import { PatientDirectoryApi } from '../patient.api';

type SearchState = { loading: true } | { loading: false; doctors: Doctor[]; error: string | null };

@Component({
  selector: 'hms-doctor-search',
  imports: [FormsModule, RouterLink, LoadingComponent, EmptyStateComponent, ErrorBoxComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1 class="page-title">Find a doctor</h1>
    <form class="row g-2 mb-4" role="search" (submit)="$event.preventDefault()">
      <div class="col-md-7">
        <label for="doctor-search" class="form-label">Doctor or department</label>
        <input
          id="doctor-search"
          type="search"
          class="form-control"
          placeholder="e.g. Smith or cardiology"
          [ngModel]="search()"
          (ngModelChange)="search.set($event)"
          name="search"
        />
      </div>
      <div class="col-md-5">
        <label for="doctor-spec" class="form-label">Department</label>
        <select
          id="doctor-spec"
          class="form-select"
          [ngModel]="specializationId()"
          (ngModelChange)="selectSpecialization($event)"
          name="specializationId"
        >
          <option value="">All departments</option>
          @for (s of specs.value() ?? []; track s.id) {
            <option [value]="s.id">{{ s.name }} ({{ s.doctorCount }})</option>
          }
        </select>
      </div>
    </form>
    @let state = results();
    @if (state.loading) {
      <hms-loading label="Looking for doctors…" />
    } @else {
      <hms-error-box [message]="state.error" />
      @if (!state.error && state.doctors.length === 0) {
        <hms-empty text="No doctor matches your search." />
      }
      <div class="row g-3" aria-live="polite">
        @for (d of state.doctors; track d.id) {
          <div class="col-sm-6 col-lg-4">
            <article class="card h-100">
              <div class="card-body">
                <h2 class="h6 card-title mb-1">{{ d.fullName }}</h2>
                <p class="small text-secondary mb-2">{{ d.specialization.name }}</p>
                <p class="small mb-2">
                  {{ d.qualification || 'General practice' }}
                  @if (d.experienceYears !== null && d.experienceYears !== undefined) {
                    · {{ d.experienceYears }} years' experience
                  }
                </p>
                @if (d.nextFreeAt) {
                  <p class="small fw-semibold text-success mb-0" data-testid="next-free">
                    Next free: {{ nextFreeLabel(d.nextFreeAt) }}
                  </p>
                } @else {
                  <p class="small fw-semibold text-secondary mb-0" data-testid="next-free">
                    Nothing free in the next {{ clinic.horizonDays() }} days
                  </p>
                }
              </div>
              <div class="card-footer bg-white border-0 pt-0">
                @if (d.nextFreeAt) {
                  <a
                    class="btn btn-sm btn-primary"
                    [routerLink]="['/patient/doctors', d.id]"
                    [attr.aria-label]="'See times and book with ' + d.fullName"
                    >See times and book</a
                  >
                } @else {
                  <a
                    class="btn btn-sm btn-outline-primary"
                    [routerLink]="['/patient/doctors', d.id]"
                    fragment="waitlist"
                    [attr.aria-label]="'Join the waitlist of ' + d.fullName"
                    >Join the waitlist</a
                  >
                }
              </div>
            </article>
          </div>
        }
      </div>
    }
  `,
})
export class DoctorSearchComponent {
  private readonly api = inject(PatientDirectoryApi);
  private readonly router = inject(Router);
  protected readonly clinic = inject(ClinicTime);
  /** From the query string (?specializationId=). */
  readonly specializationIdParam = input<string | undefined>(undefined, { alias: 'specializationId' });

  protected readonly specs = loader(() => this.api.specializations());
  protected readonly search = signal('');
  protected readonly specializationId = signal('');
  private readonly filter = computed(() => ({ search: this.search(), specializationId: this.specializationId() }));

  protected readonly results = toSignal(
    toObservable(this.filter).pipe(
      debounceTime(250),
      distinctUntilChanged((a, b) => a.search === b.search && a.specializationId === b.specializationId),
      switchMap((f) =>
        this.api
          .doctors({ search: f.search.trim() || undefined, specializationId: f.specializationId || undefined })
          .pipe(
            map((doctors): SearchState => ({ loading: false, doctors, error: null })),
            catchError((e: unknown) =>
              of<SearchState>({ loading: false, doctors: [], error: problemMessage(toProblem(e)) }),
            ),
            startWith<SearchState>({ loading: true }),
          ),
      ),
    ),
    { initialValue: { loading: true } as SearchState },
  );

  constructor() {
    effect(() => this.specializationId.set(this.specializationIdParam() ?? ''));
  }

  /** "Tue 8 Dec, 09:30" in the clinic's time zone. */
  protected nextFreeLabel(instant: string): string {
    const day = new Intl.DateTimeFormat('en-GB', {
      timeZone: this.clinic.timeZone(),
      weekday: 'short',
      day: 'numeric',
      month: 'short',
    })
      .format(new Date(instant))
      .replace(',', '');
    return `${day}, ${this.clinic.format(instant, 'time')}`;
  }

  protected selectSpecialization(id: string): void {
    this.specializationId.set(id);
    void this.router.navigate([], { queryParams: { specializationId: id || null }, replaceUrl: true });
  }
}
