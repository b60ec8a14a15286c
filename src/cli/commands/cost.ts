import * as fs from 'fs';
import { Option, type Command } from 'commander';
import { COST_FORMATS, formatCostReport, type CostFormat } from '../../cost';
import { loadSpec } from '../../spec/loader';
import { UserError } from '../errors';
import type { CliContext } from '../main';
import { costOf, selectEnvironments, templatesOf } from '../workflow';

export function registerCost(program: Command, cli: CliContext): void {
  program
    .command('cost')
    .description('monthly estimate per environment, region and resource from the bundled price table (offline)')
    .argument('<spec>', 'path to haven.yaml')
    .option('-e, --env <name...>', 'only these environments (default: all)')
    .addOption(new Option('--format <format>', 'output format').choices([...COST_FORMATS]).default('text'))
    .option('-o, --out <file>', 'write the estimate to a file')
    .option('--refresh-prices', 'update the price table from the AWS Price List API (needs AWS credentials)')
    .action((file: string, opts: { env?: string[]; format: CostFormat; out?: string; refreshPrices?: boolean }) => {
      if (opts.refreshPrices) {
        throw new UserError('--refresh-prices needs the AWS Price List client (@aws-sdk/client-pricing), which this build does not include yet; the bundled table records its date and source');
      }
      const loaded = loadSpec(file);
      const plans = selectEnvironments(loaded, opts.env);
      const report = costOf(loaded, plans, templatesOf(loaded, plans.map((p) => p.name)));
      const text = formatCostReport(report, opts.format);
      if (opts.out) fs.writeFileSync(opts.out, text);
      else cli.io.out(text);
      // Over budget is a finding, like a failed control.
      if (report.budgets.some((b) => !b.withinBudget)) cli.exitCode = 1;
    });
}
