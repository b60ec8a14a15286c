import {
  CloudFormationClient, DescribeStacksCommand, type DescribeStacksCommandInput, ListStackResourcesCommand, type ListStackResourcesCommandInput,
} from '@aws-sdk/client-cloudformation';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { SimStack } from '../model';
import { ServiceModule, awsError, op, page } from '../service';
import { World } from '../world';

/** CloudFormation's answer for a stack it does not know (a ValidationError, not a NotFound code). */
function stackOrThrow(world: World, name: string | undefined, region: string): SimStack {
  const s = name ? world.stack(name, region) : undefined;
  if (!s) throw awsError('ValidationError', `Stack with id ${name} does not exist`);
  return s;
}

/** ListStackResources pages (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_ListStackResources.html). */
const LIST_PAGE = 100;

export const cloudFormation: ServiceModule = {
  client: CloudFormationClient,
  operations: [
    // DescribeStacks: https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStacks.html
    op<DescribeStacksCommandInput>(DescribeStacksCommand, (world, input, region) => {
      const stacks = input.StackName ? [stackOrThrow(world, input.StackName, region)] : world.model.allStacks().filter((s) => s.region === region);
      return {
        Stacks: stacks.map((s) => ({
          StackName: s.name, StackId: s.stackId, StackStatus: 'CREATE_COMPLETE', CreationTime: new Date(world.now() - 86_400_000),
          ParentId: s.parent?.stack.stackId, RootId: s.parent ? root(s).stackId : undefined,
          Outputs: s.outputs.map((o) => ({ OutputKey: o.key, OutputValue: o.value, Description: o.description, ExportName: o.exportName })),
        })),
      };
    }),
    op<ListStackResourcesCommandInput>(ListStackResourcesCommand, (world, input, region) => {
      const s = stackOrThrow(world, input.StackName, region);
      const all = s.resources.map((r) => ({
        LogicalResourceId: r.logicalId, PhysicalResourceId: r.physicalId, ResourceType: r.type, ResourceStatus: 'CREATE_COMPLETE',
        LastUpdatedTimestamp: new Date(world.now() - 86_400_000),
      }));
      const p = page(all, input.NextToken, LIST_PAGE);
      return { StackResourceSummaries: p.items, NextToken: p.next };
    }),
  ],
};

function root(s: SimStack): SimStack {
  return s.parent ? root(s.parent.stack) : s;
}

export const sts: ServiceModule = {
  client: STSClient,
  operations: [
    // GetCallerIdentity: https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
    op(GetCallerIdentityCommand, (world) => ({ Account: world.account, Arn: `arn:aws:sts::${world.account}:assumed-role/Operator/haven`, UserId: 'AROASIMULATED:haven' })),
  ],
};
