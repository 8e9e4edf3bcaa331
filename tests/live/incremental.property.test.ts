import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { type ContentError, ContentErrorCode } from '../../src/content/errors.ts';
import type { ArticleRecord } from '../../src/content/records.ts';
import { type ChangeSet, hasChanges, sameArticle } from '../../src/corpus/changes.ts';
import type { Corpus } from '../../src/corpus/corpus.ts';
import { hasTimes, statusAt } from '../../src/corpus/editorial.ts';
import { ArticleOrderField } from '../../src/corpus/records.ts';
import type { CorpusView } from '../../src/corpus/view.ts';
import { Reloader } from '../../src/live/reloader.ts';
import { type SeedObject, seedText, writeSeedsFolder } from '../fixtures/graph-corpus.ts';
import { ManualClock } from '../fixtures/manual-clock.ts';
import { createHarness } from '../graph/harness.ts';
import { BROKEN_TEXT } from './folder.ts';

/**
 * Applying any sequence of file changes and clock moves one reload at a time must give the very
 * snapshot a load of the final folder from scratch gives: the incremental derivation (sorted
 * lists, lookups, provider/topic references, duplicate resolution, problems, transitions) is
 * checked against the build it replaces, at the corpus and through GraphQL.
 */

const BASE = Date.parse('2025-06-01T12:00:00Z');
const MINUTE = 60_000;
/** Few names, two extensions: `n1.txt` and `n1.md` claim the same key. */
const NAMES = ['n0', 'n1', 'n2', 'n3', 'n4', 'n5'].flatMap((n) => [`${n}.txt`, `${n}.md`]);
/** Few sourceUrls: files clash on them too. */
const urlOf = (i: number) => `https://prop.example/u${i}`;
const URLS = 8;
/** Same domain, two spellings: the name comes from the first file, by file name. */
const PROVIDERS = [
  { name: 'North Wire', domain: 'north.example' },
  { name: 'North Wire Ltd', domain: 'north.example' },
  { name: 'South Post', domain: 'south.example' },
  { name: 'East Daily', domain: 'east.example' },
];
/** Known only through related coverage, in two spellings. */
const RELATED_PROVIDERS = [
  ...PROVIDERS,
  { name: 'Side Wire', domain: 'side.example' },
  { name: 'Side', domain: 'side.example' },
];
const TOPICS = ['Rivers', 'rivers', 'Mountains', 'Cities'];
const WORDS = ['alpha', 'bravo', 'charlie', 'delta'];

interface Spec {
  readonly url: number;
  readonly published: boolean;
  readonly age: number;
  readonly embargo: number | null;
  readonly life: number | null;
  readonly heat: number | null;
  readonly quality: number | null;
  readonly provider: number;
  readonly topics: readonly number[];
  readonly words: readonly number[];
  readonly related: readonly { url: number; provider: number | null }[];
  readonly updated: number | null;
}

const specArb: fc.Arbitrary<Spec> = fc.record({
  url: fc.nat({ max: URLS - 1 }),
  published: fc.nat({ max: 4 }).map((n) => n > 0),
  age: fc.nat({ max: 3 * 24 * 60 }),
  embargo: fc.option(fc.integer({ min: -60, max: 600 }), { nil: null, freq: 3 }),
  life: fc.option(fc.integer({ min: 1, max: 900 }), { nil: null, freq: 3 }),
  heat: fc.option(fc.nat({ max: 5 }), { nil: null }),
  quality: fc.option(fc.nat({ max: 3 }), { nil: null }),
  provider: fc.nat({ max: PROVIDERS.length - 1 }),
  topics: fc.uniqueArray(fc.nat({ max: TOPICS.length - 1 }), {
    maxLength: 2,
    selector: (t) => (TOPICS[t] as string).toLowerCase(),
  }),
  words: fc.uniqueArray(fc.nat({ max: WORDS.length - 1 }), { minLength: 1, maxLength: 2 }),
  related: fc.array(
    fc.record({
      url: fc.nat({ max: URLS - 1 }),
      provider: fc.option(fc.nat({ max: RELATED_PROVIDERS.length - 1 }), { nil: null }),
    }),
    { maxLength: 2 },
  ),
  updated: fc.option(fc.nat({ max: 600 }), { nil: null }),
});

