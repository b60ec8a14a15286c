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

  it('counts only the environment\'s costs by default: Project and Environment cost allocation tags, both required', () => {
    const ctx = makeContext({ spec: { budget: { monthlyUsd: 1500 } } });
    budgetFeature.apply(ctx);
    const t = Template.fromStack(ctx.stack);
    t.hasResourceProperties('AWS::Budgets::Budget', {
      Budget: Match.objectLike({
        FilterExpression: { And: [
          { Tags: { Key: 'Project', Values: ['cec'], MatchOptions: ['EQUALS'] } },
          { Tags: { Key: 'Environment', Values: ['production'], MatchOptions: ['EQUALS'] } },
        ] },
      }),
    });
    // filterByTags: false counts the whole account.
    const unfiltered = makeContext({ spec: { budget: { monthlyUsd: 1500, filterByTags: false } } });
    budgetFeature.apply(unfiltered);
    expect(JSON.stringify(Template.fromStack(unfiltered.stack).findResources('AWS::Budgets::Budget'))).not.toContain('FilterExpression');
  });

  it('builds a project budget once, in the first environment listed, filtered by the project tag only', () => {
    const count = (env: string) => {
      const ctx = makeContext({ env, spec: { budget: { monthlyUsd: 5000, scope: 'project' } } });
      budgetFeature.apply(ctx);
      return Template.fromStack(ctx.stack);
    };
    // baseSpec lists production first.
    const first = count('production');
    first.resourceCountIs('AWS::Budgets::Budget', 1);
    first.hasResourceProperties('AWS::Budgets::Budget', {
      Budget: Match.objectLike({ BudgetName: 'cec-project-monthly', BudgetLimit: { Amount: 5000, Unit: 'USD' }, FilterExpression: { Tags: { Key: 'Project', Values: ['cec'], MatchOptions: ['EQUALS'] } } }),
    });
    count('staging').resourceCountIs('AWS::Budgets::Budget', 0);
  });

  it('builds both when an environment adds its own budget to a project one', () => {
    const spec = { budget: { monthlyUsd: 5000, scope: 'project' }, environments: { production: { tier: 'production', budget: { scope: 'environment', monthlyUsd: 3000 } }, staging: { tier: 'staging' } } };
    const ctx = makeContext({ spec });
    budgetFeature.apply(ctx);
    const budgets = Object.values(Template.fromStack(ctx.stack).findResources('AWS::Budgets::Budget')).map((r) => [r.Properties.Budget.BudgetName, r.Properties.Budget.BudgetLimit.Amount]);
    expect(budgets).toEqual([['cec-production-monthly', 3000], ['cec-project-monthly', 5000]]);
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
