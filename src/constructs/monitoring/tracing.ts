import * as xray from 'aws-cdk-lib/aws-xray';
import { Construct } from 'constructs';

export interface TracingSamplingRuleProps {
  /** Rule name, at most 32 characters. */
  readonly ruleName: string;
  /** Share of requests traced after the reservoir, 0-1. @default 0.05 */
  readonly fixedRate?: number;
  /** Requests per second always traced. @default 1 */
  readonly reservoirSize?: number;
  /** Lower numbers win over the account's Default rule (10000). @default 1000 */
  readonly priority?: number;
  /** Service name to match. @default '*' */
  readonly serviceName?: string;
}

/** An X-Ray sampling rule so an environment traces a bounded, predictable share of requests. */
export class TracingSamplingRule extends Construct {
  public readonly rule: xray.CfnSamplingRule;

  constructor(scope: Construct, id: string, props: TracingSamplingRuleProps) {
    super(scope, id);
    const fixedRate = props.fixedRate ?? 0.05;
    if (fixedRate < 0 || fixedRate > 1) throw new Error(`fixedRate must be between 0 and 1, got ${fixedRate}`);
    if (props.ruleName.length > 32) throw new Error(`X-Ray rule names are at most 32 characters: ${props.ruleName}`);
    this.rule = new xray.CfnSamplingRule(this, 'Rule', {
      samplingRule: {
        ruleName: props.ruleName,
        priority: props.priority ?? 1000,
        fixedRate,
        reservoirSize: props.reservoirSize ?? 1,
        serviceName: props.serviceName ?? '*',
        serviceType: '*',
        host: '*',
        httpMethod: '*',
        urlPath: '*',
        resourceArn: '*',
        version: 1,
      },
    });
  }
}
