import { z } from 'zod';
import type { ArticleRecord } from '../content/records.ts';

export const TRENDING_HALF_LIFE_ENV = 'NEWSGRAPH_TRENDING_HALF_LIFE_HOURS';
export const TRENDING_NOW_ENV = 'NEWSGRAPH_TRENDING_NOW';
export const DEFAULT_TRENDING_HALF_LIFE_HOURS = 24;
/** Ten years: beyond that heat alone decides and the decay is noise. */
export const MAX_TRENDING_HALF_LIFE_HOURS = 87_600;
const HOUR_MS = 3_600_000;
/** The rank of an article without heat (or heat 0): after every article with some. */
export const NO_TREND = -Number.MAX_VALUE;

const halfLifeSchema = z.coerce.number().positive().max(MAX_TRENDING_HALF_LIFE_HOURS);
const nowSchema = z.iso.datetime({ offset: true }).transform((value) => new Date(value));

/**
 * The trending part of the server configuration (merged into serverConfigSchema), so `serve`
 * refuses a bad value with the rest of its configuration, before any snapshot is sorted.
 * The order itself reads the same variables (trendingSettings): every snapshot, whoever builds
 * it, must sort with one half-life.
 */
export const trendingConfigShape = {
  trendingHalfLifeHours: halfLifeSchema.optional(),
  trendingNow: nowSchema.optional(),
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
  {
    flag: undefined,
    env: TRENDING_NOW_ENV,
    key: 'trendingNow',
    default: 'the newest article',
    help: 'ISO date-time trending scores are shown at',
  },
] as const;

export interface TrendingSettings {
  readonly halfLifeHours: number;
  /** The instant ages are measured from; null: the newest article of the snapshot. */
  readonly now: Date | null;
}

/** Reads and validates the trending settings; a bad value is refused, naming the variable. */
export function trendingSettingsFrom(env: NodeJS.ProcessEnv): TrendingSettings {
  const rawHalfLife = env[TRENDING_HALF_LIFE_ENV];
  const rawNow = env[TRENDING_NOW_ENV];
  const halfLife = rawHalfLife ? halfLifeSchema.safeParse(rawHalfLife) : undefined;
  if (halfLife && !halfLife.success) {
    throw new Error(
      `${TRENDING_HALF_LIFE_ENV} must be a number of hours above 0 and at most ` +
        `${MAX_TRENDING_HALF_LIFE_HOURS}.`,
    );
  }
  const now = rawNow ? nowSchema.safeParse(rawNow) : undefined;
  if (now && !now.success) {
    throw new Error(`${TRENDING_NOW_ENV} must be an ISO 8601 date-time with a time zone.`);
  }
  return {
    halfLifeHours: halfLife?.data ?? DEFAULT_TRENDING_HALF_LIFE_HOURS,
    now: now?.data ?? null,
  };
}

let settings: TrendingSettings | undefined;

/**
 * Read once, on first use (not at import, so a bad value is reported as configuration, not as
 * a crash while loading modules): the TRENDING order of every snapshot, and its cursors, depend
 * on the half-life.
 */
export function trendingSettings(): TrendingSettings {
  settings ??= trendingSettingsFrom(process.env);
  return settings;
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
  halfLifeHours = trendingSettings().halfLifeHours,
): number {
  if (article.heat === null || article.heat <= 0) return NO_TREND;
  return Math.log2(article.heat) + article.publishedDateTime.getTime() / (halfLifeHours * HOUR_MS);
}

/**
 * The trending score itself, for display: heat decayed by the article's age at `now`. It falls
 * below the smallest double (to 0) after about 1,070 half-lives; the order, kept in log form,
 * still ranks such articles.
 */
export function trendingScore(
  article: ArticleRecord,
  now: Date,
  halfLifeHours = trendingSettings().halfLifeHours,
): number {
  if (article.heat === null || article.heat <= 0) return 0;
  const ageHours = (now.getTime() - article.publishedDateTime.getTime()) / HOUR_MS;
  return article.heat * 2 ** (-ageHours / halfLifeHours);
}

/**
 * The `now` scores are shown at: NEWSGRAPH_TRENDING_NOW when set, else the newest publication
 * time among the articles. A static corpus of old news then still has a meaningful spread of
 * scores (its newest story is "now"), and the same snapshot always shows the same numbers.
 */
export function trendingNow(
  articles: readonly ArticleRecord[],
  configured: Date | null = trendingSettings().now,
): Date {
  if (configured) return configured;
  let newest = Number.NEGATIVE_INFINITY;
  for (const article of articles) {
    newest = Math.max(newest, article.publishedDateTime.getTime());
  }
  return new Date(Number.isFinite(newest) ? newest : 0);
}

/** Descending rank, then key ascending: the TRENDING order (for another half-life if given). */
export function trendingComparator(halfLifeHours?: number) {
  return (a: ArticleRecord, b: ArticleRecord): number => {
    const halfLife = halfLifeHours ?? trendingSettings().halfLifeHours;
    const diff = trendingRank(b, halfLife) - trendingRank(a, halfLife);
    if (diff !== 0) return diff;
    return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
  };
}

/** The TRENDING order with the configured half-life. */
export const compareTrending = trendingComparator();
