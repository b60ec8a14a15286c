/**
 * EKS: the applications on an EKS cluster's managed node groups are the writers of its databases. Writes stop (drill:
 * the primary's; failback: the DR's) by scaling every managed node group of the cluster to 0 nodes; the sizes they had
 * are remembered in a state file (and the journal) and put back when that side serves again.
 *
 * Mechanism: the AWS::EKS::Nodegroup resource through the Cloud Control API, whose update handler calls EKS
 * UpdateNodegroupConfig and reports SUCCESS once the node group is ACTIVE with the new scaling configuration (Haven
 * bundles no EKS SDK client; Cloud Control is AWS's documented CRUD API for that resource type):
 * - ListResources (AWS::EKS::Nodegroup needs ClusterName in ResourceModel): https://docs.aws.amazon.com/cloudcontrolapi/latest/APIReference/API_ListResources.html
 * - GetResource / UpdateResource (JSON Patch) / GetResourceRequestStatus:
 *   https://docs.aws.amazon.com/cloudcontrolapi/latest/APIReference/API_UpdateResource.html
 *   https://docs.aws.amazon.com/cloudcontrolapi/latest/APIReference/API_GetResourceRequestStatus.html
 * - ScalingConfig (MinSize ≥ 0, DesiredSize ≥ 0, MaxSize ≥ 1, so MaxSize is kept):
 *   https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-eks-nodegroup-scalingconfig.html
 * - the underlying EKS call: https://docs.aws.amazon.com/eks/latest/APIReference/API_UpdateNodegroupConfig.html
 * - nodes a managed node group removes are drained through the Kubernetes API first (pods stop gracefully):
 *   https://docs.aws.amazon.com/eks/latest/userguide/managed-node-groups.html
 * Failover scales the DR cluster's node groups (pilot light: 0 nodes; warm standby: dr.standby.minCapacity) to the
 * primary's production sizes, which the DR stack's outputs carry (`HavenCluster<Name>DrNodegroups`): the same
 * UpdateResource, waited on until Cloud Control reports SUCCESS (the node group ACTIVE at its new size; "whenever
 * desiredSize changes, the number of worker nodes in the node group is updated to the specified size":
 * https://docs.aws.amazon.com/eks/latest/APIReference/API_NodegroupScalingConfig.html);
 * failback puts them back to their standby sizes.
 * A Kubernetes cluster autoscaler (Haven installs none) would scale a group back up to MaxSize for pending pods: stop
 * it first where one runs. The stack's template keeps its own sizes (drift until failback restores them).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  GetResourceCommand, GetResourceRequestStatusCommand, ListResourcesCommand, ProgressEvent, UpdateResourceCommand,
} from '@aws-sdk/client-cloudcontrol';
import { call, poll } from '../../aws';
import { OpsError } from '../../errors';
import { OUTPUTS, type NodegroupScaling } from '../../../platform/outputs';
import { OpsCluster } from '../../target';
import { DrStep, StepContext } from '../engine';
import { DrSettings, need, opt, regions } from './shared';

const NODEGROUP = 'AWS::EKS::Nodegroup';

export type { NodegroupScaling };
interface Nodegroup { readonly id: string; readonly scaling: NodegroupScaling }

async function describeNodegroup(s: DrSettings, region: string, id: string): Promise<Nodegroup> {
  const r = await call<{ ResourceDescription?: { Properties?: string } }>(s.clients.cloudcontrol(region), new GetResourceCommand({ TypeName: NODEGROUP, Identifier: id }), opt(s));
  const p = JSON.parse(r.ResourceDescription?.Properties ?? '{}') as { ScalingConfig?: Partial<NodegroupScaling> };
  const c = p.ScalingConfig ?? {};
  return { id, scaling: { MinSize: c.MinSize ?? 0, MaxSize: c.MaxSize ?? 1, DesiredSize: c.DesiredSize ?? c.MinSize ?? 0 } };
}

/** Every managed node group of the cluster, with its scaling configuration now. */
async function nodegroups(s: DrSettings, region: string, cluster: string): Promise<Nodegroup[]> {
  const ids: string[] = [];
  let token: string | undefined;
  do {
    const r = await call<{ ResourceDescriptions?: { Identifier?: string }[]; NextToken?: string }>(s.clients.cloudcontrol(region), new ListResourcesCommand({
      TypeName: NODEGROUP, ResourceModel: JSON.stringify({ ClusterName: cluster }), NextToken: token,
    }), opt(s));
    ids.push(...(r.ResourceDescriptions ?? []).map((d) => d.Identifier!).filter(Boolean));
    token = r.NextToken;
  } while (token);
  const groups: Nodegroup[] = [];
  for (const id of ids) groups.push(await describeNodegroup(s, region, id));
  return groups;
}

