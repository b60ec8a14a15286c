import { DescribeKeyCommand, type DescribeKeyCommandInput, GetKeyRotationStatusCommand, type GetKeyRotationStatusCommandInput, KMSClient } from '@aws-sdk/client-kms';
import { SimResource } from '../model';
import { ServiceModule, awsError, op } from '../service';
import { World } from '../world';

/** KeyId may be a key id or a key ARN; a key lives in one region. */
function key(world: World, keyId: string | undefined, region: string): SimResource {
  const k = world.find('AWS::KMS::Key', region, (r) => r.physicalId === keyId || r.arn === keyId);
  if (!k) throw awsError('NotFoundException', `Key '${keyId}' does not exist`, 400);
  return k;
}

export const kms: ServiceModule = {
  client: KMSClient,
  operations: [
    // GetKeyRotationStatus: https://docs.aws.amazon.com/kms/latest/APIReference/API_GetKeyRotationStatus.html
    op<GetKeyRotationStatusCommandInput>(GetKeyRotationStatusCommand, (world, input, region) => {
      const k = key(world, input.KeyId, region);
      return { KeyId: k.arn, KeyRotationEnabled: String(world.prop(k, 'EnableKeyRotation') ?? false) === 'true', RotationPeriodInDays: world.prop(k, 'RotationPeriodInDays') ?? 365 };
    }),
    // DescribeKey: https://docs.aws.amazon.com/kms/latest/APIReference/API_DescribeKey.html
    op<DescribeKeyCommandInput>(DescribeKeyCommand, (world, input, region) => {
      const k = key(world, input.KeyId, region);
      return { KeyMetadata: { KeyId: k.physicalId, Arn: k.arn, Enabled: String(world.prop(k, 'Enabled') ?? true) === 'true', KeyState: 'Enabled', KeyManager: 'CUSTOMER', MultiRegion: String(world.prop(k, 'MultiRegion') ?? false) === 'true' } };
    }),
  ],
};
