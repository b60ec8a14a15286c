import { HAVEN_RULES } from '../rules';
import type { AppliedAcknowledgement, CheckReport } from '../types';
import { acknowledgementsBySource } from './verdict';

/** Why a finding is suppressed: a built-in acknowledgement names its AWS documentation, a spec one its owner and expiry. */
function justification(a: AppliedAcknowledgement): string {
  return a.builtin
    ? `Haven built-in acknowledgement (design decision): ${a.reason}${a.docs ? ` See ${a.docs}` : ''}`
    : `${a.reason} (owner ${a.owner}${a.expires ? `, expires ${a.expires}` : ''})`;
}

/**
 * SARIF 2.1.0 for GitHub code scanning: one result per finding; acknowledged ones carry a suppression. The run's
 * properties hold the control summary (met, met with exception, not met) and the acknowledgements, built-in ones apart.
 */
export function renderSarif(report: CheckReport): string {
  const ruleIds = [...new Set(report.findings.map((f) => f.ruleId.replace(/\[.*\]$/, '')))];
  const meta = new Map(HAVEN_RULES.map((r) => [r.id, r]));
  const rules = ruleIds.map((id) => {
    const h = meta.get(id);
    const sample = report.findings.find((f) => f.ruleId.replace(/\[.*\]$/, '') === id)!;
    const controls = [...new Set(report.findings.filter((f) => f.ruleId.replace(/\[.*\]$/, '') === id).flatMap((f) => f.controls.map((c) => `${c.framework}:${c.control}`)))];
    return {
      id,
      name: id.replace(/[^A-Za-z0-9]/g, ''),
      shortDescription: { text: h?.title ?? id },
      fullDescription: { text: h?.description ?? sample.message },
      ...(h ? { help: { text: h.remediation } } : {}),
      defaultConfiguration: { level: (h?.severity ?? sample.severity) === 'error' ? 'error' : 'warning' },
      properties: { source: sample.source, tags: ['compliance', ...(sample.unmapped ? ['unmapped'] : []), ...controls] },
    };
  });
  const results = report.findings.map((f) => ({
    ruleId: f.ruleId.replace(/\[.*\]$/, ''),
    ruleIndex: ruleIds.indexOf(f.ruleId.replace(/\[.*\]$/, '')),
    level: f.severity === 'error' ? 'error' : 'warning',
    message: { text: `${f.message} (${f.evidence.property} = ${JSON.stringify(f.evidence.value)})` },
    locations: [
      {
        physicalLocation: { artifactLocation: { uri: f.evidence.stack === 'spec' ? 'haven.yaml' : `cdk.out/${f.evidence.stack}.template.json`, uriBaseId: '%SRCROOT%' } },
        logicalLocations: [{ name: f.evidence.logicalId, fullyQualifiedName: `${f.evidence.stack}/${f.evidence.logicalId}`, kind: 'resource' }],
      },
    ],
    partialFingerprints: { havenFinding: f.id },
    ...(f.acknowledgement ? { suppressions: [{ kind: 'external', status: 'accepted', justification: justification(f.acknowledgement) }] } : {}),
    properties: { evidence: f.evidence, controls: f.controls, ...(f.unmapped ? { unmapped: true } : {}), findingRule: f.ruleId },
  }));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    // The verdict rides along: error-level results without a suppression are exactly `errors`.
    runs: [{ tool: { driver: { name: 'haven', informationUri: 'https://github.com/haven-platform/haven', rules } }, results, properties: { environment: report.environment, date: report.date, frameworks: report.frameworks, summary: report.summary, builtinAcknowledgementsApplied: report.builtinAcknowledgements, acknowledgements: acknowledgementsBySource(report), passed: report.passed, errors: report.errors, warnings: report.warnings } }],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
