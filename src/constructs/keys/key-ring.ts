import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { restrictGrantsToAwsServices } from './grant-guard';

export interface KeyRingProps {
  /** Prefix for key aliases, e.g. `berthcare-staging` gives `alias/berthcare-staging/data`. */
  readonly aliasPrefix: string;
  /** Data classes that get their own key. @default ['data', 'logs', 'secrets', 'backup'] */
  readonly classes?: readonly string[];
  /**
   * What happens to the keys when removed from the stack. Keys of retained data must outlive it, or the data
   * becomes unreadable. @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /** Waiting period before a scheduled deletion takes effect. @default 30 days */
  readonly pendingWindow?: Duration;
}

/**
 * One customer-managed KMS key per class of data, with yearly rotation. Separate keys keep permission to read one
 * class (say, logs) from implying another (patient records).
 */
export class KeyRing extends Construct {
  private readonly keys = new Map<string, kms.Key>();

  constructor(scope: Construct, id: string, props: KeyRingProps) {
    super(scope, id);
    const classes = props.classes ?? ['data', 'logs', 'secrets', 'backup'];
    for (const keyClass of classes) {
      const key = new kms.Key(this, pascal(keyClass), {
        alias: `alias/${props.aliasPrefix}/${keyClass}`,
        description: `${props.aliasPrefix} ${keyClass} encryption key`,
        enableKeyRotation: true,
        pendingWindow: props.pendingWindow ?? Duration.days(30),
        removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      });
      restrictGrantsToAwsServices(key);
      this.keys.set(keyClass, key);
    }
    if (this.keys.has('logs')) {
      // CloudWatch Logs encrypts log groups with the logs key only when the key policy lets the service use it.
      const stack = this.keys.get('logs')!.stack;
      this.keys.get('logs')!.addToResourcePolicy(
        new iam.PolicyStatement({
          principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
          actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
          resources: ['*'],
          conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:*` } },
        }),
      );
    }
  }

  /** The key for a data class; throws when the ring has no such class. */
  key(keyClass: string): kms.IKey {
    const key = this.keys.get(keyClass);
    if (!key) throw new Error(`KeyRing has no key for class ${keyClass}; it holds ${[...this.keys.keys()].join(', ')}`);
    return key;
  }

  get classes(): string[] {
    return [...this.keys.keys()];
  }
}

function pascal(text: string): string {
  return text.replace(/(^|[-_])(\w)/g, (_m, _sep, c: string) => c.toUpperCase()) + 'Key';
}
