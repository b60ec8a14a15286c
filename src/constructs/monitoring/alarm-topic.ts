import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

export interface AlarmTopicProps {
  /**
   * Key encrypting messages at rest. CloudWatch and AWS Budgets are granted use of it so they can publish.
   * @default - a new customer-managed key with rotation
   */
  readonly encryptionKey?: kms.IKey;
  /** @default - CloudFormation-generated name */
  readonly topicName?: string;
  /** @default - Haven alarms */
  readonly displayName?: string;
  /**
   * Addresses subscribed by e-mail (each must confirm the subscription).
   * @default - none
   */
  readonly emails?: readonly string[];
}

/** SNS topic for alarms and budget notifications: KMS-encrypted, TLS-only, e-mail subscribers. */
export class AlarmTopic extends Construct {
  public readonly topic: sns.Topic;
  public readonly encryptionKey: kms.IKey;

  constructor(scope: Construct, id: string, props: AlarmTopicProps = {}) {
    super(scope, id);
    this.encryptionKey = props.encryptionKey ?? new kms.Key(this, 'Key', { enableKeyRotation: true, description: 'Alarm topic messages' });
    this.topic = new sns.Topic(this, 'Topic', {
      topicName: props.topicName,
      displayName: props.displayName ?? 'Haven alarms',
      masterKey: this.encryptionKey,
      // Denies any publish/subscribe not made over TLS.
      enforceSSL: true,
    });
    // Service principals that publish here must be able to use the topic key (an encrypted topic otherwise drops them silently).
    const publishers = ['cloudwatch.amazonaws.com', 'budgets.amazonaws.com'];
    this.encryptionKey.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowAlarmPublishers',
      principals: publishers.map((p) => new iam.ServicePrincipal(p)),
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'], // In a key policy "*" means this key.
    }));
    this.topic.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowBudgetsPublish',
      principals: [new iam.ServicePrincipal('budgets.amazonaws.com')],
      actions: ['sns:Publish'],
      resources: [this.topic.topicArn],
    }));
    for (const email of props.emails ?? []) this.topic.addSubscription(new subscriptions.EmailSubscription(email));
  }
}