const DUPLICATES = new Set<string>([
  ContentErrorCode.DuplicateKey,
  ContentErrorCode.DuplicateSourceUrl,
]);

const iso = (ms: number) => new Date(ms).toISOString();

function seedOf(spec: Spec): SeedObject {
  const date = BASE - spec.age * MINUTE;
  const publishAt = spec.embargo === null ? null : BASE + spec.embargo * MINUTE;
  const publication = Math.max(publishAt ?? date, date);
  return {
    category: 'news',
    type: 'article',
    title: spec.words.map((w) => WORDS[w]).join(' '),
    publishedDateTime: iso(date),
    ...(publishAt === null ? {} : { publishAt: iso(publishAt) }),
    ...(spec.life === null ? {} : { expiresAt: iso(publication + spec.life * MINUTE) }),
    ...(spec.updated === null ? {} : { updatedDateTime: iso(date + spec.updated * MINUTE) }),
    sourceUrl: urlOf(spec.url),
    ...(spec.heat === null ? {} : { heat: spec.heat }),
    ...(spec.quality === null ? {} : { quality: spec.quality * 10 }),
    published: spec.published,
    provider: PROVIDERS[spec.provider],
    topics: spec.topics.map((t) => TOPICS[t]),
    related: spec.related.map((r, i) => ({
      title: `Related ${i}`,
      sourceUrl: urlOf(r.url),
      ...(r.provider === null ? {} : { provider: RELATED_PROVIDERS[r.provider] }),
    })),
  };
}

type Op =
  | { readonly kind: 'write'; readonly name: string; readonly spec: Spec; readonly now: boolean }
  | { readonly kind: 'delete'; readonly name: string; readonly now: boolean }
  | { readonly kind: 'break'; readonly name: string; readonly now: boolean }
  | { readonly kind: 'toggle'; readonly name: string; readonly now: boolean }
  | { readonly kind: 'clock'; readonly minutes: number };

const name = fc.constantFrom(...NAMES);
/** `now`: reload at once; otherwise the name waits and goes with a later reload (a batch). */
const now = fc.nat({ max: 3 }).map((n) => n > 0);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({ kind: fc.constant('write' as const), name, spec: specArb, now }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), name, now }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('break' as const), name, now }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('toggle' as const), name, now }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('clock' as const), minutes: fc.nat({ max: 400 }) }),
  },
);

/** A view as plain data: every list and lookup, with records named by file. */
function viewShape(view: CorpusView) {
  const files = (list: Iterable<ArticleRecord>) => [...list].map((a) => a.file);
  const sortedEntries = <V>(map: ReadonlyMap<string, V>, show: (v: V) => unknown) =>
    [...map].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, show(v)]);
  return {
    articles: files(view.articles),
    size: view.size,
    ordered: Object.values(ArticleOrderField).map((field) => files(view.ordered[field])),
    byKey: sortedEntries(view.byKey, (a) => a.file),
    byKeySize: view.byKey.size,
    bySourceUrl: sortedEntries(view.bySourceUrl, (a) => a.file),
    providers: sortedEntries(view.providers, (p) => p),
    providersSize: view.providers.size,
    providerList: view.providerList,
    topics: sortedEntries(view.topics, (t) => t),
    topicList: view.topicList,
    byProvider: sortedEntries(view.byProvider, files),
    byTopic: sortedEntries(view.byTopic, files),
  };
}

function corpusShape(corpus: Corpus) {
  return {
    preview: viewShape(corpus.preview),
    public: viewShape(corpus.public),
    errors: corpus.errors,
    warnings: corpus.warnings,
    files: corpus.files,
    nextTransition: corpus.nextTransition,
    // Kept by each swap from the delta (a status never scans): must equal the from-scratch scan.
    counts: corpus.counts,
  };
}

