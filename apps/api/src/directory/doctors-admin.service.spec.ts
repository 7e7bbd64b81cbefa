import type { PasswordLifecycleService } from '../auth/password-lifecycle.service';
import { AuditService } from '../audit/audit.service';
import type { UserStatusService } from '../auth/user-status.service';
import type { UsersRepository } from '../auth/users.repository';
import { ConflictError, RuleViolationError } from '../common/errors/domain-errors';
import { DomainEvents } from '../common/events/domain-events';
import { UnitOfWork } from '../common/events/unit-of-work';
import type { DataSource } from 'typeorm';
import type { DoctorWithdrawalService } from '../scheduling/doctor-withdrawal.service';
import type { DoctorsRepository } from './doctors.repository';
import { DoctorsAdminService } from './doctors-admin.service';
import type { SpecializationsRepository } from './specializations.repository';

const doctorRow = (removedAt: Date | null = null) => ({
  id: 'doc-1',
  userId: 'user-1',
  fullName: 'Dr. One',
  specializationId: 'spec-1',
  qualification: '',
  experienceYears: 3,
  removedAt,
  user: { email: 'one@example.test', active: true },
  specialization: { id: 'spec-1', name: 'Cardiology' },
});

function setup(options: { removed?: boolean; failWithdrawal?: boolean } = {}) {
  const log: string[] = [];
  const dataSource = {
    transaction: async <T>(work: (em: object) => Promise<T>) => {
      log.push('begin');
      const result = await work({});
      log.push('commit');
      return result;
    },
  } as unknown as DataSource;
  const doctors = {
    lock: async () => doctorRow(options.removed ? new Date() : null),
    update: async () => undefined,
    markRemoved: async () => log.push('markRemoved'),
    findById: async () => doctorRow(options.removed ? new Date() : null),
  };
  const users = { setActive: async (_id: string, active: boolean) => log.push(`setActive:${active}`) };
  const withdrawal = {
    cancelFutureAppointments: async () => {
      if (options.failWithdrawal) throw new Error('boom');
      log.push('cancelFuture');
      return [{ id: 'a1', doctorId: 'doc-1', patientId: 'p1', sequence: 1 }];
    },
  };
  const specializations = { findById: async (id: string) => (id === 'spec-2' ? { id } : null) };
  const events = new DomainEvents();
  for (const name of ['user.deactivated', 'doctor.changed', 'appointment.cancelled'] as const) {
    events.on(name, () => {
      log.push(`event:${name}`);
    });
  }
  events.beforeCommit('doctor.changed', (_em, e) => {
    log.push(`in-transaction:doctor.changed:${(e.withdrawn ?? []).map((w) => w.appointmentId).join(',')}`);
  });
  const status = { forget: (id: string) => log.push(`forget:${id}`) };
  const service = new DoctorsAdminService(
    doctors as unknown as DoctorsRepository,
    specializations as unknown as SpecializationsRepository,
    users as unknown as UsersRepository,
    status as unknown as UserStatusService,
    withdrawal as unknown as DoctorWithdrawalService,
    new UnitOfWork(dataSource, events),
    {} as PasswordLifecycleService,
    { security: async (action: string) => log.push(`audit:${action}`) } as unknown as AuditService,
  );
  return { service, log };
}

describe('DoctorsAdminService', () => {
  it('deactivates in one transaction, states the withdrawal once (notices before commit) and tells listeners after commit', async () => {
    const { service, log } = setup();
    await service.update('doc-1', { active: false });
    expect(log).toEqual([
      'begin',
      'setActive:false',
      'cancelFuture',
      'audit:user.deactivated',
      'in-transaction:doctor.changed:a1',
      'commit',
      'event:user.deactivated',
      'event:doctor.changed',
    ]);
  });

  it('announces nothing when the transaction fails', async () => {
    const { service, log } = setup({ failWithdrawal: true });
    await expect(service.update('doc-1', { active: false })).rejects.toThrow('boom');
    expect(log.filter((l) => l.startsWith('event:'))).toEqual([]);
    expect(log).not.toContain('commit');
  });

  it('removes a doctor: marks removed, switches the login off and cancels future bookings', async () => {
    const { service, log } = setup();
    await service.remove('doc-1');
    expect(log.slice(0, 7)).toEqual([
      'begin',
      'markRemoved',
      'setActive:false',
      'cancelFuture',
      'audit:doctor.removed',
      'in-transaction:doctor.changed:a1',
      'commit',
    ]);
  });

  it('refuses to reactivate a removed doctor', async () => {
    const { service } = setup({ removed: true });
    await expect(service.update('doc-1', { active: true })).rejects.toBeInstanceOf(ConflictError);
  });

  it('reactivation forgets the remembered inactive status after commit', async () => {
    const { service, log } = setup();
    await service.update('doc-1', { active: true });
    expect(log).toEqual([
      'begin',
      'setActive:true',
      'audit:user.reactivated',
      'in-transaction:doctor.changed:',
      'commit',
      'event:doctor.changed',
      'forget:user-1',
    ]);
  });

  it('answers 422 when moving to an unknown specialization', async () => {
    const { service } = setup();
    await expect(service.update('doc-1', { specializationId: 'nope' })).rejects.toBeInstanceOf(RuleViolationError);
  });
});
