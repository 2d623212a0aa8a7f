import { isIP } from 'node:net';
import { InputError } from './errors.js';

/** Loopback only: a server on this machine, which no one on the network can stand in for. */
function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}

const accepted = 'an https:// URL (http:// only for a server on loopback: localhost, 127.0.0.1, [::1])';

/**
 * A base URL to download a binary and its checksums from. Both come from the same place, so over
 * plain http anyone on the path could swap the pair: the checksum would protect nothing.
 */
export function parseDownloadUrl(input: string, raw: string): string {
  const value = raw.trim();
  if (value === '') return value;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InputError(input, raw, accepted);
  }
  if (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname)))
    return value.replace(/\/+$/, '');
  const detail =
    url.protocol === 'http:'
      ? 'plain http to another host: the checksum comes from the same place, so it would protect nothing'
      : undefined;
  throw new InputError(input, raw, accepted, detail);
}