/** What changed between two snapshots, found the slow way: every key of both. */
function diffOf(previous: Corpus, next: Corpus) {
  const keys = (
    a: CorpusView,
    b: CorpusView,
    same: (x: ArticleRecord, y: ArticleRecord) => boolean,
  ) => {
    const added = [...b.byKey.keys()].filter((k) => !a.byKey.has(k)).sort();
    const removed = [...a.byKey.keys()].filter((k) => !b.byKey.has(k)).sort();
    const updated = [...b.byKey]
      .filter(([k, r]) => {
        const before = a.byKey.get(k);
        if (before === undefined) return false;
        const moved =
          same === sameArticle &&
          hasTimes(r) &&
          statusAt(r, previous.asOf.getTime()) !== statusAt(r, next.asOf.getTime());
        return !same(before, r) || moved;
      })
      .map(([k]) => k)
      .sort();
    return { added, updated, removed };
  };
  const publicSame = (x: ArticleRecord, y: ArticleRecord) =>
    sameArticle({ ...x, secured: null }, { ...y, secured: null });
  return {
    preview: keys(previous.preview, next.preview, sameArticle),
    public: keys(previous.public, next.public, publicSame),
  };
}

/** Split so that each stays under the operation cost limit. */
const QUERIES = [
  /* GraphQL */ `
  query ($word: String!) {
    articles(first: 15) {
      totalCount
      edges { node { key title provider { domain name } topics { name } } }
      facets {
        total
        categories(first: 10) { value count }
        providers(first: 10) { value count }
        topics(first: 10) { value count }
      }
    }
    heat: articles(first: 15, orderBy: { field: HEAT }) { edges { node { key } } }
    quality: articles(first: 15, orderBy: { field: QUALITY }) { edges { node { key } } }
    updated: articles(first: 15, orderBy: { field: UPDATED_DATE_TIME }) { edges { node { key } } }
    trending: articles(first: 15, orderBy: { field: TRENDING }) { edges { node { key } } }
    search(query: $word) { totalCount edges { node { key } } facets { total } }
  }`,
  /* GraphQL */ `{
    providers(first: 10) {
      totalCount
      edges { node { domain name articles(first: 15) { totalCount edges { node { key } } } } }
    }
    topics(first: 10) {
      totalCount
      edges { node { name articles(first: 15) { totalCount edges { node { key } } } } }
    }
  }`,
  /* GraphQL */ `{
    articles(first: 15) {
      edges { node { key coverage { articleCount articles { key } providers { domain name } } } }
    }
  }`,
  // A provider's or topic's list in another order is sorted once per list and kept while the
  // list lives: these must follow every change as a fresh load does.
  /* GraphQL */ `{
    providers(first: 10) {
      edges { node { domain articles(first: 15, orderBy: { field: HEAT, direction: ASC }) { totalCount edges { node { key } } } } }
    }
    topics(first: 10) {
      edges { node { name articles(first: 15, orderBy: { field: QUALITY }) { totalCount edges { node { key } } } } }
    }
  }`,
];

const folders: string[] = [];
afterAll(async () => {
  for (const dir of folders) await rm(dir, { recursive: true, force: true });
});

