import { ContentStore } from '../../src/corpus/store.ts';
import {
  fixtureSeeds,
  loadFromSeeds,
  type SeedObject,
  sourceUrlOf,
} from '../fixtures/graph-corpus.ts';
import { ManualClock } from '../fixtures/manual-clock.ts';

/** The clock starts here; the embargo lifts ten minutes later and the article expires an hour on. */
export const START = Date.parse('2025-03-01T09:00:00Z');
export const PUBLISH_AT = START + 10 * 60_000;
export const EXPIRES_AT = PUBLISH_AT + 60 * 60_000;

export const TIMED_KEY = 'timed';
export const TIMED_PROVIDER = { name: 'Timed Wire', domain: 'timed.example' };
export const TIMED_TOPIC = 'Zeppelin Launch';
export const TIMED_CATEGORY = 'embargoed-category';
export const TIMED_WORD = 'zeppelin';
export const LINKING_KEY = 'a04';
export const STORY_KEY = 'a05';

/**
 * The graph fixture plus one embargoed, expiring article that is the only one with its provider,
 * topic and category, the newest and hottest (first by date, TRENDING and update), linked from
 * a04's related coverage (so it joins that story) and findable by a word nobody else uses.
 */
export function editorialSeeds(timed: Partial<SeedObject> = {}): Map<string, SeedObject> {
  const seeds = fixtureSeeds();
  const linking = seeds.get(LINKING_KEY) as SeedObject;
  seeds.set(LINKING_KEY, {
    ...linking,
    related: [
      ...(linking.related as unknown[]),
      { title: 'Timed coverage', sourceUrl: sourceUrlOf(TIMED_KEY) },
    ],
  });
  seeds.set(TIMED_KEY, {
    category: TIMED_CATEGORY,
    type: 'article',
    title: 'Zeppelin lands on the river',
    excerpt: 'Wire copy under embargo',
    publishedDateTime: new Date(PUBLISH_AT).toISOString(),
    publishAt: new Date(PUBLISH_AT).toISOString(),
    expiresAt: new Date(EXPIRES_AT).toISOString(),
    updatedDateTime: new Date(PUBLISH_AT + 5 * 60_000).toISOString(),
    corrections: [
      { at: new Date(PUBLISH_AT + 6 * 60_000).toISOString(), text: 'Fixed the river.' },
    ],
    sourceUrl: sourceUrlOf(TIMED_KEY),
    quality: 100,
    heat: 100,
    published: true,
    provider: TIMED_PROVIDER,
    topics: [TIMED_TOPIC],
    images: [],
    related: [{ title: 'Background', sourceUrl: sourceUrlOf(STORY_KEY) }],
    ...timed,
  });
  return seeds;
}

export function editorialStore(start = START, seeds = editorialSeeds()) {
  const clock = new ManualClock(start);
  const store = new ContentStore(loadFromSeeds(seeds), { clock });
  return { clock, store };
}

export const globalId = (type: string, id: string) =>
  Buffer.from(`${type}:${id}`).toString('base64');
