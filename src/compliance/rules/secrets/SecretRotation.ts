import type { HavenRule, RuleFinding } from '../../types';
import { evidence, refersTo, resourcesOfType } from '../../template';

/** Every Secrets Manager secret has a rotation schedule. */
export const SecretRotation: HavenRule = {
  id: 'HAVEN-SECRET-ROTATION',
  severity: 'error',
  title: 'Secrets rotate',
  description: 'Each AWS::SecretsManager::Secret has an AWS::SecretsManager::RotationSchedule.',
  remediation: 'Add a rotation schedule (database secrets: hosted rotation; others: a rotation Lambda), or acknowledge secrets that cannot rotate (third-party API keys) with their owner.',
  evaluate(ctx) {
    const findings: RuleFinding[] = [];
    const secrets = resourcesOfType(ctx, 'AWS::SecretsManager::Secret');
    const schedules = resourcesOfType(ctx, 'AWS::SecretsManager::RotationSchedule');
    // Database secrets rotate through their target attachment: the schedule names the attachment, which names the secret.
    const attachments = resourcesOfType(ctx, 'AWS::SecretsManager::SecretTargetAttachment');
    for (const ref of secrets) {
      const viaAttachment = attachments.filter((a) => a.stack === ref.stack && refersTo(a.resource.Properties?.SecretId, ref.logicalId)).map((a) => a.logicalId);
      const targets = [ref.logicalId, ...viaAttachment];
      if (!schedules.some((s) => s.stack === ref.stack && targets.some((t) => refersTo(s.resource.Properties?.SecretId, t)))) {
        findings.push({ message: `Secret ${ref.logicalId} never rotates`, evidence: evidence(ref, 'RotationSchedule', null) });
      }
    }
    return { findings, checked: secrets.length };
  },
};
