import {
  GetHealthCheckCommand, type GetHealthCheckCommandInput, ListResourceRecordSetsCommand, type ListResourceRecordSetsCommandInput, Route53Client,
} from '@aws-sdk/client-route-53';
import { ServiceModule, awsError, op } from '../service';
import { World } from '../world';

const fqdn = (n: string) => (n.endsWith('.') ? n : `${n}.`).toLowerCase();
/** Route 53 lists records in DNS order: labels compared right to left. */
const dnsOrder = (a: string, b: string) => a.split('.').reverse().join('.').localeCompare(b.split('.').reverse().join('.'));

function hostedZone(world: World, id: string | undefined) {
  const zoneId = id?.replace(/^\/hostedzone\//, '');
  const owned = world.resources('AWS::Route53::HostedZone').find((z) => z.physicalId === zoneId);
  // A zone Haven did not create (the spec names it) exists when records of this account point into it.
  const used = world.resources('AWS::Route53::RecordSet').some((r) => world.prop(r, 'HostedZoneId') === zoneId);
  if (!owned && !used) throw awsError('NoSuchHostedZone', `No hosted zone found with ID: ${zoneId}`, 404);
  return zoneId;
}

export const route53: ServiceModule = {
  client: Route53Client,
  operations: [
    // ListResourceRecordSets: https://docs.aws.amazon.com/Route53/latest/APIReference/API_ListResourceRecordSets.html
    op<ListResourceRecordSetsCommandInput>(ListResourceRecordSetsCommand, (world, input) => {
      const zoneId = hostedZone(world, input.HostedZoneId);
      const records = world.resources('AWS::Route53::RecordSet').filter((r) => world.prop(r, 'HostedZoneId') === zoneId)
        .map((r) => ({
          Name: fqdn(String(world.prop(r, 'Name'))), Type: world.prop<string>(r, 'Type'), SetIdentifier: world.prop<string>(r, 'SetIdentifier'),
          Failover: world.prop<string>(r, 'Failover'), HealthCheckId: world.prop<string>(r, 'HealthCheckId'), AliasTarget: world.prop(r, 'AliasTarget'),
          TTL: world.prop(r, 'TTL') === undefined ? undefined : Number(world.prop(r, 'TTL')),
          ResourceRecords: world.prop<string[]>(r, 'ResourceRecords')?.map((Value) => ({ Value })),
        }))
        .sort((a, b) => dnsOrder(a.Name, b.Name) || String(a.Type).localeCompare(String(b.Type)));
      const start = input.StartRecordName ? records.findIndex((r) => dnsOrder(r.Name, fqdn(input.StartRecordName!)) >= 0) : 0;
      const from = start < 0 ? records.length : start;
      const max = input.MaxItems ?? 300;
      const items = records.slice(from, from + max);
      const next = records[from + max];
      return { ResourceRecordSets: items, IsTruncated: Boolean(next), NextRecordName: next?.Name, NextRecordType: next?.Type, MaxItems: max };
    }),
    // GetHealthCheck: https://docs.aws.amazon.com/Route53/latest/APIReference/API_GetHealthCheck.html
    op<GetHealthCheckCommandInput>(GetHealthCheckCommand, (world, input) => {
      const h = world.resources('AWS::Route53::HealthCheck').find((x) => x.physicalId === input.HealthCheckId);
      if (!h) throw awsError('NoSuchHealthCheck', `A health check with id ${input.HealthCheckId} does not exist.`, 404);
      return { HealthCheck: { Id: h.physicalId, CallerReference: h.logicalId, HealthCheckVersion: 1, HealthCheckConfig: world.prop(h, 'HealthCheckConfig') } };
    }),
  ],
};
