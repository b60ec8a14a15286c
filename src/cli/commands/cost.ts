import * as fs from 'fs';
import { Option, type Command } from 'commander';
import * as path from 'path';
import { COST_FORMATS, formatCostReport, loadPriceTable, PRICE_TABLE, refreshPrices, serializePriceTable, type CostFormat, type PriceTable } from '../../cost';
import { loadSpec } from '../../spec/loader';
import { UserError } from '../errors';
import { writeOutputFile } from '../output-dir';
import type { CliContext } from '../main';

export function registerCost(program: Command, cli: CliContext): void {
  program
    .command('cost')
    .description('monthly estimate per environment, region and resource from the bundled price table (offline)')
    .argument('<spec>', 'path to haven.yaml')
    .option('-e, --env <name...>', 'only these environments (default: all)')
    .addOption(new Option('--format <format>', 'output format').choices([...COST_FORMATS]).default('text'))
    .option('-o, --out <file>', 'write the estimate to a file')
    .option('--refresh-prices', 'update the price table from the AWS Price List API (needs AWS credentials)')
    .action(async (file: string, opts: { env?: string[]; format: CostFormat; out?: string; refreshPrices?: boolean }) => {
      const { costOf, selectEnvironments, templatesOf } = await import('../workflow');
      const loaded = loadSpec(file, { date: cli.date });
      const plans = selectEnvironments(loaded, opts.env);
      // Refreshed prices live beside the spec and are used until refreshed again; the bundled table otherwise.
      const pricesFile = path.join(path.dirname(path.resolve(file)), '.haven', 'prices.json');
      let prices: PriceTable | undefined = fs.existsSync(pricesFile) ? loadPriceTable(fs.readFileSync(pricesFile, 'utf8')) : undefined;
      if (opts.refreshPrices) {
        let result;
        try {
          const { AwsPriceSource } = await import('../../cost/aws-price-source');
          result = await refreshPrices(prices ?? PRICE_TABLE, new AwsPriceSource());
        } catch (e) {
          throw new UserError(`could not read the AWS Price List API: ${(e as Error).message} (credentials: AWS profile or environment)`);
        }
        fs.mkdirSync(path.dirname(pricesFile), { recursive: true });
        fs.writeFileSync(pricesFile, serializePriceTable(result.table));
        cli.io.err(`prices refreshed: ${result.updated} rates updated, ${result.missing.length} kept from the bundled table; saved to ${pricesFile}`);
        prices = result.table;
      }
      const report = costOf(loaded, plans, templatesOf(loaded, plans.map((p) => p.name)), prices);
      const text = formatCostReport(report, opts.format);
      if (opts.out) writeOutputFile(opts.out, text);
      else cli.io.out(text);
      // Over budget is a finding, like a failed control.
      if (report.budgets.some((b) => !b.withinBudget)) cli.exitCode = 1;
    });
}
