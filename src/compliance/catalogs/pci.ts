import type { ControlCatalog } from './types';

const TLS = ['HAVEN-S3-TLS', 'HAVEN-DB-TLS', 'HAVEN-CACHE-TLS', 'HAVEN-LISTENER-TLS'];

/**
 * PCI DSS v4.0 principal requirements. The cdk-nag pack cites PCI DSS 3.2.1 sub-requirements; they are mapped onto
 * the v4.0 requirement with the same number (the twelve requirements kept their numbering and scope).
 */
export const PCI: ControlCatalog = {
  framework: 'pci',
  title: 'PCI DSS',
  version: 'v4.0 (cdk-nag citations from 3.2.1)',
  nagPack: 'PCI.DSS.321',
  controls: [
    { id: '1', title: 'Install and maintain network security controls', kind: 'technical', rules: ['AwsSolutions-EC23'], nagControls: ['1.'] },
    { id: '2', title: 'Apply secure configurations to all system components', kind: 'technical', rules: ['HAVEN-AUDIT-SERVICES'], nagControls: ['2.'] },
    { id: '3', title: 'Protect stored account data', kind: 'technical', rules: ['HAVEN-ENCRYPTION-AT-REST', 'HAVEN-BACKUP-RETENTION'], nagControls: ['3.'] },
    { id: '4', title: 'Protect cardholder data with strong cryptography during transmission', kind: 'technical', rules: TLS, nagControls: ['4.'] },
    { id: '5', title: 'Protect systems against malicious software', kind: 'organizational', rules: [] },
    { id: '6', title: 'Develop and maintain secure systems and software', kind: 'organizational', rules: [] },
    { id: '7', title: 'Restrict access by business need to know', kind: 'technical', rules: ['HAVEN-IAM-NO-WILDCARD'], nagControls: ['7.'] },
    { id: '8', title: 'Identify users and authenticate access', kind: 'technical', rules: ['HAVEN-SECRET-ROTATION'], nagControls: ['8.'] },
    { id: '9', title: 'Restrict physical access to cardholder data (AWS, inherited)', kind: 'organizational', rules: [] },
    { id: '10', title: 'Log and monitor all access to system components and cardholder data', kind: 'technical', rules: ['HAVEN-PGAUDIT', 'HAVEN-LOG-RETENTION', 'HAVEN-AUDIT-SERVICES'], nagControls: ['10.'] },
    { id: '11', title: 'Test security of systems and networks regularly (11.5 intrusion and change detection)', kind: 'technical', rules: ['HAVEN-AUDIT-SERVICES', 'HAVEN-ALARM-COVERAGE'], nagControls: ['11.'] },
    { id: '12', title: 'Support information security with policies and programs (12.10 incident response)', kind: 'technical', rules: ['HAVEN-ALARM-COVERAGE', 'HAVEN-BACKUP-COVERAGE', 'HAVEN-DR-OBJECTIVES'], nagControls: ['12.'] },
  ],
};
