// The arch-audit-limits input: how much of an image the architecture audit may read.
import { InputError } from '../model/errors.js';
import { splitList } from '../model/lists.js';
import type { AuditBounds } from '../model/checks.js';
import { defaultAuditBounds } from '../model/checks.js';

const accepted =
  'comma or newline separated files=<entries>, size=<bytes, or with KiB, MiB, GiB, TiB>, time=<seconds, or with s, m>, e.g. files=200000,size=8GiB,time=300s';

const sizeUnits: Record<string, number> = { '': 1, b: 1, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3, tib: 1024 ** 4 };
const timeUnits: Record<string, number> = { '': 1000, s: 1000, m: 60_000 };

function amount(raw: string, entry: string, units: Record<string, number>, input: string): number {
  const match = /^(\d+)\s*([a-z]*)$/i.exec(raw.trim());
  const unit = match?.[2]?.toLowerCase() ?? '';
  const scale = Object.hasOwn(units, unit) ? units[unit] : undefined;
  const value = match && scale !== undefined ? Number(match[1]) * scale : NaN;
  if (!Number.isSafeInteger(value) || value <= 0)
    throw new InputError(input, entry, accepted, `'${raw}' is not a positive amount`);
  return value;
}

/** Parses arch-audit-limits; anything left out keeps its default (50000 entries, 2 GiB, 120 s). */
export function parseAuditLimits(raw: string, input = 'arch-audit-limits'): AuditBounds {
  const bounds = { ...defaultAuditBounds };
  for (const entry of splitList(raw)) {
    const [key = '', value = ''] = entry.split('=', 2).map((part) => part.trim());
    if (key === 'files') bounds.maxFiles = amount(value, entry, { '': 1 }, input);
    else if (key === 'size') bounds.maxBytes = amount(value, entry, sizeUnits, input);
    else if (key === 'time') bounds.timeoutMs = amount(value, entry, timeUnits, input);
    else throw new InputError(input, entry, accepted, `unknown bound '${key}'`);
  }
  return bounds;
}
