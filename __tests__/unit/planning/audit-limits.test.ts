import { parseAuditLimits } from '../../../src/planning/audit-limits.js';
import { inputErrorOf } from '../../helpers/errors.js';
import { type AuditBounds, defaultAuditBounds } from '../../../src/model/checks.js';

describe('parseAuditLimits', () => {
  it.each<[string, Partial<AuditBounds>]>([
    ['', {}],
    ['files=200000', { maxFiles: 200_000 }],
    ['size=8GiB', { maxBytes: 8 * 1024 ** 3 }],
    ['size=500 MiB', { maxBytes: 500 * 1024 ** 2 }],
    ['size=4096', { maxBytes: 4096 }],
    ['time=300s', { timeoutMs: 300_000 }],
    ['time=5m', { timeoutMs: 300_000 }],
    ['time=90', { timeoutMs: 90_000 }],
    ['files=1, size=1KiB\ntime=1s', { maxFiles: 1, maxBytes: 1024, timeoutMs: 1000 }]
  ])('%j', (raw, expected) => {
    expect(parseAuditLimits(raw)).toEqual({ ...defaultAuditBounds, ...expected });
  });

  it.each([
    ['files=0', 'files=0', "'0' is not a positive amount"],
    ['files=many', 'files=many', "'many' is not a positive amount"],
    ['size=2GB', 'size=2GB', "'2GB' is not a positive amount"],
    ['time=1h', 'time=1h', "'1h' is not a positive amount"],
    ['files=10,depth=3', 'depth=3', "unknown bound 'depth'"]
  ])('refuses %j', (raw, value, detail) => {
    const error = inputErrorOf(() => parseAuditLimits(raw));
    expect(error.input).toBe('arch-audit-limits');
    expect(error.value).toBe(value);
    expect(error.message).toContain(detail);
    expect(error.message).toContain('files=200000,size=8GiB,time=300s');
  });
});
