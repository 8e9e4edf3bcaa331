import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { withChanges } from '../../src/corpus/sorted.ts';
import { compare, type Item } from '../fixtures/ordered-items.ts';

describe('withChanges (copy-on-write update of a sorted array)', () => {
  it('equals filtering and sorting again, for few changes (splices) and many (binary-searched runs)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 200 }),
        fc.array(fc.nat(), { maxLength: 40 }),
        fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 60 }),
        fc.boolean(),
        (values, removals, additions, withAbsent) => {
          let nextId = 0;
          const item = (value: number): Item => ({ value, id: nextId++ });
          const list = values.map(item).sort(compare);
          const before = [...list];
          // Picked by position, so the same record may be named twice; an absent one is skipped.
          const removed = removals
            .map((n) => list[n % Math.max(1, list.length)])
            .filter((x): x is Item => x !== undefined);
          if (withAbsent) removed.push(item(5));
          // An edit: a record leaving and one with the same sort value entering.
          const added = [...additions.map(item), ...removed.slice(0, 3).map((r) => item(r.value))];
          const gone = new Set(removed);
          const expected = [...list.filter((x) => !gone.has(x)), ...added].sort(compare);
          expect(withChanges(list, removed, added, compare)).toEqual(expected);
          expect(list).toEqual(before);
        },
      ),
      { numRuns: 300 },
    );
  });
});
