import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NgTemplateOutlet } from '@angular/common';
import { NgbNavModule } from '@ng-bootstrap/ng-bootstrap';
import { loader } from '../../../core/http/loader';
import { ErrorBoxComponent, LoadingComponent } from '../../../shared/ui/loading.component';
import { DoctorScheduleApi } from '../doctor.api';
import { DoctorAppointmentListComponent } from './doctor-appointment-list.component';

type Scope = 'upcoming' | 'past';

@Component({
  selector: 'hms-doctor-appointments',
  imports: [NgTemplateOutlet, NgbNavModule, DoctorAppointmentListComponent, LoadingComponent, ErrorBoxComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1 class="page-title">Appointments</h1>
    <ul ngbNav #nav="ngbNav" class="nav-tabs mb-3" [activeId]="scope()" (activeIdChange)="switchTo($event)">
      <li ngbNavItem="upcoming">
        <button ngbNavLink type="button">Upcoming</button>
        <ng-template ngbNavContent><ng-container [ngTemplateOutlet]="listTpl" /></ng-template>
      </li>
      <li ngbNavItem="past">
        <button ngbNavLink type="button">Past</button>
        <ng-template ngbNavContent><ng-container [ngTemplateOutlet]="listTpl" /></ng-template>
      </li>
    </ul>
    <div [ngbNavOutlet]="nav"></div>
    <ng-template #listTpl>
      <hms-error-box [message]="list.error()" />
      @if (list.loading() && !list.value()) {
        <hms-loading />
      } @else if (!list.error()) {
        <hms-doctor-appointment-list
          [appointments]="list.value() ?? []"
          [ownAppointments]="true"
          [emptyText]="scope() === 'upcoming' ? 'No upcoming appointments.' : 'No past appointments.'"
          (changed)="list.load()"
        />
      }
    </ng-template>
  `,
})
export class DoctorAppointmentsComponent {
  private readonly api = inject(DoctorScheduleApi);
  protected readonly scope = signal<Scope>('upcoming');
  protected readonly list = loader(() => this.api.appointments(this.scope()));

  protected switchTo(scope: Scope): void {
    this.scope.set(scope);
    this.list.value.set(undefined);
    this.list.load();
  }
}
