// The job summary: HTML tables appended to the runner's summary file. Every cell is escaped, and a
// cell never holds a raw line break: its text comes from registries, image layers and the output
// of the image itself, and must not be able to close the table and write a summary of its own.
import { appendFileSync } from 'node:fs';
import { EOL } from 'node:os';
import { errorMessage } from '../model/errors.js';
import { warning } from './runner.js';

/** A cell: text, lines (shown one under the other), or command output (shown as code). */
export type SummaryCell = string | readonly string[] | { code: string };

export interface SummaryRow {
  label: string;
  value: SummaryCell;
}

export interface SummaryTable {
  heading: string;
  /** The first row is the header. */
  table: readonly (readonly SummaryCell[])[];
}

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe inside an HTML block of GitHub's markdown: escaped, and on one line. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => entities[character] ?? character).replace(/\r?\n/g, '<br>');
}

function cellHtml(cell: SummaryCell): string {
  if (typeof cell === 'string') return escapeHtml(cell);
  if ('code' in cell) return `<code>${escapeHtml(cell.code)}</code>`;
  return cell.map(escapeHtml).join('<br>');
}

function tableHtml(rows: readonly (readonly SummaryCell[])[]): string {
  const [header = [], ...body] = rows;
  const row = (cells: readonly SummaryCell[], tag: 'th' | 'td'): string =>
    `<tr>${cells.map((cell) => `<${tag}>${cellHtml(cell)}</${tag}>`).join('')}</tr>`;
  return `<table>${row(header, 'th')}${body.map((cells) => row(cells, 'td')).join('')}</table>`;
}

/** The summary as HTML: a heading and a two-column table, then the extra tables. */
export function summaryHtml(title: string, rows: readonly SummaryRow[], extra: readonly SummaryTable[] = []): string {
  const parts = [
    `<h3>${escapeHtml(title)}</h3>`,
    tableHtml([['Field', 'Value'], ...rows.map(({ label, value }) => [label, value])]),
    ...extra.flatMap(({ heading, table }) => [`<h4>${escapeHtml(heading)}</h4>`, tableHtml(table)])
  ];
  return parts.join(EOL) + EOL;
}

/** Writes the job summary; a runner without GITHUB_STEP_SUMMARY (local runs) just skips it. */
export function writeSummary(title: string, rows: readonly SummaryRow[], extra: readonly SummaryTable[] = []): void {
  const file = process.env['GITHUB_STEP_SUMMARY'];
  if (!file) return;
  try {
    appendFileSync(file, summaryHtml(title, rows, extra), { encoding: 'utf8' });
  } catch (error) {
    warning(`Could not write the job summary: ${errorMessage(error)}`);
  }
}
