import {
  CloudControlClient, GetResourceCommand, type GetResourceCommandInput, GetResourceRequestStatusCommand, type GetResourceRequestStatusCommandInput,
  ListResourcesCommand, type ListResourcesCommandInput, UpdateResourceCommand, type UpdateResourceCommandInput,
} from '@aws-sdk/client-cloudcontrol';
import { uuid } from '../ids';
import { SimResource } from '../model';
import { ServiceModule, awsError, op, page } from '../service';
import { World } from '../world';
import { NODEGROUP_UPDATE_MS, NodegroupScaling, ResourceRequest, drState, nodegroupScaling, takeFault } from './dr-state';

/**
 * Cloud Control API for the one resource type the DR runbook changes through it: AWS::EKS::Nodegroup (scaling a
 * cluster's managed node groups to 0 and back). https://docs.aws.amazon.com/cloudcontrolapi/latest/APIReference/Welcome.html
 * Documented behaviour modelled: the primary identifier is the Ref (`<cluster>/<nodegroup>`); listing needs ClusterName
 * in ResourceModel; an update is asynchronous (IN_PROGRESS until the node group is ACTIVE again, then SUCCESS); a
 * second request on a resource with one in progress is ConcurrentOperationException; a ClientToken reused with
 * another request is ClientTokenConflictException; a scaling configuration EKS refuses (MaxSize < 1, DesiredSize
 * outside MinSize..MaxSize) fails the request with ErrorCode InvalidRequest (EKS InvalidParameterException).
 */
const NODEGROUP = 'AWS::EKS::Nodegroup';

function requireNodegroupType(typeName: string | undefined): void {
  if (typeName !== NODEGROUP) throw new Error(`simulated account: Cloud Control for ${typeName} not modelled`);
}

function nodegroup(world: World, region: string, identifier: string | undefined): SimResource {
  const r = world.find(NODEGROUP, region, (x) => x.ref === identifier);
  if (!r) throw awsError('ResourceNotFoundException', `Resource of type '${NODEGROUP}' with identifier '${identifier}' was not found.`, 404);
  return r;
}

function properties(world: World, r: SimResource): string {
  // The scaling configuration an update set shows at once; the nodes follow (the request finishes when they have).
  const { scaling } = nodegroupScaling(world, r);
  return JSON.stringify({ Id: r.ref, Arn: r.arn, ClusterName: world.prop(r, 'ClusterName'), NodegroupName: r.physicalId, ScalingConfig: scaling, InstanceTypes: world.prop(r, 'InstanceTypes') });
}

function progress(world: World, q: ResourceRequest) {
  const status = q.error ? 'FAILED' : world.now() >= q.at ? 'SUCCESS' : 'IN_PROGRESS';
  return {
    TypeName: q.typeName, Identifier: q.identifier, RequestToken: q.token, Operation: 'UPDATE', OperationStatus: status, EventTime: new Date(world.now()),
    ...(q.error ? { ErrorCode: q.error.code, StatusMessage: q.error.message } : {}),
  };
}

/** What EKS UpdateNodegroupConfig accepts (https://docs.aws.amazon.com/eks/latest/APIReference/API_NodegroupScalingConfig.html). */
function invalidScaling(c: NodegroupScaling): string | undefined {
  if (![c.MinSize, c.MaxSize, c.DesiredSize].every((n) => Number.isInteger(n) && n >= 0)) return 'Scaling sizes must be non-negative integers';
  if (c.MaxSize < 1) return 'Maximum size must be at least 1';
  if (c.MinSize > c.MaxSize) return 'Minimum size must be less than or equal to maximum size';
  if (c.DesiredSize < c.MinSize || c.DesiredSize > c.MaxSize) return 'Desired size must be between minimum and maximum size';
  return undefined;
}

function applyPatch(current: NodegroupScaling, patch: string): NodegroupScaling {
  const ops = JSON.parse(patch) as { op?: string; path?: string; value?: unknown }[];
  let next = { ...current };
  for (const o of ops) {
    if (o.op !== 'replace' && o.op !== 'add') throw new Error(`simulated account: JSON Patch op ${o.op} not modelled`);
    if (o.path === '/ScalingConfig') next = { ...next, ...(o.value as Partial<NodegroupScaling>) };
    else if (o.path?.startsWith('/ScalingConfig/')) next = { ...next, [o.path.slice('/ScalingConfig/'.length)]: o.value };
    else throw new Error(`simulated account: patching ${o.path} of ${NODEGROUP} not modelled`);
  }
  return next;
}

