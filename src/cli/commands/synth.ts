import type { Command } from 'commander';
import { formatObjectives, objectivesReport } from '../../dr/objectives';
import { loadSpec } from '../../spec/loader';
import type { CliContext } from '../main';

export function registerSynth(program: Command, cli: CliContext): void {
  program
    .command('synth')
    .description('write a standard CDK cloud assembly (CloudFormation templates) for the spec')
    .argument('<spec>', 'path to haven.yaml')
    .option('-e, --env <name...>', 'only these environments (default: all)')
    .option('-o, --out <dir>', 'cloud assembly directory', 'cdk.out')
    .option('--json', 'machine-readable summary')
    .action(async (file: string, opts: { env?: string[]; out: string; json?: boolean }) => {
      const { synthesizeTo, placeholderAccountWarning } = await import('../synthesize');
      const loaded = loadSpec(file, { date: cli.date });
      const { assembly, outdir } = synthesizeTo(loaded, opts.out, opts.env);
      const warning = placeholderAccountWarning(loaded, opts.env);
      if (warning) cli.io.err(warning);
      const stacks = assembly.stacks.map((s) => ({
        name: s.stackName,
        region: s.environment.region,
        resources: Object.keys((s.template as { Resources?: object }).Resources ?? {}).length,
        template: s.templateFullPath,
      }));
      const objectives = objectivesReport(Object.fromEntries(Object.entries(loaded.plans).filter(([n]) => !opts.env || opts.env.includes(n))));
      if (opts.json) {
        cli.io.out(JSON.stringify({ outdir, stacks, recovery: objectives }, null, 2));
        return;
      }
      cli.io.out(`Cloud assembly written to ${outdir}`);
      for (const s of stacks) cli.io.out(`  ${s.name.padEnd(44)} ${s.region.padEnd(15)} ${String(s.resources).padStart(4)} resources`);
      cli.io.out('');
      cli.io.out(formatObjectives(objectives));
      cli.io.out(`Deploy with: npx cdk deploy --app ${outdir} <stack>   (or: haven deploy ${file} --env <name>)`);
    });
}
