import { z } from 'zod';
import type { ArticleRecord } from './records.ts';

export const TRENDING_HALF_LIFE_ENV = 'NEWSGRAPH_TRENDING_HALF_LIFE_HOURS';
export const DEFAULT_TRENDING_HALF_LIFE_HOURS = 24;
/** Ten years: beyond that heat alone decides and the decay is noise. */
export const MAX_TRENDING_HALF_LIFE_HOURS = 87_600;
const HOUR_MS = 3_600_000;
/** The rank of an article without heat (or heat 0): after every article with some. */
export const NO_TREND = -Number.MAX_VALUE;

const halfLifeSchema = z.coerce.number().positive().max(MAX_TRENDING_HALF_LIFE_HOURS);

/**
 * The trending part of the server configuration (merged into serverConfigSchema), so `serve`
 * refuses a bad value with the rest of its configuration, before any snapshot is sorted.
 */
export const trendingConfigShape = {
  trendingHalfLifeHours: halfLifeSchema.default(DEFAULT_TRENDING_HALF_LIFE_HOURS),
};

/** Environment variables of the trending settings, for `--help` and the README. */
export const TRENDING_CONFIG_SOURCES = [
  {
    flag: undefined,
    env: TRENDING_HALF_LIFE_ENV,
    key: 'trendingHalfLifeHours',
    default: `${DEFAULT_TRENDING_HALF_LIFE_HOURS}`,
    help: `TRENDING half-life in hours`,
  },
] as const;

let configuredHalfLifeHours = DEFAULT_TRENDING_HALF_LIFE_HOURS;

/**
 * Sets the half-life every snapshot sorts TRENDING with; the server's configuration calls it once
 * at start, before the first snapshot is built. One value per process, because the order and
 * the keyset cursors over it must agree across every snapshot, whoever builds it.
 */
export function setTrendingHalfLife(hours: number): void {
  configuredHalfLifeHours = hours;
}

/**
 * trending = heat × 2^(−age / halfLife), age = now − publishedDateTime.
 *
 * Its log is log2(heat) − now/halfLife + published/halfLife: `now` shifts every article by the
 * same amount, so the order never depends on it. This rank (the log without the `now` term) is
 * what TRENDING sorts by: fixed per article, hence a stable total order (ties by key) whose
 * keyset cursors survive reloads and the passing of time.
 */
export function trendingRank(
  article: ArticleRecord,
  halfLifeHours = configuredHalfLifeHours,
): number {
  if (article.heat === null || article.heat <= 0) return NO_TREND;
  return Math.log2(article.heat) + article.publishedDateTime.getTime() / (halfLifeHours * HOUR_MS);
}

/** Descending rank, then key ascending: the TRENDING order (for another half-life if given). */
export function trendingComparator(halfLifeHours?: number) {
  return (a: ArticleRecord, b: ArticleRecord): number => {
    const halfLife = halfLifeHours ?? configuredHalfLifeHours;
    const diff = trendingRank(b, halfLife) - trendingRank(a, halfLife);
    if (diff !== 0) return diff;
    return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
  };
}

/** The TRENDING order with the configured half-life. */
export const compareTrending = trendingComparator();