export const cloudControl: ServiceModule = {
  client: CloudControlClient,
  operations: [
    // ListResources: https://docs.aws.amazon.com/cloudcontrolapi/latest/APIReference/API_ListResources.html
    op<ListResourcesCommandInput>(ListResourcesCommand, (world, input, region) => {
      requireNodegroupType(input.TypeName);
      const model = JSON.parse(input.ResourceModel ?? '{}') as { ClusterName?: string };
      if (!model.ClusterName) throw awsError('InvalidRequestException', `Missing Or Invalid ResourceModel property in ${NODEGROUP} list handler request input. Required property: [ClusterName]`);
      if (!world.find('AWS::EKS::Cluster', region, (c) => c.physicalId === model.ClusterName)) throw awsError('ResourceNotFoundException', `No cluster found for name: ${model.ClusterName}.`, 404);
      const all = world.resources(NODEGROUP, region).filter((r) => world.prop(r, 'ClusterName') === model.ClusterName);
      const p = page(all, input.NextToken, input.MaxResults ?? 20);
      return { TypeName: NODEGROUP, ResourceDescriptions: p.items.map((r) => ({ Identifier: r.ref, Properties: JSON.stringify({ Id: r.ref, ClusterName: model.ClusterName }) })), NextToken: p.next };
    }),
    // GetResource: https://docs.aws.amazon.com/cloudcontrolapi/latest/APIReference/API_GetResource.html
    op<GetResourceCommandInput>(GetResourceCommand, (world, input, region) => {
      requireNodegroupType(input.TypeName);
      const r = nodegroup(world, region, input.Identifier);
      return { TypeName: NODEGROUP, ResourceDescription: { Identifier: r.ref, Properties: properties(world, r) } };
    }),
    // UpdateResource: https://docs.aws.amazon.com/cloudcontrolapi/latest/APIReference/API_UpdateResource.html
    op<UpdateResourceCommandInput>(UpdateResourceCommand, (world, input, region) => {
      takeFault(world, 'UpdateResource');
      requireNodegroupType(input.TypeName);
      const st = drState(world);
      const same = input.ClientToken ? [...st.requests.values()].find((q) => q.clientToken === input.ClientToken) : undefined;
      if (same) {
        if (same.identifier !== input.Identifier || same.patch !== input.PatchDocument) throw awsError('ClientTokenConflictException', 'The specified client token has already been used in another resource request.');
        return { ProgressEvent: progress(world, same) };
      }
      const r = nodegroup(world, region, input.Identifier);
      if ([...st.requests.values()].some((q) => q.identifier === r.ref && !q.error && world.now() < q.at)) {
        throw awsError('ConcurrentOperationException', `Another resource request is in progress for ${r.ref}.`);
      }
      const now = nodegroupScaling(world, r);
      const next = applyPatch(now.scaling, String(input.PatchDocument ?? '[]'));
      const invalid = invalidScaling(next);
      const token = uuid(`${r.ref}/${world.now()}/${st.requests.size}`);
      const q: ResourceRequest = {
        token, clientToken: input.ClientToken, typeName: NODEGROUP, identifier: r.ref, patch: String(input.PatchDocument), at: world.now() + NODEGROUP_UPDATE_MS,
        error: invalid ? { code: 'InvalidRequest', message: `InvalidParameterException: ${invalid}` } : undefined,
      };
      st.requests.set(token, q);
      if (!invalid) st.nodegroups.set(r, { scaling: next, at: q.at, desiredBefore: now.nodes });
      return { ProgressEvent: progress(world, q) };
    }),
    // GetResourceRequestStatus: https://docs.aws.amazon.com/cloudcontrolapi/latest/APIReference/API_GetResourceRequestStatus.html
    op<GetResourceRequestStatusCommandInput>(GetResourceRequestStatusCommand, (world, input) => {
      const q = drState(world).requests.get(String(input.RequestToken));
      if (!q) throw awsError('RequestTokenNotFoundException', `Request with token ${input.RequestToken} was not found.`, 404);
      return { ProgressEvent: progress(world, q) };
    }),
  ],
};
