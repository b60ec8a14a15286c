import { ListSubscriptionsByTopicCommand, type ListSubscriptionsByTopicCommandInput, SNSClient } from '@aws-sdk/client-sns';
import { ServiceModule, awsError, op } from '../service';

export const sns: ServiceModule = {
  client: SNSClient,
  operations: [
    // ListSubscriptionsByTopic: https://docs.aws.amazon.com/sns/latest/api/API_ListSubscriptionsByTopic.html
    // Email subscriptions report SubscriptionArn "PendingConfirmation" until the recipient confirms.
    op<ListSubscriptionsByTopicCommandInput>(ListSubscriptionsByTopicCommand, (world, input, region) => {
      const topic = world.find('AWS::SNS::Topic', region, (t) => t.arn === input.TopicArn);
      if (!topic) throw awsError('NotFoundException', 'Topic does not exist', 404);
      const inline = (world.prop<{ Endpoint?: string; Protocol?: string }[]>(topic, 'Subscription') ?? []).map((s, i) => ({ ...s, arn: `${topic.arn}:${i}` }));
      const resources = world.resources('AWS::SNS::Subscription', region).filter((s) => world.prop(s, 'TopicArn') === topic.arn)
        .map((s) => ({ Endpoint: world.prop<string>(s, 'Endpoint'), Protocol: world.prop<string>(s, 'Protocol'), arn: s.physicalId }));
      return {
        Subscriptions: [...inline, ...resources].map((s) => ({
          TopicArn: topic.arn, Owner: world.account, Protocol: s.Protocol, Endpoint: s.Endpoint,
          SubscriptionArn: s.Protocol === 'email' || s.Protocol === 'email-json' ? (world.subscriptionsConfirmed ? s.arn : 'PendingConfirmation') : s.arn,
        })),
      };
    }),
  ],
};
