// The GitHub Actions cache service for the bench's run of the audit with its memory (arch-audit-cache:
// auto): the tests' loopback fake (__tests__/helpers/actions-cache-fake.ts, loaded through the type
// stripping of the Node.js the bench runs on), started on first use. It answers on 127.0.0.1, so the
// figures leave out the network round trips (one restore, at most one save) a hosted runner adds.
let service;

/** The variables a runner gives a step when the cache service is there, for the fake. */
export async function sharedCacheEnv() {
  if (!service) {
    const { FakeCacheService } = await import('../__tests__/helpers/actions-cache-fake.ts');
    service = new FakeCacheService();
    await service.start();
  }
  return service.env();
}

export async function stopSharedCache() {
  const running = service;
  service = undefined;
  await running?.stop();
}
