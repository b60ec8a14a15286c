import type { CatalogControl, ControlCatalog } from './types';

const TLS = ['HAVEN-S3-TLS', 'HAVEN-DB-TLS', 'HAVEN-CACHE-TLS', 'HAVEN-LISTENER-TLS'];

function c(id: string, title: string, rules: string[] = []): CatalogControl {
  // cdk-nag cites enhancements and parts (SC-8(1), AU-9a); they belong to the base control.
  return { id, title, kind: 'technical', rules, nagControls: [`${id}(`, `${id}a`, `${id}b`, `${id}c`, `${id}d`, `${id}e`, `${id}f`, `${id}g`, `${id}h`, `${id}i`, `${id} `, `=${id}`] };
}

/** NIST SP 800-53 Rev. 5 controls cited by the cdk-nag NIST 800-53 R5 pack and by Haven rules. */
export const NIST: ControlCatalog = {
  framework: 'nist',
  title: 'NIST SP 800-53',
  version: 'Rev. 5',
  nagPack: 'NIST.800.53.R5',
  controls: [
    c('AC-2', 'Account management', ['HAVEN-SECRET-ROTATION']),
    c('AC-3', 'Access enforcement', ['HAVEN-IAM-NO-WILDCARD']),
    c('AC-4', 'Information flow enforcement'),
    c('AC-5', 'Separation of duties'),
    c('AC-6', 'Least privilege', ['HAVEN-IAM-NO-WILDCARD']),
    c('AC-16', 'Security and privacy attributes'),
    c('AC-17', 'Remote access', TLS),
    c('AT-4', 'Training records'),
    c('AU-2', 'Event logging', ['HAVEN-PGAUDIT', 'HAVEN-AUDIT-SERVICES']),
    c('AU-6', 'Audit record review, analysis and reporting', ['HAVEN-ALARM-COVERAGE']),
    c('AU-9', 'Protection of audit information'),
    c('AU-10', 'Non-repudiation'),
    c('AU-11', 'Audit record retention', ['HAVEN-LOG-RETENTION']),
    c('AU-12', 'Audit record generation', ['HAVEN-PGAUDIT', 'HAVEN-AUDIT-SERVICES']),
    c('CA-7', 'Continuous monitoring', ['HAVEN-AUDIT-SERVICES', 'HAVEN-ALARM-COVERAGE']),
    c('CM-2', 'Baseline configuration'),
    c('CM-3', 'Configuration change control', ['HAVEN-AUDIT-SERVICES']),
    c('CM-5', 'Access restrictions for change'),
    c('CM-6', 'Configuration settings'),
    c('CM-9', 'Configuration management plan'),
    c('CP-1', 'Contingency planning policy and procedures'),
    c('CP-2', 'Contingency plan', ['HAVEN-DR-OBJECTIVES']),
    c('CP-6', 'Alternate storage site', ['HAVEN-DR-OBJECTIVES']),
    c('CP-9', 'System backup', ['HAVEN-BACKUP-COVERAGE', 'HAVEN-BACKUP-RETENTION', 'HAVEN-DELETION-PROTECTION']),
    c('CP-10', 'System recovery and reconstitution', ['HAVEN-DR-OBJECTIVES']),
    c('IA-5', 'Authenticator management', ['HAVEN-SECRET-ROTATION']),
    c('PM-11', 'Mission and business process definition'),
    c('PM-17', 'Protecting controlled unclassified information on external systems'),
    c('SA-1', 'System and services acquisition policy'),
    c('SA-9', 'External system services', ['HAVEN-RESIDENCY']),
    c('SC-7', 'Boundary protection', ['HAVEN-LISTENER-TLS']),
    c('SC-8', 'Transmission confidentiality and integrity', TLS),
    c('SC-12', 'Cryptographic key establishment and management', ['HAVEN-ENCRYPTION-AT-REST']),
    c('SC-13', 'Cryptographic protection', ['HAVEN-ENCRYPTION-AT-REST', ...TLS]),
    c('SC-28', 'Protection of information at rest', ['HAVEN-ENCRYPTION-AT-REST']),
    c('SI-2', 'Flaw remediation'),
    c('SI-4', 'System monitoring', ['HAVEN-AUDIT-SERVICES', 'HAVEN-ALARM-COVERAGE']),
    c('SI-12', 'Information management and retention', ['HAVEN-LOG-RETENTION', 'HAVEN-BACKUP-RETENTION']),
  ],
};
