import * as config from 'aws-cdk-lib/aws-config';
import { Construct, type IDependable } from 'constructs';
import { conformancePackBody, type ConformancePackDefinition } from './packs';

/** AWS limit on an inline conformance pack template body. */
export const CONFORMANCE_PACK_BODY_LIMIT = 51200;

export interface ConformancePacksProps {
  /** Packs to deploy (see `CONFORMANCE_PACKS`). */
  readonly packs: readonly ConformancePackDefinition[];
  /** Prefix of pack names, e.g. `cec-production`. @default 'haven' */
  readonly namePrefix?: string;
  /** The recorder (and delivery channel) the packs need to exist first. @default - none */
  readonly dependsOn?: readonly IDependable[];
}

/** Deploys conformance packs built from AWS managed Config rules. */
export class ConformancePacks extends Construct {
  public readonly packs: config.CfnConformancePack[] = [];

  constructor(scope: Construct, id: string, props: ConformancePacksProps) {
    super(scope, id);
    const prefix = props.namePrefix ?? 'haven';
    const seen = new Set<string>();
    for (const pack of props.packs) {
      if (seen.has(pack.name)) continue;
      seen.add(pack.name);
      const body = conformancePackBody(pack);
      if (body.length > CONFORMANCE_PACK_BODY_LIMIT) throw new Error(`conformance pack ${pack.name} body is ${body.length} bytes; AWS accepts at most ${CONFORMANCE_PACK_BODY_LIMIT}`);
      const cfn = new config.CfnConformancePack(this, pack.name, {
        conformancePackName: `${prefix}-${pack.name}`.slice(0, 256),
        templateBody: body,
      });
      for (const dep of props.dependsOn ?? []) cfn.node.addDependency(dep);
      this.packs.push(cfn);
    }
  }
}
