/** Runs `work` over `items`, at most `width` at a time; results in the order of the items. */
export async function inPool<T, R>(items: readonly T[], width: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  return results;
}

/**
 * At most `width` pieces of work at once, from wherever they come: the ones beyond wait their turn
 * in the order they asked. Unlike inPool, work joins as it is found (a blob once its manifest is
 * known to be missing), so nothing waits for a whole stage before the next starts.
 */
export class Gate {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly width: number) {
    if (!Number.isSafeInteger(width) || width < 1) throw new Error(`a gate's width must be 1 or more, not ${width}`);
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active < this.width) this.active++;
    // The slot is handed over by the work that ends (see below): `active` stays as it is.
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}
