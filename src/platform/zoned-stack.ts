import { NestedStack, Stack, Token, type NestedStackProps, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { availabilityZonesFor } from './availability-zones';

export interface ZonedStackProps extends StackProps {
  /** Zone names of this stack's region. @default - availabilityZonesFor(env.region) */
  readonly availabilityZones?: readonly string[];
}

/**
 * A Stack whose availability zones come from Haven's table (or the spec) instead of a context lookup: overriding
 * `availabilityZones` is CDK's documented way to supply them, and constructs such as `ec2.Vpc` read it.
 */
export class ZonedStack extends Stack {
  private readonly zones?: string[];
  constructor(scope: Construct, id: string, props: ZonedStackProps = {}) {
    super(scope, id, props);
    // An environment-agnostic stack keeps CDK's behaviour (Fn::GetAZs); Haven's stacks always name their region.
    if (!Token.isUnresolved(this.region)) this.zones = availabilityZonesFor(this.region, props.availabilityZones);
  }
  override get availabilityZones(): string[] {
    return this.zones ? [...this.zones] : super.availabilityZones;
  }
}

/** A NestedStack answering `availabilityZones` from its parent (the default asks the context, like any Stack). */
export class ZonedNestedStack extends NestedStack {
  constructor(scope: Construct, id: string, props?: NestedStackProps) {
    super(scope, id, props);
  }
  override get availabilityZones(): string[] {
    return this.nestedStackParent!.availabilityZones;
  }
}
