import { describe, expect, it } from 'vitest';
import { computeObjectives, DR_ASSUMPTIONS, formatObjectives, objectivesForPlan, objectivesReport } from '../../src/dr/objectives';
import { drDesign, drStandbyCompute } from '../../src/dr/strategy';
import { berthCareRaw, estateKitRaw, load, techCorpRaw, variant } from './fixtures';

describe('DR objectives calculator', () => {
  it('Estate Kit warm standby: minutes of RPO from RTC and the replica, RTO from promotion and DNS failover', () => {
    const { plans } = load(estateKitRaw);
    const o = objectivesForPlan(plans.production);
    expect(o.rpoMinutes).toBe(15);
    // 15 declare + max(10 promote, 5 scale up) + 3 DNS
    expect(o.rtoMinutes).toBe(28);
    expect(o.mechanisms.map((m) => m.id)).toEqual(expect.arrayContaining(['s3-crr-rtc:documents', 'rds-read-replica:main', 'compute:minimum', 'route53-failover']));
    expect(o.notCarried[0]).toMatch(/caches.sessions: treated as a cache, rebuilt/);
    expect(o.assumptions.some((a) => a.includes('RTC: 15 min'))).toBe(true);
  });

  it('BerthCare production backup-restore: replicated backups bound the RPO, restore and deploy bound the RTO', () => {
    const { plans } = load(berthCareRaw);
    const o = objectivesForPlan(plans.production);
    expect(o.rpoMinutes).toBe(DR_ASSUMPTIONS.rdsBackupReplicationMinutes);
    // 15 declare + max(20 + 10 restore of 100 GB, 45 deploy) + 13 manual DNS
    expect(o.rtoMinutes).toBe(15 + 45 + 13);
    expect(objectivesForPlan(plans.staging).rpoMinutes).toBeNull();
    expect(objectivesForPlan(plans.staging).rtoMinutes).toBeNull();
  });

  it('without RTC the bucket RPO falls back to the no-SLA assumption', () => {
    const { plans } = load(variant(estateKitRaw, (r) => { r.dr.buckets = { replicationTimeControl: false }; }));
    expect(objectivesForPlan(plans.production).rpoMinutes).toBe(DR_ASSUMPTIONS.s3ReplicationWithoutRtcMinutes);
  });

  it('snapshot copy RPO is the schedule interval plus the copy', () => {
    const { plans } = load(variant(berthCareRaw, (r) => { r.environments.production.dr.database = { replication: 'snapshot-copy', snapshotIntervalHours: 4 }; }));
    expect(objectivesForPlan(plans.production).rpoMinutes).toBe(4 * 60 + DR_ASSUMPTIONS.backupCopyMinutes);
  });

  it('a database not carried over makes data unrecoverable (null RPO)', () => {
    const { plans } = load(variant(estateKitRaw, (r) => { r.dr.database = { replication: 'none' }; }));
    expect(objectivesForPlan(plans.production).rpoMinutes).toBeNull();
  });

  it('assumptions are parameters: other figures give other results', () => {
    const { plans } = load(estateKitRaw);
    const o = computeObjectives(drDesign(plans.production), { ...DR_ASSUMPTIONS, s3ReplicationWithRtcMinutes: 20 });
    expect(o.rpoMinutes).toBe(20);
  });

  it('report and text output cover every environment', () => {
    const { plans } = load(techCorpRaw);
    const report = objectivesReport(plans);
    expect(Object.keys(report)).toEqual(['production', 'production-eu']);
    expect(report['production-eu'].drRegion).toBe('eu-central-1');
    const text = formatObjectives(report);
    expect(text).toContain('production [pilot-light] us-east-1 → us-west-2: RPO 15 min, RTO 43 min');
    expect(text).toContain('production-eu [pilot-light] eu-west-1 → eu-central-1');
    expect(JSON.parse(JSON.stringify(report)).production.rpoMinutes).toBe(15);
  });

  it('standby compute: warm standby runs at minimum size, pilot light at zero, backup-restore not at all', () => {
    expect(drStandbyCompute(load(estateKitRaw).plans.production)).toEqual({ deploy: true, minCapacity: 1 });
    expect(drStandbyCompute(load(techCorpRaw).plans.production)).toEqual({ deploy: true, minCapacity: 0 });
    expect(drStandbyCompute(load(berthCareRaw).plans.production)).toEqual({ deploy: false, minCapacity: 0 });
  });
});

describe('DR design defaults for Aurora', () => {
  it('pilot light on Aurora uses a global database secondary, backup-restore uses Backup copy', () => {
    const aurora = (strategy: string) => drDesign(load(variant(estateKitRaw, (r) => { r.databases.main.engine = 'aurora-postgresql'; r.dr.strategy = strategy; })).plans.production).databases[0].mode;
    expect(aurora('pilot-light')).toBe('aurora-global');
    expect(aurora('backup-restore')).toBe('snapshot-copy');
    expect(aurora('aurora-global')).toBe('aurora-global');
    expect(drDesign(load(variant(estateKitRaw, (r) => { r.dr.strategy = 'aurora-global'; })).plans.production).databases[0].mode).toBe('read-replica');
  });
});

describe('DNS part of the RTO', () => {
  it('follows the failover record TTL', () => {
    const longTtl = load(variant(estateKitRaw, (r) => { r.dr.failover.ttlSeconds = 300; })).plans.production;
    // 90 s of failed checks + 300 s TTL = 6.5 → 7 min instead of 3
    expect(objectivesForPlan(longTtl).rtoMinutes).toBe(28 - 3 + 7);
  });
});

describe('data not carried over is stated', () => {
  it('lists unreplicated data buckets (only an explicit replicate: false) but not log buckets', () => {
    const o = objectivesForPlan(load(variant(berthCareRaw, (r) => { r.buckets.documents.replicate = false; })).plans.production);
    expect(o.notCarried).toContainEqual(expect.stringMatching(/^buckets.documents: not replicated/));
    expect(o.notCarried.some((n) => n.startsWith('buckets.photos'))).toBe(false);
    // With DR, a data bucket the spec says nothing about replicates.
    expect(objectivesForPlan(load(berthCareRaw).plans.production).notCarried.some((n) => n.startsWith('buckets.'))).toBe(false);
    const ek = objectivesForPlan(load(estateKitRaw).plans.production);
    expect(ek.notCarried.some((n) => n.startsWith('buckets.logs'))).toBe(false);
  });
});

describe('objectives count the compute that is built', () => {
  it('a warm standby kept at zero scales from zero; no workloads means no compute term', () => {
    const { plans } = load(variant(estateKitRaw, (r) => { r.dr.standby = { minCapacity: 0 }; }));
    const zero = objectivesForPlan(plans.production);
    expect(zero.mechanisms.find((m) => m.id.startsWith('compute:'))?.id).toBe('compute:zero');
    expect(zero.rtoMinutes).toBe(15 + DR_ASSUMPTIONS.computeFromZeroMinutes + 3);
    const none = objectivesForPlan(load(variant(estateKitRaw, (r) => { delete r.clusters; })).plans.production);
    expect(none.mechanisms.some((m) => m.id.startsWith('compute:'))).toBe(false);
    expect(none.rtoMinutes).toBe(15 + DR_ASSUMPTIONS.rdsPromoteMinutes + 3);
  });
});
