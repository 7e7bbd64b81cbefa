import { Global, Module } from '@nestjs/common';
import { AuditQueriesService } from './audit-queries.service';
import { AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';

/**
 * The audit trail: one append-only table written by AuditService, read by the
 * admin's audit page and the patient's access log. Global, so every domain
 * module (auth included) can write to it without wiring.
 */
@Global()
@Module({
  providers: [AuditService, AuditRepository, AuditQueriesService],
  exports: [AuditService, AuditQueriesService],
})
export class AuditModule {}
