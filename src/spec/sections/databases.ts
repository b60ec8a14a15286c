import { z } from 'zod';
import { positiveInt } from '../common';

export const DATABASE_ENGINES = ['postgres', 'aurora-postgresql', 'aurora-postgresql-serverless'] as const;
export type DatabaseEngine = (typeof DATABASE_ENGINES)[number];

export const dbInstanceClass = z
  .string()
  .regex(/^db\.(t3|t4g|m5|m6g|m6i|m7g|m7i|r5|r6g|r6i|r7g|r7i|x2g)\.(micro|small|medium|large|xlarge|\d{1,2}xlarge)$/, 'expected an RDS instance class such as db.t4g.medium or db.r6g.large');

/**
 * Aurora Serverless v2 capacity: 0 to 256 ACUs in half-ACU steps; the maximum must be above 0.5
 * (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2.requirements.html).
 */
const acu = z.number().max(256, 'expected at most 256 ACUs').multipleOf(0.5, 'expected a multiple of 0.5 ACU (such as 2 or 2.5)');

/** Engine limit on automated backups; longer retention is the backup section's (AWS Backup). */
const backupDaysMessage = 'RDS keeps automated backups 0-35 days; keep longer retention with the backup section (AWS Backup)';

export const databaseSchema = z.strictObject({
  engine: z.enum(DATABASE_ENGINES).default('postgres'),
  version: z.string().regex(/^\d{2}(\.\d{1,2})?$/, 'expected a PostgreSQL version such as 15 or 15.5').describe('PostgreSQL major or major.minor version.'),
  instanceClass: dbInstanceClass.optional().describe('Instance class (provisioned engines); tier default when absent.'),
  storage: z
    .strictObject({
      allocatedGb: z.number().int().min(20).max(65536),
      maxGb: z.number().int().min(20).max(65536).optional().describe('Storage autoscaling ceiling.'),
      iops: z.number().int().min(3000).max(256000).optional(),
    })
    .optional(),
  serverless: z
    .strictObject({
      minCapacity: acu.min(0, 'expected at least 0 ACUs').describe('Lowest capacity, 0 to 256 ACUs in steps of 0.5 (0 pauses when idle, on recent engine versions).'),
      maxCapacity: acu.min(1, 'expected at least 1 ACU (Aurora requires a maximum above 0.5)').describe('Highest capacity, 1 to 256 ACUs in steps of 0.5.'),
    })
    .optional()
    .describe('Aurora Serverless v2 capacity range in ACUs (0-256 in steps of 0.5; min at most max).'),
  instances: z.number().int().min(1).max(16).optional().describe('Aurora cluster instances (writer + readers).'),
  multiAz: z.boolean().optional(),
  databaseName: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,62}$/, 'expected a database name: a letter then letters, digits or underscores').optional(),
  username: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,15}$/, 'expected a user name: a letter then up to 15 letters, digits or underscores').optional(),
  backupRetentionDays: z.number().int().min(0, backupDaysMessage).max(35, backupDaysMessage).optional().describe('Automated backup retention (0-35 days, an engine limit); longer retention belongs to the backup section.'),
  backupWindow: z.string().regex(/^\d{2}:\d{2}-\d{2}:\d{2}$/, 'expected hh:mm-hh:mm (UTC)').optional(),
  maintenanceWindow: z.string().regex(/^(mon|tue|wed|thu|fri|sat|sun):\d{2}:\d{2}-(mon|tue|wed|thu|fri|sat|sun):\d{2}:\d{2}$/, 'expected ddd:hh:mm-ddd:hh:mm (UTC)').optional(),
  performanceInsights: z.boolean().optional(),
  performanceInsightsRetentionDays: z.number().int().min(7).max(731).optional(),
  monitoringIntervalSeconds: z.union([z.literal(0), z.literal(1), z.literal(5), z.literal(10), z.literal(15), z.literal(30), z.literal(60)]).optional(),
  logExports: z.array(z.enum(['postgresql', 'upgrade', 'iam-db-auth-error'])).optional(),
  deletionProtection: z.boolean().optional(),
  slowQueryMs: positiveInt.max(2_147_483_647).optional().describe('log_min_duration_statement in ms.'),
  pgAudit: z.boolean().optional().describe('Load pgaudit and log DDL, role and write statements.'),
  maxConnections: positiveInt.max(262_143).optional().describe('Connection ceiling used by the connections alarm (defaults from the class).'),
  iamAuthentication: z.boolean().optional(),
  /** Names of services (or security-group names) allowed to connect. */
  clients: z.array(z.string()).optional(),
  rotationDays: z.number().int().min(1).max(365).optional().describe('Credential rotation period.'),
});
export type DatabaseSpec = z.infer<typeof databaseSchema>;

export const databasesSchema = z.record(z.string().regex(/^[a-z][a-z0-9-]{0,20}$/, 'expected a short lower-case name'), databaseSchema);
