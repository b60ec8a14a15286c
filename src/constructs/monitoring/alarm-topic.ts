import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { restrictGrantsToAwsServices } from '../keys/grant-guard';

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

const allowed = new WeakMap<sns.ITopic, Set<string>>();

/**
 * Lets AWS services publish to a (possibly KMS-encrypted) topic: each service principal may use the topic's key,
 * and `budgets.amazonaws.com` (which, unlike CloudWatch, needs it) gets sns:Publish in the topic policy. Without the key
 * grant an encrypted topic silently drops alarm notifications. Idempotent per topic and service; a no-op for
 * imported topics and keys.
 */
export function allowTopicPublishers(topic: sns.ITopic, services: readonly string[]): void {
  const done = allowed.get(topic) ?? new Set<string>();
  allowed.set(topic, done);
  const todo = services.filter((svc) => !done.has(svc));
  if (todo.length === 0) return;
  todo.forEach((svc) => done.add(svc));
  topic.masterKey?.addToResourcePolicy(new iam.PolicyStatement({
    principals: todo.map((p) => new iam.ServicePrincipal(p)),
    actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
    resources: ['*'], // In a key policy "*" means this key.
  }));
  if (todo.includes('budgets.amazonaws.com')) {
    topic.addToResourcePolicy(new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal('budgets.amazonaws.com')],
      actions: ['sns:Publish'],
      resources: [topic.topicArn],
    }));
  }
}

/** SNS topic for alarms and budget notifications: KMS-encrypted, TLS-only, e-mail subscribers. */
export class AlarmTopic extends Construct {
  public readonly topic: sns.Topic;
  public readonly encryptionKey: kms.IKey;

  constructor(scope: Construct, id: string, props: AlarmTopicProps = {}) {
    super(scope, id);
    if (props.encryptionKey) {
      this.encryptionKey = props.encryptionKey;
    } else {
      this.encryptionKey = new kms.Key(this, 'Key', { enableKeyRotation: true, description: 'Alarm topic messages' });
      restrictGrantsToAwsServices(this.encryptionKey);
    }
    this.topic = new sns.Topic(this, 'Topic', {
      topicName: props.topicName,
      displayName: props.displayName ?? 'Haven alarms',
      masterKey: this.encryptionKey,
      // Denies any publish/subscribe not made over TLS.
      enforceSSL: true,
    });
    // CloudWatch and Budgets publish here; an encrypted topic needs them allowed on its key.
    allowTopicPublishers(this.topic, ['cloudwatch.amazonaws.com', 'budgets.amazonaws.com']);
    for (const email of props.emails ?? []) this.topic.addSubscription(new subscriptions.EmailSubscription(email));
  }
}
