import { GetDetectorCommand, type GetDetectorCommandInput, GuardDutyClient, ListDetectorsCommand } from '@aws-sdk/client-guardduty';
import { ServiceModule, awsError, op } from '../service';

const DETECTOR = 'AWS::GuardDuty::Detector';

export const guardDuty: ServiceModule = {
  client: GuardDutyClient,
  operations: [
    // ListDetectors: https://docs.aws.amazon.com/guardduty/latest/APIReference/API_ListDetectors.html
    op(ListDetectorsCommand, (world, _input, region) => ({ DetectorIds: world.resources(DETECTOR, region).map((d) => d.physicalId) })),
    // GetDetector: https://docs.aws.amazon.com/guardduty/latest/APIReference/API_GetDetector.html
    op<GetDetectorCommandInput>(GetDetectorCommand, (world, input, region) => {
      const d = world.find(DETECTOR, region, (x) => x.physicalId === input.DetectorId);
      if (!d) throw awsError('BadRequestException', 'The request is rejected because the input detectorId is not owned by the current account.');
      return {
        Status: String(world.prop(d, 'Enable') ?? false) === 'true' ? 'ENABLED' : 'DISABLED',
        FindingPublishingFrequency: world.prop(d, 'FindingPublishingFrequency') ?? 'SIX_HOURS', ServiceRole: `arn:aws:iam::${world.account}:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty`,
      };
    }),
  ],
};
