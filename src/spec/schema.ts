import { z } from 'zod';
import { TIERS } from './common';
import { projectSchema } from './sections/project';
import { complianceSchema } from './sections/compliance';
import { regionsSchema } from './sections/regions';
import { networkSchema } from './sections/network';
import { databasesSchema } from './sections/databases';
import { cachesSchema } from './sections/caches';
import { bucketsSchema } from './sections/buckets';
import { notificationsSchema } from './sections/notifications';
import { monitoringSchema } from './sections/monitoring';
import { edgeSchema } from './sections/edge';
import { ecrSchema, pipelineSchema, servicesSchema } from './sections/services';
import { functionsSchema } from './sections/functions';
import { clustersSchema } from './sections/clusters';
import { backupSchema } from './sections/backup';
import { drSchema } from './sections/dr';
import { securitySchema } from './sections/security';
import { budgetSchema } from './sections/budget';
import { usageSchema } from './sections/usage';
import { fileSystemsSchema } from './sections/fileSystems';
import { accessSchema } from './sections/access';
import { deepPartial } from './partial';

/** Sections an environment may override; the rest (project, compliance, environments) are platform-wide. */
export const overridableSections = {
  regions: regionsSchema,
  network: networkSchema,
  databases: databasesSchema,
  caches: cachesSchema,
  buckets: bucketsSchema,
  notifications: notificationsSchema,
  monitoring: monitoringSchema,
  edge: edgeSchema,
  services: servicesSchema,
  ecr: ecrSchema,
  pipeline: pipelineSchema,
  functions: functionsSchema,
  clusters: clustersSchema,
  backup: backupSchema,
  dr: drSchema,
  security: securitySchema,
  budget: budgetSchema,
  usage: usageSchema,
  fileSystems: fileSystemsSchema,
  access: accessSchema,
};
export type OverridableSection = keyof typeof overridableSections;

const overrideShape = Object.fromEntries(
  Object.entries(overridableSections).map(([name, schema]) => [name, deepPartial(schema).optional()]),
) as Record<OverridableSection, z.ZodOptional<z.ZodType>>;

export const environmentSchema = z.strictObject({
  tier: z.enum(TIERS).describe('development, staging or production: picks defaults for availability, protection, retention, monitoring.'),
  account: z.string().regex(/^\d{12}$/, 'expected a 12-digit AWS account id').optional(),
  ...overrideShape,
});

export const havenSpecSchema = z.strictObject({
  project: projectSchema,
  compliance: complianceSchema,
  regions: regionsSchema,
  network: networkSchema,
  notifications: notificationsSchema.optional(),
  databases: databasesSchema.optional(),
  caches: cachesSchema.optional(),
  buckets: bucketsSchema.optional(),
  monitoring: monitoringSchema.optional(),
  edge: edgeSchema.optional(),
  services: servicesSchema.optional(),
  ecr: ecrSchema.optional(),
  pipeline: pipelineSchema.optional(),
  functions: functionsSchema.optional(),
  clusters: clustersSchema.optional(),
  backup: backupSchema.optional(),
  dr: drSchema.optional(),
  security: securitySchema.optional(),
  budget: budgetSchema.optional(),
  usage: usageSchema.optional(),
  fileSystems: fileSystemsSchema.optional(),
  access: accessSchema.optional(),
  environments: z
    .record(z.string().regex(/^[a-z][a-z0-9-]{0,15}$/, 'expected a short lower-case environment name'), environmentSchema)
    .refine((envs) => Object.keys(envs).length > 0, 'at least one environment is required'),
});

export type HavenSpec = z.infer<typeof havenSpecSchema>;
export type EnvironmentSpec = z.infer<typeof environmentSchema>;

/** JSON Schema for editors (yaml-language-server), generated from the same zod source. */
export function havenJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(havenSpecSchema, { target: 'draft-7', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return { ...schema, title: 'Haven platform spec', $id: 'https://haven.dev/schema/haven.schema.json' };
}