function stoppedFile(s: DrSettings): string {
  return path.join(s.stateDir, 'dr', `${s.target.environment}-stopped-nodegroups.json`);
}

/** Sizes a stop step found, by `<region>/<cluster>/<nodegroup>`: what resume puts back. */
export function readStoppedNodegroups(s: DrSettings): Record<string, NodegroupScaling> {
  const f = stoppedFile(s);
  return fs.existsSync(f) ? JSON.parse(fs.readFileSync(f, 'utf8')) as Record<string, NodegroupScaling> : {};
}

function writeStoppedNodegroups(s: DrSettings, all: Record<string, NodegroupScaling>): void {
  const f = stoppedFile(s);
  fs.mkdirSync(path.dirname(f), { recursive: true });
  fs.writeFileSync(f, JSON.stringify(all, null, 2) + '\n');
}

const recordKey = (region: string, id: string) => `${region}/${id}`;
type Change = 'stop' | 'resume' | 'active' | 'standby';
const requestKey = (change: Change, region: string, id: string) => `eks.${region}/${id}.${change}-request`;

/** Waits until every update this step issued has finished; a failed one fails the step with Cloud Control's reason. */
async function waitRequests(s: DrSettings, ctx: StepContext, change: Change, region: string, groups: readonly Nodegroup[], what: string): Promise<void> {
  for (const g of groups) {
    const token = ctx.outputs[requestKey(change, region, g.id)];
    if (!token) continue;
    await poll(async () => {
      const r = await call<{ ProgressEvent?: ProgressEvent }>(s.clients.cloudcontrol(region), new GetResourceRequestStatusCommand({ RequestToken: token }), opt(s));
      const e = r.ProgressEvent;
      if (e?.OperationStatus === 'FAILED' || e?.OperationStatus === 'CANCEL_COMPLETE') {
        throw new OpsError(`Scaling node group ${g.id} in ${region} failed: ${e.ErrorCode ?? e.OperationStatus}: ${e.StatusMessage ?? 'no message'}`, 'Check the node group in the EKS console (health issues), fix it and re-run: the step resumes.');
      }
      return { done: e?.OperationStatus === 'SUCCESS', state: `${e?.OperationStatus ?? 'unknown'}${e?.StatusMessage ? `: ${e.StatusMessage}` : ''}` };
    }, { what: `${what} (${g.id})`, timeoutMs: s.timeouts.service, clock: s.clock, initialDelayMs: 15_000 });
  }
}

async function scale(s: DrSettings, ctx: StepContext, change: Change, region: string, g: Nodegroup, to: NodegroupScaling): Promise<void> {
  const patch = [{ op: 'replace', path: '/ScalingConfig', value: to }];
  try {
    const r = await call<{ ProgressEvent?: ProgressEvent }>(s.clients.cloudcontrol(region), new UpdateResourceCommand({
      TypeName: NODEGROUP, Identifier: g.id, PatchDocument: JSON.stringify(patch), ClientToken: `${ctx.runId}-${g.id.replace(/[^A-Za-z0-9-]/g, '-')}-${to.DesiredSize}`.slice(0, 128),
    }), opt(s));
    if (r.ProgressEvent?.RequestToken) ctx.record(requestKey(change, region, g.id), r.ProgressEvent.RequestToken);
  } catch (e) {
    if ((e as { name?: string }).name === 'ConcurrentOperationException') {
      throw new OpsError(`Node group ${g.id} in ${region} is being changed by another request.`, 'Wait for that change to finish (EKS console, node group updates) and re-run: the step resumes.');
    }
    throw e;
  }
}

