import * as core from '@actions/core';
import { errorMessage } from '../model/errors.js';

export interface SummaryRow {
  label: string;
  value: string;
}

/** Writes the job summary; a runner without GITHUB_STEP_SUMMARY (local runs) just skips it. */
export async function writeSummary(
  title: string,
  rows: readonly SummaryRow[],
  extra: readonly { heading: string; table: string[][] }[] = []
): Promise<void> {
  if (!process.env['GITHUB_STEP_SUMMARY']) return;
  try {
    core.summary.addHeading(title, 3).addTable([
      [
        { data: 'Field', header: true },
        { data: 'Value', header: true }
      ],
      ...rows.map((row) => [row.label, row.value])
    ]);
    for (const section of extra) {
      const [header, ...body] = section.table;
      core.summary
        .addHeading(section.heading, 4)
        .addTable([(header ?? []).map((data) => ({ data, header: true })), ...body]);
    }
    await core.summary.write();
  } catch (error) {
    core.warning(`Could not write the job summary: ${errorMessage(error)}`);
  }
}
