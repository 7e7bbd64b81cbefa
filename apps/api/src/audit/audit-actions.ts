export {
  AUDIT_ACTIONS,
  AUDIT_OUTCOMES,
  AUDIT_RESOURCE_TYPES,
  type AuditAction,
  type AuditOutcome,
  type AuditResourceType,
} from '@hms/shared';
