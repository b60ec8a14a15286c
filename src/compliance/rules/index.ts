import type { HavenRule } from '../types';
import { AuditServices } from './audit/AuditServices';
import { PgAudit } from './database/PgAudit';
import { DeletionProtection } from './data/DeletionProtection';
import { EncryptionAtRest } from './data/EncryptionAtRest';
import { Residency } from './data/Residency';
import { NoWildcardIam } from './iam/NoWildcardIam';
import { AlarmCoverage } from './monitoring/AlarmCoverage';
import { LogRetention } from './monitoring/LogRetention';
import { CacheTls } from './network/CacheTls';
import { DatabaseTls } from './network/DatabaseTls';
import { ListenerTls } from './network/ListenerTls';
import { S3Tls } from './network/S3Tls';
import { BackupCoverage } from './resilience/BackupCoverage';
import { BackupRetention } from './resilience/BackupRetention';
import { DrObjectives } from './resilience/DrObjectives';
import { SecretRotation } from './secrets/SecretRotation';

/** Every Haven rule, in report order. */
export const HAVEN_RULES: readonly HavenRule[] = [
  Residency,
  EncryptionAtRest,
  S3Tls,
  DatabaseTls,
  CacheTls,
  ListenerTls,
  NoWildcardIam,
  SecretRotation,
  PgAudit,
  BackupCoverage,
  BackupRetention,
  DrObjectives,
  DeletionProtection,
  AlarmCoverage,
  LogRetention,
  AuditServices,
];

export {
  AlarmCoverage, AuditServices, BackupCoverage, BackupRetention, CacheTls, DatabaseTls, DeletionProtection, DrObjectives,
  EncryptionAtRest, ListenerTls, LogRetention, NoWildcardIam, PgAudit, Residency, S3Tls, SecretRotation,
};
