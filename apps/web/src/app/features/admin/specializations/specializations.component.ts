import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import type { Specialization } from '@hms/api-client';
import { FormState } from '../../../core/forms/form-state';
import { loader } from '../../../core/http/loader';
import { problemMessage, toProblem } from '../../../core/http/problem';
import { ToastService } from '../../../core/ui/toast.service';
import { ConfirmService } from '../../../shared/ui/confirm.service';
import { EmptyStateComponent, ErrorBoxComponent, LoadingComponent } from '../../../shared/ui/loading.component';
import { SpecializationsApi } from '../admin.api';

@Component({
  selector: 'hms-specializations',
  imports: [ReactiveFormsModule, LoadingComponent, EmptyStateComponent, ErrorBoxComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1 class="page-title">Specializations</h1>
    <div class="row g-4">
      <section class="col-lg-4" aria-labelledby="spec-form-title">
        <form class="card card-body" [formGroup]="state.form" (ngSubmit)="save()" novalidate>
          <h2 id="spec-form-title" class="h5">{{ editing() ? 'Edit ' + editing()!.name : 'New specialization' }}</h2>
          @if (state.formError(); as error) {
            <div class="alert alert-danger" role="alert">{{ error }}</div>
          }
          <div class="mb-3">
            <label for="spec-name" class="form-label">Name</label>
            <input
              id="spec-name"
              class="form-control"
              formControlName="name"
              [class.is-invalid]="state.invalid('name')"
              aria-describedby="spec-name-error"
            />
            <div id="spec-name-error" class="invalid-feedback">{{ state.message('name', 'Name') }}</div>
          </div>
          <div class="mb-3">
            <label for="spec-description" class="form-label">Description</label>
            <textarea
              id="spec-description"
              class="form-control"
              rows="3"
              formControlName="description"
              [class.is-invalid]="state.invalid('description')"
              aria-describedby="spec-description-error"
            ></textarea>
            <div id="spec-description-error" class="invalid-feedback">
              {{ state.message('description', 'Description') }}
            </div>
          </div>
          <div class="d-flex gap-2">
            <button type="submit" class="btn btn-primary" [disabled]="state.busy()" data-testid="save-specialization">
              {{ editing() ? 'Save' : 'Create' }}
            </button>
            @if (editing()) {
              <button type="button" class="btn btn-outline-secondary" (click)="startCreate()">Cancel edit</button>
            }
          </div>
        </form>
      </section>
      <section class="col-lg-8" aria-labelledby="spec-list-title">
        <h2 id="spec-list-title" class="visually-hidden">All specializations</h2>
        <hms-error-box [message]="list.error()" />
        @if (list.loading() && !list.value()) {
          <hms-loading />
        } @else if ((list.value() ?? []).length === 0 && !list.error()) {
          <hms-empty text="No specializations yet. Create the first one." />
        } @else {
          <div class="table-responsive bg-white border rounded-3">
            <table class="table mb-0">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Description</th>
                  <th scope="col" class="text-end">Doctors</th>
                  <th scope="col"><span class="visually-hidden">Actions</span></th>
                </tr>
              </thead>
              <tbody>
                @for (s of list.value() ?? []; track s.id) {
                  <tr>
                    <td class="fw-semibold">{{ s.name }}</td>
                    <td class="small">{{ s.description }}</td>
                    <td class="text-end">{{ s.doctorCount }}</td>
                    <td class="text-end text-nowrap">
                      <button
                        type="button"
                        class="btn btn-sm btn-outline-primary me-1"
                        (click)="startEdit(s)"
                        [attr.aria-label]="'Edit ' + s.name"
                      >
                        Edit
                      </button>
                      <button
                        type="button"
                        class="btn btn-sm btn-outline-danger"
                        (click)="remove(s)"
                        [attr.aria-label]="'Delete ' + s.name"
                      >
                        Delete
                      </button>
                    </td>
                  </tr>
                }
              </tbody>
            </table>
          </div>
        }
      </section>
    </div>
  `,
})
export class SpecializationsComponent {
  private readonly api = inject(SpecializationsApi);
  private readonly toasts = inject(ToastService);
  private readonly confirm = inject(ConfirmService);
  protected readonly list = loader(() => this.api.list());
  protected readonly editing = signal<Specialization | null>(null);
  protected readonly state = new FormState(
    inject(NonNullableFormBuilder).group({
      name: ['', [Validators.required, Validators.maxLength(120)]],
      description: ['', Validators.maxLength(2000)],
    }),
  );

  protected startEdit(s: Specialization): void {
    this.editing.set(s);
    this.state.reset({ name: s.name, description: s.description ?? '' });
    document.getElementById('spec-name')?.focus();
  }

  protected startCreate(): void {
    this.editing.set(null);
    this.state.reset({ name: '', description: '' });
  }

  protected save(): void {
    if (!this.state.begin()) return;
    const body = {
      name: this.state.form.controls.name.value.trim(),
      description: this.state.form.controls.description.value.trim(),
    };
    const current = this.editing();
    const call = current ? this.api.update(current.id, body) : this.api.create(body);
    call.subscribe({
      next: (s) => {
        this.state.done();
        this.toasts.success(current ? `Saved ${s.name}.` : `Created ${s.name}.`);
        this.startCreate();
        this.list.load();
      },
      error: (e: unknown) => {
        const problem = this.state.fail(e);
        if (problem.status === 409) {
          this.state.serverFields.set({ name: 'A specialization with this name already exists.' });
          this.state.formError.set(null);
        }
      },
    });
  }

  protected async remove(s: Specialization): Promise<void> {
    const ok = await this.confirm.ask({
      title: 'Delete specialization',
      text: `Delete ${s.name}?`,
      confirmLabel: 'Delete',
      danger: true,
    });
    if (!ok) return;
    this.api.remove(s.id).subscribe({
      next: () => {
        this.toasts.success(`Deleted ${s.name}.`);
        if (this.editing()?.id === s.id) this.startCreate();
        this.list.load();
      },
      error: (e: unknown) => {
        const problem = toProblem(e);
        this.toasts.error(
          problem.status === 409
            ? `${s.name} still has doctors assigned. Move or remove them first.`
            : problemMessage(problem),
        );
      },
    });
  }
}
