// The job summary, written through @actions/core's summary: a heading and tables. @actions/core puts
// cells into the HTML as they are; every cell is escaped here first, and never holds a raw line break:
// its text comes from registries, image layers and the output of the image itself, and must not be
// able to close the table and write a summary of its own.
import * as core from '@actions/core';
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
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => entities[character] ?? character).replace(/\r?\n/g, '<br>');
}

function cellHtml(cell: SummaryCell): string {
  if (typeof cell === 'string') return escapeHtml(cell);
  if ('code' in cell) return `<code>${escapeHtml(cell.code)}</code>`;
  return cell.map(escapeHtml).join('<br>');
}

/** A table as @actions/core writes it, from escaped cells; the first row is the header. */
function tableRows(rows: readonly (readonly SummaryCell[])[]): Parameters<typeof core.summary.addTable>[0] {
  return rows.map((cells, index) => cells.map((cell) => ({ data: cellHtml(cell), header: index === 0 })));
}

/**
 * Writes the job summary: the title and a two-column table, then the extra tables. A runner without
 * GITHUB_STEP_SUMMARY (local runs) just skips it; a summary that cannot be written is a warning.
 */
export async function writeSummary(
  title: string,
  rows: readonly SummaryRow[],
  extra: readonly SummaryTable[] = []
): Promise<void> {
  if (!process.env['GITHUB_STEP_SUMMARY']) return;
  const summary = core.summary
    .addHeading(escapeHtml(title), 3)
    .addTable(tableRows([['Field', 'Value'], ...rows.map(({ label, value }) => [label, value])]));
  for (const { heading, table } of extra) summary.addHeading(escapeHtml(heading), 4).addTable(tableRows(table));
  try {
    await summary.write();
  } catch (error) {
    summary.emptyBuffer();
    warning(`Could not write the job summary: ${errorMessage(error)}`);
  }
}
