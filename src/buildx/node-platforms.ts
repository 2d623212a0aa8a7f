// Which node of a builder serves which platform natively, and what is left for QEMU. Pure: table-tested.
import { formatPlatform, parsePlatform, runsNatively, samePlatform, type Platform } from '../model/platforms.js';
import type { InspectedNode } from './builder-args.js';

function parseOrSkip(text: string): Platform[] {
  try {
    return [parsePlatform(text)];
  } catch {
    return [];
  }
}

/**
 * The platforms a node runs without an emulator: the ones pinned to it with --platform, else the
 * family of the first one it reports (BuildKit lists its own platform first, emulated ones after).
 */
export function nativePlatformsOf(node: InspectedNode): Platform[] {
  if (node.pinned.length > 0) return node.pinned.flatMap(parseOrSkip);
  const [first] = node.platforms.flatMap(parseOrSkip);
  if (!first) return [];
  return node.platforms.flatMap(parseOrSkip).filter((platform) => runsNatively(platform, first));
}

interface PlatformRoute {
  platform: string;
  /** The node that builds it natively; undefined when none does and it needs QEMU. */
  node?: string;
}

export interface Routing {
  routes: PlatformRoute[];
  /** Platforms no node serves natively: the only ones worth an emulator. */
  unserved: Platform[];
}

/** Routes each wanted platform to the first node that serves it natively, as buildx prefers pinned nodes. */
export function routePlatforms(wanted: readonly Platform[], nodes: readonly InspectedNode[]): Routing {
  const natives = nodes.map((node) => ({ node: node.name, platforms: nativePlatformsOf(node) }));
  const routes = wanted.map((platform): PlatformRoute => {
    const host = natives.find((entry) =>
      entry.platforms.some((native) => samePlatform(native, platform) || runsNatively(platform, native))
    );
    return host ? { platform: formatPlatform(platform), node: host.node } : { platform: formatPlatform(platform) };
  });
  return {
    routes,
    unserved: wanted.filter((_, index) => routes[index]?.node === undefined)
  };
}