/** Configuration already as wanted: done, unless this run issued the change (then only its wait is left). */
function settled(ctx: StepContext, change: Change, region: string, groups: readonly Nodegroup[]): 'done' | 'pending' {
  return groups.some((g) => ctx.outputs[requestKey(change, region, g.id)]) ? 'pending' : 'done';
}

const reached = (g: Nodegroup, want: NodegroupScaling) => g.scaling.DesiredSize === want.DesiredSize && g.scaling.MinSize === want.MinSize && g.scaling.MaxSize === want.MaxSize;
const fmt = (c: NodegroupScaling) => `${c.DesiredSize} node(s) (min ${c.MinSize}, max ${c.MaxSize})`;

/** Scale every managed node group of the cluster in `side` to 0 nodes, remembering the sizes it had. */
export function clusterStop(s: DrSettings, c: OpsCluster, side: 'primary' | 'dr'): DrStep {
  const region = regions(s)[side];
  const cluster = () => need(side === 'primary' ? c.clusterName : c.drClusterName, `${side === 'primary' ? 'Primary' : 'DR'} EKS cluster ${c.name} (HavenCluster…${side === 'dr' ? 'Dr' : ''}Name)`);
  const stopped = (g: Nodegroup) => g.scaling.DesiredSize === 0 && g.scaling.MinSize === 0;
  return {
    id: `maintenance.${c.name}.${side}-eks-stop`,
    describe: () => `scale the managed node groups of EKS cluster ${side === 'primary' ? c.clusterName : c.drClusterName} in ${region} to 0 nodes (sizes remembered)`,
    check: async (ctx) => {
      const groups = await nodegroups(s, region, cluster());
      const detail = groups.map((g) => `${g.id}: ${fmt(g.scaling)}`).join('; ') || 'no managed node groups';
      return { state: groups.every(stopped) ? settled(ctx, 'stop', region, groups) : 'todo', detail };
    },
    run: async (ctx) => {
      const groups = await nodegroups(s, region, cluster());
      const all = readStoppedNodegroups(s);
      for (const g of groups.filter((x) => !stopped(x))) {
        // Saved before the change: a crash between the two leaves the sizes known, never lost.
        all[recordKey(region, g.id)] = g.scaling;
        writeStoppedNodegroups(s, all);
        ctx.record(`eks.${recordKey(region, g.id)}.previous`, JSON.stringify(g.scaling));
        await scale(s, ctx, 'stop', region, g, { MinSize: 0, DesiredSize: 0, MaxSize: g.scaling.MaxSize });
      }
    },
    waitFor: async (ctx) => {
      const groups = await nodegroups(s, region, cluster());
      await waitRequests(s, ctx, 'stop', region, groups, `node groups of ${cluster()} scaling to 0`);
      const left = (await nodegroups(s, region, cluster())).filter((g) => !stopped(g));
      if (left.length) throw new OpsError(`Node groups of ${cluster()} still run nodes: ${left.map((g) => `${g.id} ${fmt(g.scaling)}`).join('; ')}.`, 'Something scaled them back up (a cluster autoscaler?): stop it and re-run.');
    },
  };
}

