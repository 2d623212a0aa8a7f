// The bounds the push keeps: inPool's fixed lanes, and the Gate that work joins as it is found.
import { Gate, inPool } from '../../../src/registry/pool.js';

/** Work that ends only when released, recording how many were running at once. */
function heldWork() {
  const releases: (() => void)[] = [];
  const started: number[] = [];
  let running = 0;
  let most = 0;
  const work = (id: number) => async (): Promise<number> => {
    started.push(id);
    most = Math.max(most, ++running);
    await new Promise<void>((resolve) => releases.push(resolve));
    running--;
    return id;
  };
  const settle = async (): Promise<void> => {
    // Lets the gate hand the freed slots over before the next release.
    for (let round = 0; round < 10; round++) await Promise.resolve();
  };
  return { releases, started, work, settle, most: () => most };
}

describe('Gate', () => {
  it.each([
    [1, 5],
    [3, 7],
    [4, 2]
  ])(
    'width %i over %i pieces: never more at once, each started in the order asked, every result returned',
    async (width, count) => {
      const gate = new Gate(width);
      const held = heldWork();
      const results = Array.from({ length: count }, (_, id) => gate.run(held.work(id)));
      await held.settle();
      while (held.releases.length > 0) {
        held.releases.shift()?.();
        await held.settle();
      }
      expect(await Promise.all(results)).toStrictEqual(Array.from({ length: count }, (_, id) => id));
      expect(held.most()).toBe(Math.min(width, count));
      expect(held.started).toStrictEqual(Array.from({ length: count }, (_, id) => id));
    }
  );

  it('a piece of work that fails frees its slot for the next', async () => {
    const gate = new Gate(1);
    const failed = gate.run(() => Promise.reject(new Error('refused')));
    const next = gate.run(() => Promise.resolve('ran'));
    await expect(failed).rejects.toThrow('refused');
    await expect(next).resolves.toBe('ran');
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses the width %p', (width) => {
    expect(() => new Gate(width)).toThrow(`a gate's width must be 1 or more, not ${width}`);
  });
});

describe('inPool', () => {
  it('runs at most `width` at once and returns the results in the order of the items', async () => {
    let running = 0;
    let most = 0;
    const results = await inPool([5, 1, 4, 2, 3], 2, async (item) => {
      most = Math.max(most, ++running);
      await new Promise((resolve) => setTimeout(resolve, item));
      running--;
      return item * 10;
    });
    expect(results).toStrictEqual([50, 10, 40, 20, 30]);
    expect(most).toBe(2);
  });
});
