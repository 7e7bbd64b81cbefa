import { ServiceUnavailableError } from '../common/errors/domain-errors';
import { runWithRequestContext } from '../common/request-context';
import type { AppConfig } from '../config/app-config';
import type { AuditRepository, AuditRow } from './audit.repository';
import { AuditService } from './audit.service';

function setup(options: { fail?: boolean } = {}) {
  const written: AuditRow[] = [];
  const repository = {
    insert: async (rows: AuditRow[]) => {
      if (options.fail) throw new Error('relation "audit_events" does not exist');
      written.push(...rows);
    },
  } as unknown as AuditRepository;
  const service = new AuditService(repository, { auditRetentionDays: 2190 } as AppConfig);
  return { service, written };
}

const doctor = { userId: 'u-doc', email: 'doc@example.test', role: 'doctor' as const, profileId: 'd-1' };

describe('AuditService', () => {
  it('takes the actor, client address and request id from the request being served', async () => {
    const { service, written } = setup();
    await runWithRequestContext({ requestId: 'req-1', ip: '10.0.0.7', user: doctor }, () =>
      service.record({ action: 'patient.history.read', patientId: 'p-1', resource: { type: 'patient', id: 'p-1' } }),
    );
    expect(written).toEqual([
      {
        actorUserId: 'u-doc',
        actorRole: 'doctor',
        action: 'patient.history.read',
        patientId: 'p-1',
        resourceType: 'patient',
        resourceId: 'p-1',
        outcome: 'success',
        ip: '10.0.0.7',
        requestId: 'req-1',
        details: null,
      },
    ]);
  });

  it('records a failed sign-in of an unknown account without an actor, keeping the email named', async () => {
    const { service, written } = setup();
    await runWithRequestContext({ requestId: 'req-2', ip: '192.0.2.1', user: null }, () =>
      service.security('auth.login.failure', { email: 'Someone@Example.test', outcome: 'failure' }),
    );
    expect(written).toEqual([
      expect.objectContaining({
        actorUserId: null,
        action: 'auth.login.failure',
        outcome: 'failure',
        ip: '192.0.2.1',
        requestId: 'req-2',
        details: { email: 'someone@example.test' },
      }),
    ]);
  });

  it('names the account of a security event when given, outside any request too', async () => {
    const { service, written } = setup();
    await service.security('auth.lockout', { actorId: 'u-7', role: 'patient', outcome: 'denied' });
    expect(written[0]).toMatchObject({ actorUserId: 'u-7', actorRole: 'patient', ip: null, requestId: null });
  });

  it('fails closed: a write that fails raises 503 audit_unavailable', async () => {
    const { service } = setup({ fail: true });
    const attempt = service.record({ action: 'patient.details.read', patientId: 'p-1' });
    await expect(attempt).rejects.toBeInstanceOf(ServiceUnavailableError);
    await expect(attempt).rejects.toMatchObject({ code: 'audit_unavailable', status: 503 });
  });
});
