import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundCacheControl } from '../../src/server/http/cache-control.ts';

const seconds = (value: string, name: string) =>
  Number(new RegExp(`${name}=(\\d+)`).exec(value)?.[1] ?? 'NaN');

describe('Cache-Control bounded by the next transition', () => {
  it('keeps every lifetime, stale ones included, within the time left', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 86_400 }),
        fc.nat({ max: 86_400 }),
        fc.nat({ max: 86_400 }),
        fc.nat({ max: 100_000_000 }),
        (maxAge, sMaxAge, stale, remainingMs) => {
          const value = `public, max-age=${maxAge}, s-maxage=${sMaxAge}, stale-while-revalidate=${stale}`;
          const bounded = boundCacheControl(value, remainingMs);
          const left = Math.floor(remainingMs / 1000);
          const fresh = Math.max(seconds(bounded, 'max-age'), seconds(bounded, 's-maxage'));
          expect(seconds(bounded, 'max-age')).toBe(Math.min(maxAge, left));
          expect(seconds(bounded, 's-maxage')).toBe(Math.min(sMaxAge, left));
          expect(fresh + seconds(bounded, 'stale-while-revalidate')).toBeLessThanOrEqual(left);
          expect(bounded.startsWith('public, ')).toBe(true);
        },
      ),
    );
  });

  it('leaves the configured value alone when nothing is scheduled', () => {
    expect(boundCacheControl('public, max-age=60', null)).toBe('public, max-age=60');
    expect(boundCacheControl('no-store', 5_000)).toBe('no-store');
  });
});