describe('incremental snapshots (property)', () => {
  it('equal a load of the final folder from scratch, after any sequence of changes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(name, specArb), { maxLength: 6 }),
        fc.array(opArb, { minLength: 1, maxLength: 14 }),
        fc.nat({ max: WORDS.length - 1 }),
        async (initial, ops, word) => {
          const seeds = new Map<string, Spec | 'broken'>();
          // What a file serves while broken: the last good version a reload read (none once a
          // reload saw it deleted).
          const lastGood = new Map<string, Spec>();
          const read = (file: string) => {
            const spec = seeds.get(file);
            if (spec === undefined) lastGood.delete(file);
            else if (spec !== 'broken') lastGood.set(file, spec);
          };
          for (const [file, spec] of initial) seeds.set(file, spec);
          const dir = await writeSeedsFolder(new Map());
          folders.push(dir);
          const put = async (file: string, spec: Spec | 'broken') => {
            seeds.set(file, spec);
            await writeFile(
              path.join(dir, file),
              spec === 'broken' ? BROKEN_TEXT : seedText(seedOf(spec)),
            );
          };
          for (const [file, spec] of seeds) await put(file, spec);
          for (const file of seeds.keys()) read(file);
          const clock = new ManualClock(BASE);
          const reloader = await Reloader.open({ root: dir, clock, parallel: false });
          const { store } = reloader;

          // Every swap: the change set equals a slow diff, and versions tell subscribers exactly
          // whether they missed anything.
          let lastPreviewEvent = store.current.version;
          let lastPublicEvent = store.current.publicVersion;
          const problems: string[] = [];
          store.onSwap((next, previous, changes: ChangeSet) => {
            const slow = diffOf(previous, next);
            if (JSON.stringify(slow.preview) !== JSON.stringify(changes.preview)) {
              problems.push(
                `preview change set ${JSON.stringify(changes.preview)} != ${JSON.stringify(slow.preview)}`,
              );
            }
            if (JSON.stringify(slow.public) !== JSON.stringify(changes.public)) {
              problems.push(
                `public change set ${JSON.stringify(changes.public)} != ${JSON.stringify(slow.public)}`,
              );
            }
            if (hasChanges(changes.preview)) {
              if (changes.previousPreviewEventVersion !== lastPreviewEvent)
                problems.push('preview gap');
              lastPreviewEvent = changes.version;
            }
            const publicMoved = hasChanges(changes.public);
            if (changes.publicVersion !== lastPublicEvent + (publicMoved ? 1 : 0)) {
              problems.push('public version moved without a public change, or skipped');
            }
            if (publicMoved && changes.previousPublicVersion !== lastPublicEvent)
              problems.push('public gap');
            lastPublicEvent = changes.publicVersion;
          });

          const pending = new Set<string>();
          const flush = async () => {
            if (pending.size === 0) return;
            const names = [...pending];
            pending.clear();
            for (const file of names) read(file);
            await reloader.update(names);
          };
          for (const op of ops) {
            if (op.kind === 'clock') {
              clock.set(clock.now() + op.minutes * MINUTE);
              continue;
            }
            const current = seeds.get(op.name);
            if (op.kind === 'write') await put(op.name, op.spec);
            else if (op.kind === 'break') await put(op.name, 'broken');
            else if (op.kind === 'toggle') {
              if (current === undefined || current === 'broken') continue;
              await put(op.name, { ...current, published: !current.published });
            } else {
              if (current === undefined) continue;
              seeds.delete(op.name);
              await rm(path.join(dir, op.name));
            }
            pending.add(op.name);
            if (op.now) await flush();
          }
          await flush();
          expect(problems).toEqual([]);

          // From scratch: the final folder for what each file says (its errors and warnings), and
          // the folder as served (a broken file as its last good version) for the records.
          const open = (root: string) =>
            Reloader.open({ root, clock: new ManualClock(clock.now()), parallel: false });
          const final = await open(dir);
          const served = new Map<string, SeedObject>();
          for (const [file, spec] of seeds) {
            const good = spec === 'broken' ? lastGood.get(file) : spec;
            if (good) served.set(file, seedOf(good));
          }
          const servedDir = await writeSeedsFolder(new Map());
          folders.push(servedDir);
          for (const [file, seed] of served)
            await writeFile(path.join(servedDir, file), seedText(seed));
          for (const file of seeds.keys()) {
            if (!served.has(file)) await writeFile(path.join(servedDir, file), BROKEN_TEXT);
          }
          const scratch = await open(servedDir);
          const incremental = store.current;
          const own = (e: ContentError) => !DUPLICATES.has(e.code);
          const expected = corpusShape(scratch.store.current);
          const errors = [
            ...final.store.current.errors.filter(own),
            ...expected.errors.filter((e) => !own(e)),
          ];
          expect(corpusShape(incremental)).toEqual({
            ...expected,
            errors: errors.sort((a, b) =>
              a.file < b.file ? -1 : a.file > b.file ? 1 : own(a) ? -1 : 1,
            ),
            warnings: final.store.current.warnings,
          });
          final.store.close();
          const variables = { word: WORDS[word] };
          const one = createHarness({ store });
          const other = createHarness({ store: scratch.store });
          for (const preview of [false, true]) {
            for (const query of QUERIES) {
              const [a, b] = await Promise.all([
                one.run(query, variables, preview),
                other.run(query, variables, preview),
              ]);
              expect(a.errors).toBeUndefined();
              expect(a).toEqual(b);
            }
          }
          store.close();
          scratch.store.close();
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000);
});
