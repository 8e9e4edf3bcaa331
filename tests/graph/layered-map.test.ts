import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LayeredMap } from '../../src/corpus/layered-map.ts';

/**
 * The snapshot lookups (byKey, providers, per-topic lists...) are layered maps derived from the
 * previous snapshot's: every version must read like a plain Map with the same history, including
 * after the changes outgrow the base and are folded into a new one, and older versions must not
 * change when newer ones are derived from them.
 */
describe('LayeredMap', () => {
  it('reads like a plain Map after any sets and removes, every version unchanged by later ones', () => {
    const key = fc.integer({ min: 0, max: 1_500 }).map(String);
    const step = fc.record({
      set: fc.array(fc.tuple(key, fc.integer()), { maxLength: 400 }),
      remove: fc.array(key, { maxLength: 200 }),
    });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(key, fc.integer()), { maxLength: 50 }),
        fc.array(step, { maxLength: 12 }),
        (base, steps) => {
          let model = new Map(base);
          let map = LayeredMap.of(new Map(base));
          const versions: [LayeredMap<string, number>, Map<string, number>][] = [[map, model]];
          for (const { set, remove } of steps) {
            model = new Map(model);
            for (const k of remove) model.delete(k);
            for (const [k, v] of set) model.set(k, v);
            map = map.with(set, remove);
            versions.push([map, model]);
          }
          for (const [version, expected] of versions) {
            expect(version.size).toBe(expected.size);
            expect(new Map(version)).toEqual(expected);
            expect([...version.keys()].length).toBe(expected.size);
            for (const k of ['0', '7', '1500']) {
              expect(version.get(k)).toBe(expected.get(k));
              expect(version.has(k)).toBe(expected.has(k));
            }
          }
        },
      ),
      // Found by this property: a key removed twice in one step counted twice.
      { numRuns: 60, examples: [[[['3', 0]], [{ set: [], remove: ['3', '3'] }]]] },
    );
  });
});
