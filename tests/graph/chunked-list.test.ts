import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChunkedList } from '../../src/corpus/chunked-list.ts';
import { compare, type Item } from '../fixtures/ordered-items.ts';

/**
 * The views' orders (newest first, quality, heat, trending, updated) are chunked lists derived
 * from the previous snapshot's: every version must read exactly like the sorted array with the
 * same history (by position, by iteration, by length), equal sort values included, and older
 * versions must not change when newer ones are derived from them.
 */

describe('ChunkedList', () => {
  it('reads like the sorted array after any removals and additions, every version unchanged', () => {
    const change = fc.record({
      remove: fc.array(fc.nat(), { maxLength: 6 }),
      add: fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 6 }),
      many: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 60 }),
        fc.integer({ min: 1, max: 5 }),
        fc.array(change, { maxLength: 25 }),
        (values, chunkSize, changes) => {
          let nextId = 0;
          const item = (value: number): Item => ({ value, id: nextId++ });
          let model = values.map(item).sort(compare);
          let list = ChunkedList.of(model, chunkSize);
          const versions: [ChunkedList<Item>, Item[]][] = [[list, model]];
          for (const { remove, add, many } of changes) {
            const removed = [...new Set(remove.map((n) => model[n % Math.max(1, model.length)]))]
              .filter((x): x is Item => x !== undefined)
              // An edit: the record that leaves and one with the same sort value that enters.
              .slice(0, many ? 100 : 6);
            const added = add.map(item);
            // Past 64 changes at once (and more than one per chunk) the list is merged in one pass:
            // exercise that path too.
            if (many) for (let i = 0; i < 70; i++) added.push(item(i % 21));
            const gone = new Set(removed);
            model = [...model.filter((x) => !gone.has(x)), ...added].sort(compare);
            list = list.withChanges(removed, added, compare);
            versions.push([list, model]);
          }
          for (const [version, expected] of versions) {
            expect(version.length).toBe(expected.length);
            expect([...version]).toEqual(expected);
            expect(version.toArray()).toEqual(expected);
            // Positions in a scattered order, so the remembered chunk is left and found again.
            for (let i = 0; i < expected.length; i++) {
              const at = (i * 7) % expected.length;
              expect(version.at(at)).toBe(expected[at]);
            }
            expect(version.at(-1)).toBeUndefined();
            expect(version.at(expected.length)).toBeUndefined();
          }
        },
      ),
      { numRuns: 120 },
    );
  });

  it('shares the chunks a change does not touch', () => {
    const items = Array.from({ length: 10_000 }, (_, id) => ({ value: 10_000 - id, id }));
    const list = ChunkedList.of(items);
    const next = list.withChanges([items[5_000] as Item], [{ value: 0.5, id: -1 }], compare);
    expect(next.length).toBe(list.length);
    expect(next.at(5_000)).toBe(items[5_001]);
    expect(next.at(next.length - 1)?.id).toBe(-1);
    // The old version still reads as before.
    expect(list.at(5_000)).toBe(items[5_000]);
    expect([...list]).toEqual(items);
  });
});
