import { ConfigServiceClient, DescribeConfigurationRecorderStatusCommand } from '@aws-sdk/client-config-service';
import { ServiceModule, op } from '../service';

export const config: ServiceModule = {
  client: ConfigServiceClient,
  operations: [
    // DescribeConfigurationRecorderStatus: https://docs.aws.amazon.com/config/latest/APIReference/API_DescribeConfigurationRecorderStatus.html
    op(DescribeConfigurationRecorderStatusCommand, (world, _input, region) => ({
      ConfigurationRecordersStatus: world.resources('AWS::Config::ConfigurationRecorder', region).map((r) => {
        // Recording starts once the region has a delivery channel.
        const recording = world.resources('AWS::Config::DeliveryChannel', region).length > 0;
        return { name: r.physicalId, recording, lastStatus: recording ? 'SUCCESS' : undefined, lastStartTime: new Date(world.now() - 86_400_000) };
      }),
    })),
  ],
};
