import { bucketRule } from './buckets';
import { cacheRule } from './caches';
import { databaseRule } from './databases';
import { alarmTuningRule, logRetentionRule } from './monitoring';
import { networkRule } from './network';
import type { CrossFieldRule } from './types';
import { edgeRule } from './edge';
import { dnsRule } from './dns';
import { certificateRegionRule } from './certificates';
import { drRules } from './objectives';
import { supportRule } from './support';
import { servicesRules } from '../sections/services';
import { retentionLifecycleRule } from './backup';
import { referencesRule } from './references';
import { workloadRule } from './workloads';
import { regulatedRetentionRule } from './data-retention';
import { placeholderAccountRule } from './accounts';
import { standbyConnectsRule } from './standby';
import { triggersRule } from './triggers';
import { accountServicesRule } from './account-services';
import { budgetScopeRule } from './budget';

/** Every cross-field rule, run after the shape is valid; all findings are reported together. */
export const CROSS_FIELD_RULES: readonly CrossFieldRule[] = [
  networkRule,
  databaseRule,
  cacheRule,
  bucketRule,
  logRetentionRule,
  alarmTuningRule,
  edgeRule,
  dnsRule,
  certificateRegionRule,
  ...servicesRules,
  ...drRules,
  supportRule,
  retentionLifecycleRule,
  referencesRule,
  workloadRule,
  regulatedRetentionRule,
  placeholderAccountRule,
  standbyConnectsRule,
  triggersRule,
  accountServicesRule,
  budgetScopeRule,
];
export type { CrossFieldIssue, CrossFieldRule, RuleContext } from './types';
