import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { budgetFeature } from '../../../src/platform/features/budget';
import { makeContext } from './baseline-context';

describe('budget feature', () => {
  it('creates Omnirapeutic\'s $1,500 budget notifying the alarm topic at 80/100% actual and 100% forecast', () => {
    const ctx = makeContext({ spec: { budget: { monthlyUsd: 1500, emails: ['finance@example.com'] } } });
    budgetFeature.apply(ctx);
    const t = Template.fromStack(ctx.stack);
    t.hasResourceProperties('AWS::Budgets::Budget', {
      Budget: { BudgetName: 'cec-production-monthly', BudgetType: 'COST', TimeUnit: 'MONTHLY', BudgetLimit: { Amount: 1500, Unit: 'USD' } },
      NotificationsWithSubscribers: [
        { Notification: Match.objectLike({ NotificationType: 'ACTUAL', Threshold: 80 }), Subscribers: [{ SubscriptionType: 'SNS', Address: { Ref: Match.stringLikeRegexp('^Alarms') } }, { SubscriptionType: 'EMAIL', Address: 'finance@example.com' }] },
        Match.objectLike({ Notification: Match.objectLike({ NotificationType: 'ACTUAL', Threshold: 100 }) }),
        Match.objectLike({ Notification: Match.objectLike({ NotificationType: 'FORECASTED', Threshold: 100 }) }),
      ],
    });
    // Budgets can publish to the encrypted topic: topic policy and key policy.
    t.hasResourceProperties('AWS::SNS::TopicPolicy', { PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'budgets.amazonaws.com' }, Action: 'sns:Publish' })]) } });
    t.hasResourceProperties('AWS::KMS::Key', { KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'budgets.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] })]) } });
  });

  it('creates nothing without a budget section and only builds in the primary stack', () => {
    const ctx = makeContext();
    budgetFeature.apply(ctx);
    Template.fromStack(ctx.stack).resourceCountIs('AWS::Budgets::Budget', 0);
    expect(budgetFeature.roles).toEqual(['primary']);
  });

  it('rejects a non-positive budget in the spec', () => {
    expect(() => makeContext({ spec: { budget: { monthlyUsd: 0 } } })).toThrow();
  });
});
