import type { CheckReport } from '../types';
import { renderHtml } from './html';
import { renderJunit } from './junit';
import { renderMarkdown } from './markdown';
import { renderSarif } from './sarif';
import { renderText } from './text';

export const REPORT_FORMATS = ['text', 'json', 'markdown', 'html', 'sarif', 'junit'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export function renderReport(report: CheckReport, format: ReportFormat): string {
  switch (format) {
    case 'text': return renderText(report);
    case 'json': return JSON.stringify(report, null, 2) + '\n';
    case 'markdown': return renderMarkdown(report);
    case 'html': return renderHtml(report);
    case 'sarif': return renderSarif(report);
    case 'junit': return renderJunit(report);
  }
}

/** Process exit code for a report: 1 when an unacknowledged error remains. */
export function exitCodeFor(report: CheckReport): 0 | 1 {
  return report.errors > 0 ? 1 : 0;
}

export { renderHtml, renderJunit, renderMarkdown, renderSarif, renderText };
