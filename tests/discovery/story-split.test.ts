import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitOff } from '../../src/discovery/coverage.ts';

/**
 * A story losing articles (src/discovery/coverage.ts, Stories.derive) looks only for the parts
 * that break off; the rest keeps its story. These hold `splitOff` to the components found the
 * obvious way, and check that it does not walk the part that stays.
 */

type Graph = Map<number, Set<number>>;

function graphOf(n: number, edges: readonly (readonly [number, number])[]): Graph {
  const graph: Graph = new Map(Array.from({ length: n }, (_, i) => [i, new Set<number>()]));
  for (const [a, b] of edges) {
    if (a === b) continue;
    graph.get(a)?.add(b);
    graph.get(b)?.add(a);
  }
  return graph;
}

/** Components of the graph without `removed`, each as sorted vertices, found by plain search. */
function components(graph: Graph, removed: ReadonlySet<number>): number[][] {
  const seen = new Set<number>();
  const out: number[][] = [];
  for (const start of graph.keys()) {
    if (removed.has(start) || seen.has(start)) continue;
    const part: number[] = [];
    const stack = [start];
    seen.add(start);
    while (stack.length > 0) {
      const v = stack.pop() as number;
      part.push(v);
      for (const w of graph.get(v) ?? []) {
        if (!removed.has(w) && !seen.has(w)) {
          seen.add(w);
          stack.push(w);
        }
      }
    }
    out.push(part.sort((a, b) => a - b));
  }
  return out;
}

const key = (part: readonly number[]) => [...part].sort((a, b) => a - b).join(',');

describe('splitting a story after a removal', () => {
  it('answers every part that broke off, and only those, for any connected story', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 40 }).chain((n) =>
          fc.record({
            n: fc.constant(n),
            // A random spanning tree keeps the story connected; extra links make cycles.
            tree: fc.array(fc.nat(), { minLength: n - 1, maxLength: n - 1 }),
            extra: fc.array(fc.tuple(fc.nat({ max: n - 1 }), fc.nat({ max: n - 1 })), {
              maxLength: n,
            }),
            removed: fc.uniqueArray(fc.nat({ max: n - 1 }), { minLength: 1, maxLength: 4 }),
          }),
        ),
        ({ n, tree, extra, removed }) => {
          const edges = tree.map((p, i) => [i + 1, p % (i + 1)] as const);
          const graph = graphOf(n, [...edges, ...extra]);
          const gone = new Set(removed);
          const seeds = [
            ...new Set(
              removed.flatMap((r) => [...(graph.get(r) ?? [])].filter((v) => !gone.has(v))),
            ),
          ];
          const neighbours = (v: number) => [...(graph.get(v) ?? [])].filter((w) => !gone.has(w));
          const pieces = splitOff(seeds, neighbours).map(key);
          const truth = components(graph, gone).map(key);
          // Every piece is a true component, none twice, and exactly one component stays.
          expect(new Set(pieces).size).toBe(pieces.length);
          for (const piece of pieces) expect(truth).toContain(piece);
          expect(pieces.length).toBe(Math.max(0, truth.length - 1));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('does not walk the story when a leaf leaves it, nor all of a well-linked one', () => {
    // A long chain with one leaf hanging off its end, and a ring with chords through its middle.
    const n = 10_000;
    const chain = graphOf(n + 1, [
      ...Array.from({ length: n - 1 }, (_, i) => [i, i + 1] as const),
      [n - 1, n],
    ]);
    let visits = 0;
    const leafNeighbours = [...(chain.get(n) ?? [])];
    expect(
      splitOff(leafNeighbours, (v) => {
        visits++;
        return [...(chain.get(v) ?? [])].filter((w) => w !== n);
      }),
    ).toEqual([]);
    expect(visits).toBe(0);

    const ring = graphOf(n, [
      ...Array.from({ length: n }, (_, i) => [i, (i + 1) % n] as const),
      ...Array.from({ length: n / 10 }, (_, i) => [i * 10, (i * 10 + n / 2) % n] as const),
    ]);
    visits = 0;
    const removed = 5_000;
    const seeds = [...(ring.get(removed) ?? [])];
    const pieces = splitOff(seeds, (v) => {
      visits++;
      return [...(ring.get(v) ?? [])].filter((w) => w !== removed);
    });
    expect(pieces).toEqual([]);
    // The searches from the removed article's neighbours meet long before covering the ring.
    expect(visits).toBeLessThan(n / 10);
  });
});
