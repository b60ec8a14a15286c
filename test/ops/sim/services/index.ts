import { ServiceModule } from '../service';
import { backup } from './backup';
import { cloudFormation, sts } from './cloudformation';
import { cloudTrail } from './cloudtrail';
import { cloudWatch } from './cloudwatch';
import { config } from './config';
import { DR_MODULES } from './dr';
import { ec2 } from './ec2';
import { elastiCache } from './elasticache';
import { elbv2 } from './elbv2';
import { guardDuty } from './guardduty';
import { kms } from './kms';
import { rds } from './rds';
import { route53 } from './route53';
import { s3 } from './s3';
import { sns } from './sns';

/** What `haven deploy` (stack outputs, caller identity) and `haven verify` ask AWS. */
export const VERIFY_MODULES: readonly ServiceModule[] = [cloudFormation, sts, rds, s3, elastiCache, elbv2, kms, ec2, cloudWatch, sns, cloudTrail, config, guardDuty, backup, route53];

export const ALL_MODULES: readonly ServiceModule[] = [...VERIFY_MODULES, ...DR_MODULES];
