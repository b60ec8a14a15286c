/**
 * Multi-region safety checks over synthesized templates: global resources (Route 53, IAM) exist once across all
 * stacks, CloudFront-scoped resources (WAF web ACL, viewer certificate) sit in us-east-1, and no stack imports an
 * export from another region (CloudFormation exports are regional). Pure: feed it the cloud assembly's stacks.
 */
export interface SynthesizedStack {
  readonly name: string;
  readonly region: string;
  readonly template: { readonly Resources?: Record<string, { readonly Type: string; readonly Properties?: Record<string, unknown> }>; readonly Outputs?: Record<string, { readonly Export?: { readonly Name?: unknown } }> };
}

export interface MultiRegionIssue {
  readonly stack: string;
  readonly logicalId?: string;
  readonly message: string;
}

const IAM_NAMES: Readonly<Record<string, string>> = {
  'AWS::IAM::Role': 'RoleName',
  'AWS::IAM::ManagedPolicy': 'ManagedPolicyName',
  'AWS::IAM::User': 'UserName',
  'AWS::IAM::Group': 'GroupName',
  'AWS::IAM::InstanceProfile': 'InstanceProfileName',
};

/** Literal value for comparison; tokens (objects) are compared by their JSON, which is stable per template. */
function key(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value ?? null);
}

export function multiRegionIssues(stacks: readonly SynthesizedStack[]): MultiRegionIssue[] {
  const issues: MultiRegionIssue[] = [];
  const seen = new Map<string, { stack: string; logicalId: string }>();
  const once = (identity: string, stack: string, logicalId: string, what: string) => {
    const first = seen.get(identity);
    if (first) issues.push({ stack, logicalId, message: `${what} is also created by ${first.stack}/${first.logicalId}: global resources must be created once` });
    else seen.set(identity, { stack, logicalId });
  };
  const exportRegion = new Map<string, string>();
  for (const s of stacks) {
    for (const output of Object.values(s.template.Outputs ?? {})) {
      if (typeof output.Export?.Name === 'string') exportRegion.set(output.Export.Name, s.region);
    }
  }
  for (const s of stacks) {
    for (const [logicalId, resource] of Object.entries(s.template.Resources ?? {})) {
      const p = resource.Properties ?? {};
      switch (resource.Type) {
        case 'AWS::Route53::RecordSet':
          once(`record|${key(p.HostedZoneId ?? p.HostedZoneName)}|${key(p.Name)}|${key(p.Type)}|${key(p.SetIdentifier)}`, s.name, logicalId, `Route 53 record ${key(p.Name)} ${key(p.Type)}${p.SetIdentifier ? ` (${key(p.SetIdentifier)})` : ''}`);
          break;
        case 'AWS::Route53::HostedZone':
          once(`zone|${key(p.Name)}`, s.name, logicalId, `hosted zone ${key(p.Name)}`);
          break;
        case 'AWS::Route53::HealthCheck':
          once(`health|${key(p.HealthCheckConfig)}`, s.name, logicalId, 'Route 53 health check with the same configuration');
          break;
        case 'AWS::WAFv2::WebACL':
          if (p.Scope === 'CLOUDFRONT' && s.region !== 'us-east-1') issues.push({ stack: s.name, logicalId, message: `a CLOUDFRONT-scoped web ACL must be created in us-east-1, not ${s.region}` });
          break;
        case 'AWS::CloudFront::Distribution': {
          const cert = (p.DistributionConfig as { ViewerCertificate?: { AcmCertificateArn?: unknown } } | undefined)?.ViewerCertificate?.AcmCertificateArn;
          const ref = (cert as { Ref?: string } | undefined)?.Ref;
          if (ref && s.template.Resources?.[ref]?.Type === 'AWS::CertificateManager::Certificate' && s.region !== 'us-east-1') {
            issues.push({ stack: s.name, logicalId, message: `CloudFront uses certificate ${ref} from ${s.region}; CloudFront certificates must be issued in us-east-1` });
          }
          if (typeof cert === 'string' && /^arn:aws[a-z-]*:acm:/.test(cert) && !cert.includes(':acm:us-east-1:')) {
            issues.push({ stack: s.name, logicalId, message: 'CloudFront certificate ARN is not in us-east-1' });
          }
          break;
        }
        default: {
          const nameProp = IAM_NAMES[resource.Type];
          if (nameProp && p[nameProp] !== undefined) once(`iam|${resource.Type}|${key(p[nameProp])}`, s.name, logicalId, `${resource.Type} ${key(p[nameProp])} (IAM is global)`);
        }
      }
    }
    const text = JSON.stringify(s.template);
    for (const m of text.matchAll(/"Fn::ImportValue":"([^"]+)"/g)) {
      const region = exportRegion.get(m[1]);
      if (region && region !== s.region) issues.push({ stack: s.name, message: `imports ${m[1]} exported in ${region}: CloudFormation exports are regional; use deterministic names or crossRegionReferences` });
    }
  }
  return issues;
}
