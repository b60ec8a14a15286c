import { ArnFormat, Names, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { restrictGrantsToAwsServices } from '../keys/grant-guard';

/** REGIONAL protects ALBs, API Gateway and the like in the stack's region; CLOUDFRONT must be created in us-east-1. */
export type WebFirewallScope = 'REGIONAL' | 'CLOUDFRONT';

/** Short names of AWS managed rule groups and the AWS names they stand for (all vendor AWS, no extra charge). */
export const MANAGED_RULE_GROUPS = {
  Common: 'AWSManagedRulesCommonRuleSet',
  KnownBadInputs: 'AWSManagedRulesKnownBadInputsRuleSet',
  SQLi: 'AWSManagedRulesSQLiRuleSet',
  AmazonIpReputation: 'AWSManagedRulesAmazonIpReputationList',
  AnonymousIp: 'AWSManagedRulesAnonymousIpList',
  LinuxOS: 'AWSManagedRulesLinuxRuleSet',
  UnixOS: 'AWSManagedRulesUnixRuleSet',
  WindowsOS: 'AWSManagedRulesWindowsRuleSet',
  PHP: 'AWSManagedRulesPHPRuleSet',
  WordPress: 'AWSManagedRulesWordPressRuleSet',
  AdminProtection: 'AWSManagedRulesAdminProtectionRuleSet',
} as const;
export type ManagedRuleGroupName = keyof typeof MANAGED_RULE_GROUPS;
export const MANAGED_RULE_GROUP_NAMES = Object.keys(MANAGED_RULE_GROUPS) as ManagedRuleGroupName[];

/** The OWASP-style baseline: core rules, known bad inputs (Log4j and friends), SQL injection. */
export const DEFAULT_MANAGED_RULES: readonly ManagedRuleGroupName[] = ['Common', 'KnownBadInputs', 'SQLi'];

const COUNTRY = /^[A-Z]{2}$/;

export interface WebFirewallProps {
  /** Where the ACL is used. CLOUDFRONT ACLs can only be created in us-east-1. */
  readonly scope: WebFirewallScope;
  /**
   * Web ACL name (also the CloudWatch metric name).
   * @default - generated from the construct path
   */
  readonly name?: string;
  /**
   * AWS managed rule groups, by short name, evaluated in the order given.
   * @default DEFAULT_MANAGED_RULES (Common, KnownBadInputs, SQLi)
   */
  readonly managedRules?: readonly ManagedRuleGroupName[];
  /**
   * Requests per IP per 5 minutes before that IP is blocked (10 - 2,000,000,000). 0 turns the rule off.
   * @default 2000
   */
  readonly rateLimit?: number;
  /**
   * ISO 3166-1 alpha-2 countries to block. Not with `geoAllow`.
   * @default - no country is blocked
   */
  readonly geoBlock?: readonly string[];
  /**
   * ISO 3166-1 alpha-2 countries to allow; requests from anywhere else are blocked. Not with `geoBlock`.
   * @default - every country is allowed
   */
  readonly geoAllow?: readonly string[];
  /**
   * Log requests to a CloudWatch log group named `aws-waf-logs-<name>` (WAF requires the prefix).
   * @default true
   */
  readonly logging?: boolean;
  /**
   * Key encrypting the log group. Its policy must let CloudWatch Logs use it; a key created here does.
   * @default - a new key with rotation
   */
  readonly logEncryptionKey?: kms.IKey;
  /** @default logs.RetentionDays.ONE_YEAR */
  readonly logRetention?: logs.RetentionDays;
  /**
   * What happens to the log group when removed from the stack. Logs are audit evidence.
   * @default RemovalPolicy.RETAIN
   */
  readonly logRemovalPolicy?: RemovalPolicy;
}

/**
 * A WAFv2 web ACL: geo rule, per-IP rate limit, then AWS managed rule groups, with KMS-encrypted request logs
 * (Authorization and Cookie headers redacted, since they carry credentials and session tokens).
 */
export class WebFirewall extends Construct {
  public readonly webAcl: wafv2.CfnWebACL;
  public readonly webAclArn: string;
  public readonly scope: WebFirewallScope;
  public readonly name: string;
  public readonly logGroup?: logs.LogGroup;

  constructor(scope: Construct, id: string, props: WebFirewallProps) {
    super(scope, id);
    this.scope = props.scope;
    const region = Stack.of(this).region;
    if (props.scope === 'CLOUDFRONT' && !Token.isUnresolved(region) && region !== 'us-east-1') {
      throw new Error(`a CLOUDFRONT web ACL must be created in us-east-1, not ${region}`);
    }
    this.name = props.name ?? Names.uniqueResourceName(this, { maxLength: 100 });
    if (!/^[\w-]{1,128}$/.test(this.name)) throw new Error(`web ACL name ${this.name} may contain only letters, digits, _ and -`);

    const rules: wafv2.CfnWebACL.RuleProperty[] = [];
    const visibility = (metric: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
      metricName: `${this.name}-${metric}`.slice(0, 128),
    });

    if (props.geoAllow?.length && props.geoBlock?.length) throw new Error('give geoAllow or geoBlock, not both');
    const countries = props.geoAllow ?? props.geoBlock ?? [];
    for (const c of countries) if (!COUNTRY.test(c)) throw new Error(`expected an ISO 3166-1 alpha-2 country code such as CA, got ${c}`);
    if (countries.length) {
      const match: wafv2.CfnWebACL.StatementProperty = { geoMatchStatement: { countryCodes: [...countries] } };
      rules.push({
        name: props.geoAllow?.length ? 'GeoAllowList' : 'GeoBlockList',
        priority: rules.length,
        action: { block: {} },
        statement: props.geoAllow?.length ? { notStatement: { statement: match } } : match,
        visibilityConfig: visibility('geo'),
      });
    }

    const rateLimit = props.rateLimit ?? 2000;
    if (rateLimit !== 0) {
      if (!Number.isInteger(rateLimit) || rateLimit < 10 || rateLimit > 2_000_000_000) {
        throw new Error(`rateLimit must be an integer from 10 to 2,000,000,000 requests per 5 minutes, got ${rateLimit}`);
      }
      rules.push({
        name: 'RateLimitPerIp',
        priority: rules.length,
        action: { block: {} },
        statement: { rateBasedStatement: { limit: rateLimit, aggregateKeyType: 'IP', evaluationWindowSec: 300 } },
        visibilityConfig: visibility('rate'),
      });
    }

    const managed = props.managedRules ?? DEFAULT_MANAGED_RULES;
    if (new Set(managed).size !== managed.length) throw new Error('managedRules lists a rule group twice');
    for (const short of managed) {
      const awsName = MANAGED_RULE_GROUPS[short];
      if (!awsName) throw new Error(`unknown managed rule group ${short}; expected one of ${MANAGED_RULE_GROUP_NAMES.join(', ')}`);
      rules.push({
        name: awsName,
        priority: rules.length,
        overrideAction: { none: {} },
        statement: { managedRuleGroupStatement: { vendorName: 'AWS', name: awsName } },
        visibilityConfig: visibility(short),
      });
    }

    this.webAcl = new wafv2.CfnWebACL(this, 'Resource', {
      name: this.name,
      scope: props.scope,
      defaultAction: { allow: {} },
      rules,
      visibilityConfig: visibility('all'),
    });
    this.webAclArn = this.webAcl.attrArn;

    if (props.logging ?? true) {
      const key = props.logEncryptionKey ?? new kms.Key(this, 'LogKey', {
        enableKeyRotation: true,
        description: `Encrypts WAF logs of ${this.name}`,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      if (!props.logEncryptionKey) restrictGrantsToAwsServices(key);
      // CloudWatch Logs encrypts with the key on the log group's behalf; scoped to log groups of this account/region.
      key.addToResourcePolicy(new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal(`logs.${Stack.of(this).region}.amazonaws.com`)],
        actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncryptFrom', 'kms:ReEncryptTo', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:DescribeKey'],
        resources: ['*'],
        conditions: {
          ArnLike: { 'kms:EncryptionContext:aws:logs:arn': Stack.of(this).formatArn({ service: 'logs', resource: 'log-group', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }) },
        },
      }));
      this.logGroup = new logs.LogGroup(this, 'Logs', {
        logGroupName: `aws-waf-logs-${this.name}`,
        encryptionKey: key,
        retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
        removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.RETAIN,
      });
      const logging = new wafv2.CfnLoggingConfiguration(this, 'Logging', {
        resourceArn: this.webAcl.attrArn,
        logDestinationConfigs: [this.logGroup.logGroupArn],
        redactedFields: [{ singleHeader: { Name: 'authorization' } }, { singleHeader: { Name: 'cookie' } }],
      });
      logging.node.addDependency(this.logGroup);
    }
  }

  /** Protect a regional resource (an Application Load Balancer). */
  public associate(id: string, loadBalancer: elbv2.IApplicationLoadBalancer): wafv2.CfnWebACLAssociation {
    if (this.scope !== 'REGIONAL') throw new Error('a CLOUDFRONT web ACL is attached through the distribution, not associated with a load balancer');
    return new wafv2.CfnWebACLAssociation(this, id, { resourceArn: loadBalancer.loadBalancerArn, webAclArn: this.webAcl.attrArn });
  }

  /** Requests the ACL blocked (all rules), per 5 minutes. CLOUDFRONT metrics exist only in us-east-1. */
  public metricBlockedRequests(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/WAFV2',
      metricName: 'BlockedRequests',
      dimensionsMap: this.scope === 'REGIONAL'
        ? { WebACL: this.name, Rule: 'ALL', Region: Stack.of(this).region }
        : { WebACL: this.name, Rule: 'ALL' },
      statistic: 'Sum',
      ...props,
    });
  }
}
