import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HEAP_BYTES_PER_FILE, heapLimitMiB } from '../../src/cli/heap.ts';

const GiB = 1024 ** 3;

describe('the heap limit serve and check choose for a seeds folder', () => {
  it('grows with the folder, never past three quarters of the machine', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 5_000_000 }),
        fc.nat({ max: 5_000_000 }),
        fc.integer({ min: 1, max: 512 }),
        (a, b, memoryGiB) => {
          const memory = memoryGiB * GiB;
          const [small, large] = a <= b ? [a, b] : [b, a];
          expect(heapLimitMiB(small, memory)).toBeLessThanOrEqual(heapLimitMiB(large, memory));
          expect(heapLimitMiB(large, memory)).toBeLessThanOrEqual((memory * 0.75) / 1024 ** 2);
        },
      ),
    );
  });

  it('gives a million files on this 24 GiB machine room for a peak of twice the measured heap', () => {
    const limit = heapLimitMiB(1_000_000, 24 * GiB) * 1024 ** 2;
    expect(limit).toBeGreaterThanOrEqual(1_000_000 * HEAP_BYTES_PER_FILE);
    expect(HEAP_BYTES_PER_FILE).toBeGreaterThanOrEqual(2 * 5_200);
  });
});
