import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { problemMessage, toProblem } from '../../../core/http/problem';
import { ToastService } from '../../../core/ui/toast.service';
import { DeskApi, type DeskPatient } from '../desk.api';
import { WalkInFormComponent } from './walk-in-form.component';

/** Find a patient by name, phone, email or date of birth; register a walk-in. The search is in the URL. */
@Component({
  selector: 'hms-desk-patients',
  imports: [FormsModule, RouterLink, WalkInFormComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1 class="page-title">Patients</h1>
    <div class="row g-4">
      <div class="col-lg-7">
        <form class="d-flex gap-2 mb-3" role="search" (ngSubmit)="submit()">
          <label for="desk-search" class="visually-hidden">Find a patient</label>
          <input
            id="desk-search"
            class="form-control"
            name="search"
            placeholder="Name, phone, email or date of birth"
            [(ngModel)]="search"
          />
          <button type="submit" class="btn btn-primary">Find</button>
        </form>
        @if (error()) {
          <div class="alert alert-danger" role="alert">{{ error() }}</div>
        }
        @if (results(); as rows) {
          <p class="text-secondary small" data-testid="desk-search-count" aria-live="polite">
            @if (rows.length >= searchCap) {
              The first {{ searchCap }} patients by name: add more of the name, a phone number or a date of birth to
              narrow the search.
            } @else {
              {{ rows.length }} {{ rows.length === 1 ? 'patient' : 'patients' }} found
            }
          </p>
          <ul class="list-group">
            @for (p of rows; track p.id) {
              <li class="list-group-item">
                <a [routerLink]="['/desk/patients', p.id]">{{ p.fullName }}</a>
                <div class="small text-secondary">
                  {{ p.phone ?? 'no phone' }} · born {{ p.dateOfBirth ?? '?' }} ·
                  {{ p.email ?? 'no email (no sign-in)' }}
                </div>
              </li>
            }
          </ul>
        }
      </div>
      <div class="col-lg-5">
        <h2 class="h5">Register a walk-in</h2>
        <hms-walk-in-form (registered)="registered($event)" (cancelled)="noop()" />
      </div>
    </div>
  `,
})
export class DeskPatientsComponent {
  private readonly api = inject(DeskApi);
  private readonly route = inject(ActivatedRoute);
  private readonly router = inject(Router);
  private readonly toasts = inject(ToastService);
  protected readonly results = signal<DeskPatient[] | null>(null);
  protected readonly error = signal<string | null>(null);
  protected search = '';
  /** The server answers at most this many matches, by name. */
  protected readonly searchCap = 50;

  constructor() {
    this.route.queryParamMap.subscribe((q) => {
      this.search = q.get('search') ?? '';
      if (this.search.trim().length >= 2) this.find(this.search.trim());
    });
  }

  protected submit(): void {
    void this.router.navigate([], { queryParams: { search: this.search.trim() || null } });
    if (this.search.trim().length < 2) this.error.set('Type at least 2 characters.');
  }

  protected registered(p: DeskPatient): void {
    this.toasts.success(`${p.fullName} is registered.`);
    void this.router.navigate(['/desk/patients', p.id]);
  }

  protected noop(): void {
    this.search = '';
  }

  private find(term: string): void {
    this.error.set(null);
    this.api.searchPatients(term).subscribe({
      next: (rows) => this.results.set(rows),
      error: (e: unknown) => this.error.set(problemMessage(toProblem(e))),
    });
  }
}
