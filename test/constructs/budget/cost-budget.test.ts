import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { describe, expect, it } from 'vitest';
import { CostBudget } from '../../../src/constructs/budget';

const newStack = () => new Stack(new App(), 'S', { env: { account: '111111111111', region: 'us-east-1' } });

describe('CostBudget', () => {
  it('creates Omnirapeutic\'s $1,500 monthly budget notifying the topic and e-mail at each threshold', () => {
    const stack = newStack();
    const topic = new sns.Topic(stack, 'T');
    new CostBudget(stack, 'B', { budgetName: 'omni-production', monthlyUsd: 1500, topic, emails: ['ops@example.com'], thresholds: [{ percent: 80 }, { percent: 100, type: 'FORECASTED' }] });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::Budgets::Budget', {
      Budget: { BudgetName: 'omni-production', BudgetType: 'COST', TimeUnit: 'MONTHLY', BudgetLimit: { Amount: 1500, Unit: 'USD' } },
      NotificationsWithSubscribers: [
        { Notification: { NotificationType: 'ACTUAL', ComparisonOperator: 'GREATER_THAN', Threshold: 80, ThresholdType: 'PERCENTAGE' }, Subscribers: [{ SubscriptionType: 'SNS', Address: { Ref: Match.stringLikeRegexp('^T') } }, { SubscriptionType: 'EMAIL', Address: 'ops@example.com' }] },
        Match.objectLike({ Notification: Match.objectLike({ NotificationType: 'FORECASTED', Threshold: 100 }) }),
      ],
    });
  });

  it('defaults to 80% and 100% actual plus 100% forecast', () => {
    const stack = newStack();
    new CostBudget(stack, 'B', { monthlyUsd: 300, emails: ['a@example.com'] });
    const b = Object.values(Template.fromStack(stack).findResources('AWS::Budgets::Budget'))[0];
    expect(b.Properties.NotificationsWithSubscribers.map((n: { Notification: { Threshold: number; NotificationType: string } }) => `${n.Notification.NotificationType}:${n.Notification.Threshold}`)).toEqual(['ACTUAL:80', 'ACTUAL:100', 'FORECASTED:100']);
  });

  it('rejects no subscriber, a non-positive limit and too many e-mails', () => {
    expect(() => new CostBudget(newStack(), 'B', { monthlyUsd: 100 })).toThrow(/topic or at least one e-mail/);
    expect(() => new CostBudget(newStack(), 'B', { monthlyUsd: 0, emails: ['a@example.com'] })).toThrow(/positive/);
    expect(() => new CostBudget(newStack(), 'B', { monthlyUsd: 10, emails: Array.from({ length: 11 }, (_, i) => `a${i}@example.com`) })).toThrow(/at most 10/);
  });
});
