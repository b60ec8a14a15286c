/**
 * Availability-zone names per commercial region (data only: spec validation reads it without loading CDK), so synthesis never asks AWS (no `availability-zones` context
 * lookup, no `dummy1a` placeholders in templates, an assembly `cdk deploy` accepts as is).
 *
 * Source: AWS "Regions and Availability Zones" (docs.aws.amazon.com/global-infrastructure/latest/regions/aws-availability-zones.html
 * and az-ids.html), checked against the names `aws ec2 describe-availability-zones` reports for new accounts.
 * A region gains zones over time: extend the table (and AS_OF) when AWS adds one.
 *
 * Names, not AZ IDs: CloudFormation's `AWS::EC2::Subnet.AvailabilityZone` takes a name. In the oldest regions AWS
 * maps names to physical zones independently per account (accounts created before November 2025), so `us-east-1a`
 * in one account may be another building than `us-east-1a` in the next, and some accounts see different letters
 * (us-west-1 shows two of a/b/c; older ap-northeast-1 accounts also see 1b). An account whose names differ pins them
 * with `network.availabilityZones` (and `network.drAvailabilityZones`), which validation checks against this table.
 */
export const AS_OF = '2026-12-02';

export interface RegionZones {
  /** Zone names Haven uses by default, in the order subnets are spread over them. */
  readonly names: readonly string[];
  /** Names that exist only for some (older) accounts: accepted when pinned, never chosen by default. @default - none */
  readonly olderAccounts?: readonly string[];
}

const abc = (region: string, letters = 'abc'): string[] => [...letters].map((l) => `${region}${l}`);

export const AVAILABILITY_ZONES: Readonly<Record<string, RegionZones>> = {
  'us-east-1': { names: abc('us-east-1', 'abcdef') },
  'us-east-2': { names: abc('us-east-2') },
  // Every account sees two of the three zones here; new accounts see 1a and 1c.
  'us-west-1': { names: abc('us-west-1', 'ac'), olderAccounts: ['us-west-1b'] },
  'us-west-2': { names: abc('us-west-2', 'abcd') },
  // The third zone is named 1d (cac1-az4); there is no 1c for accounts created since it opened.
  'ca-central-1': { names: abc('ca-central-1', 'abd') },
  'ca-west-1': { names: abc('ca-west-1') },
  'eu-west-1': { names: abc('eu-west-1') },
  'eu-west-2': { names: abc('eu-west-2') },
  'eu-west-3': { names: abc('eu-west-3') },
  'eu-central-1': { names: abc('eu-central-1') },
  'eu-central-2': { names: abc('eu-central-2') },
  'eu-north-1': { names: abc('eu-north-1') },
  'eu-south-1': { names: abc('eu-south-1') },
  'eu-south-2': { names: abc('eu-south-2') },
  'ap-southeast-1': { names: abc('ap-southeast-1') },
  'ap-southeast-2': { names: abc('ap-southeast-2') },
  // apne1-az3 (1b for older accounts) takes no new capacity; new accounts see 1a, 1c, 1d.
  'ap-northeast-1': { names: abc('ap-northeast-1', 'acd'), olderAccounts: ['ap-northeast-1b'] },
  'ap-northeast-2': { names: abc('ap-northeast-2', 'abcd') },
  'ap-northeast-3': { names: abc('ap-northeast-3') },
  'ap-south-1': { names: abc('ap-south-1') },
  'sa-east-1': { names: abc('sa-east-1') },
  'me-central-1': { names: abc('me-central-1') },
  'af-south-1': { names: abc('af-south-1') },
};

/** Every name the table knows for a region (defaults first); undefined for a region it does not list. */
export function knownZoneNames(region: string, table: Readonly<Record<string, RegionZones>> = AVAILABILITY_ZONES): readonly string[] | undefined {
  const entry = table[region];
  return entry && [...entry.names, ...(entry.olderAccounts ?? [])];
}

/**
 * The zones a stack in `region` uses: the pinned list when the spec names one, else the table's defaults.
 * Throws for a region with neither (validation reports it first, naming the field).
 */
export function availabilityZonesFor(region: string, pinned?: readonly string[]): string[] {
  if (pinned?.length) return [...pinned];
  const entry = AVAILABILITY_ZONES[region];
  if (!entry) throw new Error(`no availability zones known for ${region} (as of ${AS_OF}); pin them with network.availabilityZones`);
  return [...entry.names];
}
