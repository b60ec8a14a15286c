import { describe, it, expect } from 'vitest';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as kms from 'aws-cdk-lib/aws-kms';
import { MANAGED_RULE_GROUPS, WebFirewall } from '../../../src/constructs/waf';

// Synthesized CloudFormation is untyped JSON.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

function stackIn(region: string) {
  return new Stack(new App(), 'Test', { env: { account: '123456789012', region } });
}

function rules(t: Template): Array<Json> {
  const acls = Object.values(t.findResources('AWS::WAFv2::WebACL'));
  expect(acls).toHaveLength(1);
  return acls[0].Properties.Rules;
}

describe('WebFirewall', () => {
  it('defaults to Common, KnownBadInputs and SQLi plus 2000 requests / 5 min per IP', () => {
    const stack = stackIn('us-east-1');
    new WebFirewall(stack, 'Waf', { scope: 'REGIONAL', name: 'app' });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::WAFv2::WebACL', { Name: 'app', Scope: 'REGIONAL', DefaultAction: { Allow: {} } });
    const r = rules(t);
    expect(r.map((x) => x.Name)).toEqual([
      'RateLimitPerIp', 'AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesSQLiRuleSet',
    ]);
    expect(r[0].Statement.RateBasedStatement).toEqual({ Limit: 2000, AggregateKeyType: 'IP', EvaluationWindowSec: 300 });
    expect(r[0].Action).toEqual({ Block: {} });
    expect(r[1].Statement.ManagedRuleGroupStatement).toEqual({ VendorName: 'AWS', Name: 'AWSManagedRulesCommonRuleSet' });
    expect(r[1].OverrideAction).toEqual({ None: {} });
    expect(new Set(r.map((x) => x.Priority)).size).toBe(r.length);
  });

  it('maps short names to AWS rule group names', () => {
    const stack = stackIn('us-east-1');
    new WebFirewall(stack, 'Waf', { scope: 'REGIONAL', managedRules: ['AmazonIpReputation', 'AnonymousIp', 'LinuxOS'], rateLimit: 0 });
    const r = rules(Template.fromStack(stack));
    expect(r.map((x) => x.Statement.ManagedRuleGroupStatement.Name)).toEqual([
      'AWSManagedRulesAmazonIpReputationList', 'AWSManagedRulesAnonymousIpList', 'AWSManagedRulesLinuxRuleSet',
    ]);
    expect(MANAGED_RULE_GROUPS.SQLi).toBe('AWSManagedRulesSQLiRuleSet');
  });

  it('blocks listed countries, or everything outside an allow list', () => {
    const a = stackIn('us-east-1');
    new WebFirewall(a, 'Waf', { scope: 'REGIONAL', geoBlock: ['KP', 'IR'] });
    const ra = rules(Template.fromStack(a));
    expect(ra[0]).toMatchObject({ Name: 'GeoBlockList', Priority: 0, Action: { Block: {} }, Statement: { GeoMatchStatement: { CountryCodes: ['KP', 'IR'] } } });

    const b = stackIn('us-east-1');
    new WebFirewall(b, 'Waf', { scope: 'REGIONAL', geoAllow: ['CA', 'US'] });
    const rb = rules(Template.fromStack(b));
    expect(rb[0]).toMatchObject({
      Name: 'GeoAllowList', Action: { Block: {} },
      Statement: { NotStatement: { Statement: { GeoMatchStatement: { CountryCodes: ['CA', 'US'] } } } },
    });
  });

  it('logs to a KMS-encrypted aws-waf-logs- group with credentials redacted', () => {
    const stack = stackIn('ca-central-1');
    const key = new kms.Key(stack, 'Key');
    new WebFirewall(stack, 'Waf', { scope: 'REGIONAL', name: 'berthcare-staging', logEncryptionKey: key });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: 'aws-waf-logs-berthcare-staging',
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Key'), 'Arn'] },
      RetentionInDays: 365,
    });
    t.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Retain' });
    t.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      RedactedFields: [{ SingleHeader: { Name: 'authorization' } }, { SingleHeader: { Name: 'cookie' } }],
      LogDestinationConfigs: [Match.anyValue()],
    });
    t.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'logs.ca-central-1.amazonaws.com' }, Action: Match.arrayWith(['kms:Encrypt', 'kms:GenerateDataKey']) })]) },
    });
    const statements = Object.values(t.findResources('AWS::KMS::Key'))[0].Properties.KeyPolicy.Statement as Json[];
    const logsStatement = statements.find((st) => st.Principal?.Service === 'logs.ca-central-1.amazonaws.com');
    for (const action of logsStatement.Action) expect(action).not.toContain('*');
    t.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': Match.anyValue() } } })]) },
    });
  });

  it('creates its own rotating key when none is given, and no logging when off', () => {
    const a = stackIn('us-east-1');
    new WebFirewall(a, 'Waf', { scope: 'REGIONAL' });
    Template.fromStack(a).hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });

    const b = stackIn('us-east-1');
    new WebFirewall(b, 'Waf', { scope: 'REGIONAL', logging: false });
    const t = Template.fromStack(b);
    t.resourceCountIs('AWS::WAFv2::LoggingConfiguration', 0);
    t.resourceCountIs('AWS::Logs::LogGroup', 0);
  });

  it('associates a REGIONAL ACL with an ALB', () => {
    const stack = stackIn('us-east-1');
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
    const alb = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true });
    const waf = new WebFirewall(stack, 'Waf', { scope: 'REGIONAL' });
    waf.associate('Alb', alb);
    Template.fromStack(stack).hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      ResourceArn: { Ref: Match.stringLikeRegexp('^Alb') },
      WebACLArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Waf'), 'Arn'] },
    });
  });

  it('exposes a blocked-requests metric with the region dimension for REGIONAL only', () => {
    const stack = stackIn('us-east-1');
    const r = new WebFirewall(stack, 'R', { scope: 'REGIONAL', name: 'r' });
    const c = new WebFirewall(stack, 'C', { scope: 'CLOUDFRONT', name: 'c' });
    expect(r.metricBlockedRequests().dimensions).toEqual({ WebACL: 'r', Rule: 'ALL', Region: 'us-east-1' });
    expect(c.metricBlockedRequests().dimensions).toEqual({ WebACL: 'c', Rule: 'ALL' });
  });

  it('rejects a CLOUDFRONT ACL outside us-east-1 and bad inputs', () => {
    const stack = stackIn('ca-central-1');
    expect(() => new WebFirewall(stack, 'A', { scope: 'CLOUDFRONT' })).toThrow(/us-east-1/);
    expect(() => new WebFirewall(stack, 'B', { scope: 'REGIONAL', geoAllow: ['CA'], geoBlock: ['KP'] })).toThrow(/not both/);
    expect(() => new WebFirewall(stack, 'C', { scope: 'REGIONAL', geoBlock: ['Canada'] })).toThrow(/ISO 3166/);
    expect(() => new WebFirewall(stack, 'D', { scope: 'REGIONAL', rateLimit: 5 })).toThrow(/rateLimit/);
    expect(() => new WebFirewall(stack, 'E', { scope: 'REGIONAL', managedRules: ['Bogus' as never] })).toThrow(/unknown managed rule group/);
    expect(() => new WebFirewall(stack, 'F', { scope: 'REGIONAL', managedRules: ['SQLi', 'SQLi'] })).toThrow(/twice/);
    const us = stackIn('us-east-1');
    const vpc = new ec2.Vpc(us, 'Vpc', { maxAzs: 2, natGateways: 0 });
    const alb = new elbv2.ApplicationLoadBalancer(us, 'Alb', { vpc });
    const cf = new WebFirewall(us, 'G', { scope: 'CLOUDFRONT' });
    expect(() => cf.associate('X', alb)).toThrow(/CLOUDFRONT/);
  });
});