/** Put back the sizes `clusterStop` remembered for the cluster in `side`; node groups it did not stop are left alone. */
export function clusterResume(s: DrSettings, c: OpsCluster, side: 'primary' | 'dr'): DrStep {
  const region = regions(s)[side];
  const cluster = () => need(side === 'primary' ? c.clusterName : c.drClusterName, `${side === 'primary' ? 'Primary' : 'DR'} EKS cluster ${c.name} (HavenCluster…${side === 'dr' ? 'Dr' : ''}Name)`);
  const wanted = (groups: readonly Nodegroup[]) => {
    const rec = readStoppedNodegroups(s);
    return groups.flatMap((g) => (rec[recordKey(region, g.id)] ? [{ g, want: rec[recordKey(region, g.id)] }] : []));
  };
  return {
    id: `eks.${c.name}.${side}-resume`,
    describe: () => `scale the node groups of EKS cluster ${side === 'primary' ? c.clusterName : c.drClusterName} in ${region} back to the sizes they had before haven stopped them`,
    check: async (ctx) => {
      const todo = wanted(await nodegroups(s, region, cluster()));
      if (!todo.length) return { state: 'done', detail: 'no node group stopped by haven' };
      const detail = todo.map(({ g, want }) => `${g.id}: ${fmt(g.scaling)}, back to ${fmt(want)}`).join('; ');
      return { state: todo.every(({ g, want }) => reached(g, want)) ? settled(ctx, 'resume', region, todo.map((t) => t.g)) : 'todo', detail };
    },
    run: async (ctx) => {
      for (const { g, want } of wanted(await nodegroups(s, region, cluster()))) if (!reached(g, want)) await scale(s, ctx, 'resume', region, g, want);
    },
    waitFor: async (ctx) => {
      const groups = await nodegroups(s, region, cluster());
      await waitRequests(s, ctx, 'resume', region, groups, `node groups of ${cluster()} scaling back`);
      // Back to their sizes: the record is spent (the next stop remembers afresh).
      const all = readStoppedNodegroups(s);
      for (const { g, want } of wanted(await nodegroups(s, region, cluster()))) if (reached(g, want)) delete all[recordKey(region, g.id)];
      writeStoppedNodegroups(s, all);
    },
  };
}

/**
 * Scale the DR cluster's node groups to the primary's production sizes (`active`, failover) or back to their standby
 * sizes (`standby`, failback). Only the DR region is called, and only by the identifiers the DR stack's outputs name.
 */
export function drClusterScale(s: DrSettings, c: OpsCluster, mode: 'active' | 'standby'): DrStep {
  const region = regions(s).dr;
  const sizes = () => need(c.drNodegroups, `Node group sizes of DR EKS cluster ${c.name} (${OUTPUTS.clusterDrNodegroups(c.name)})`);
  const current = async () => {
    const out: { g: Nodegroup; want: NodegroupScaling }[] = [];
    for (const n of sizes()) out.push({ g: await describeNodegroup(s, region, n.id), want: n[mode] });
    return out;
  };
  const what = mode === 'active' ? "the primary's production sizes" : 'their standby sizes';
  return {
    id: `eks.${c.name}.dr-${mode}`,
    describe: () => `scale the node groups of EKS cluster ${c.drClusterName} in ${region} to ${what}`,
    check: async (ctx) => {
      const todo = await current();
      const detail = todo.map(({ g, want }) => `${g.id}: ${fmt(g.scaling)}, wanted ${fmt(want)}`).join('; ') || 'no managed node groups';
      return { state: todo.every(({ g, want }) => reached(g, want)) ? settled(ctx, mode, region, todo.map((t) => t.g)) : 'todo', detail };
    },
    run: async (ctx) => {
      for (const { g, want } of await current()) if (!reached(g, want)) await scale(s, ctx, mode, region, g, want);
    },
    waitFor: async (ctx) => {
      const before = await current();
      await waitRequests(s, ctx, mode, region, before.map((t) => t.g), `node groups of ${c.drClusterName} scaling to ${what}`);
      const off = (await current()).filter(({ g, want }) => !reached(g, want));
      if (off.length) throw new OpsError(`Node groups of ${c.drClusterName} are not at ${what}: ${off.map(({ g }) => `${g.id} ${fmt(g.scaling)}`).join('; ')}.`, 'Something else changed them (a cluster autoscaler?): check the node groups and re-run.');
      if (mode === 'standby') forgetStopped(s, region, before.map((t) => t.g.id));
    },
  };
}

/** The sizes a failback's stop remembered for the DR node groups are spent once they are back at standby. */
function forgetStopped(s: DrSettings, region: string, ids: readonly string[]): void {
  const all = readStoppedNodegroups(s);
  for (const id of ids) delete all[recordKey(region, id)];
  writeStoppedNodegroups(s, all);
}
