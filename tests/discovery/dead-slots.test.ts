import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DeadSlots } from '../../src/discovery/slots.ts';

/**
 * A layout's dead slots are kept in chunks copied on write (4,096 slots each): every version
 * must read like a plain set of the slots marked in its history, across chunk boundaries, and an
 * older version must not change when a newer one is derived from it.
 */
describe('DeadSlots', () => {
  it('reads like a set of every slot marked so far, every version unchanged by later ones', () => {
    const slot = fc.integer({ min: 0, max: 20_000 });
    fc.assert(
      fc.property(fc.array(fc.array(slot, { maxLength: 40 }), { maxLength: 12 }), (steps) => {
        let dead = DeadSlots.NONE;
        let model = new Set<number>();
        const versions: [DeadSlots, Set<number>][] = [[dead, model]];
        for (const marked of steps) {
          // A derivation marks slots that are alive in it (and each once).
          const fresh = [...new Set(marked)].filter((s) => !model.has(s));
          dead = dead.with(fresh);
          model = new Set([...model, ...fresh]);
          versions.push([dead, model]);
        }
        const probes = [0, 4_095, 4_096, 8_191, 20_000, 20_001];
        for (const [version, expected] of versions) {
          expect(version.count).toBe(expected.size);
          for (const s of [...expected, ...probes]) expect(version.has(s)).toBe(expected.has(s));
        }
      }),
      { numRuns: 80 },
    );
  });
});
