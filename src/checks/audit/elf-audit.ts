// The audit of layers already in hand (streams, in order): each scanned under what the lower ones
// left of the platform's budget, then composed into the platform's filesystem.
import { errorMessage } from '../../model/errors.js';
import { formatPlatform, type Platform } from '../../model/platforms.js';
import { expectedMachine } from './elf.js';
import { composeAudit } from './filesystem.js';
import { scanLayer, type AuditLimits, type LayerScan } from './layer-scan.js';
import { PlatformBudget } from './scan-budget.js';
import type { AuditResult } from '../../model/checks.js';

/**
 * Reads image layers (tar, optionally gzip or zstd) in order and lists the executables and shared
 * objects built for another architecture than `platform`, after whiteouts, reading 64 bytes per file.
 */
export async function auditLayers(
  platform: Platform,
  layers: AsyncIterable<NodeJS.ReadableStream> | Iterable<NodeJS.ReadableStream>,
  ignoreGlobs: readonly string[],
  limits: AuditLimits
): Promise<AuditResult> {
  if (!expectedMachine(platform))
    throw new Error(`No ELF architecture is known for ${formatPlatform(platform)}, so its files cannot be audited`);
  const scans: LayerScan[] = [];
  // One budget for the platform, spent layer after layer.
  const budget = new PlatformBudget(limits);
  let layerNumber = 0;
  for await (const layer of layers) {
    layerNumber++;
    let scan: LayerScan;
    try {
      scan = await scanLayer(layer, limits, budget);
    } catch (error) {
      throw new Error(`Layer ${layerNumber}: ${errorMessage(error)}`, {
        cause: error
      });
    }
    scans.push(scan);
    if (scan.truncated) break;
  }
  return composeAudit(platform, scans, ignoreGlobs, limits);
}
