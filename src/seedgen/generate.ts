import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { newsStory } from './headlines.ts';
import { type Random, streamFor } from './random.ts';
import {
  CATEGORIES,
  PROVIDERS,
  type ProviderStock,
  RELATED_ONLY_PROVIDERS,
  TOPICS,
  TYPES,
} from './vocabulary.ts';

export interface GenerateOptions {
  readonly count: number;
  /** Same seed, same bytes. Default 1. */
  readonly seed?: number;
  /** Share of drafts (`published: false`) among the valid files. Default 0.05. */
  readonly draftShare?: number;
  /** Share of deliberately broken files. Default 0. */
  readonly brokenShare?: number;
  /**
   * Share of published files with editorial time, cycling through EDITORIAL_KINDS: embargoed
   * (publishAt) or expiring (expiresAt) within a week after `editorialNow`, updated
   * (updatedDateTime), corrected (corrections). Default 0.
   */
  readonly editorialShare?: number;
  /** The instant embargoes and expiries are placed after. Default DEFAULT_EDITORIAL_NOW. */
  readonly editorialNow?: Date;
}

/** The editorial-time variants `editorialShare` cycles through. */
export const EDITORIAL_KINDS = ['embargoed', 'expiring', 'updated', 'corrected'] as const;
export type EditorialKind = (typeof EDITORIAL_KINDS)[number];

/** The ways a generated file is broken on purpose; each maps to one ContentError code. */
export const BROKEN_KINDS = [
  'yaml-syntax',
  'missing-field',
  'wrong-type',
  'score-out-of-range',
  'bad-url',
  'bad-date',
  'bad-secured',
  'no-front-matter',
  'unclosed-front-matter',
  'js-engine',
  'yaml-alias',
  'proto-key',
  'deep-nesting',
  'not-utf8',
  'empty',
  'duplicate-source-url',
  'expiry-before-publication',
  'correction-before-publication',
  'time-without-zone',
] as const;
export type BrokenKind = (typeof BROKEN_KINDS)[number];

export interface GeneratedSeed {
  /** `NNNNNN_<16 hex>.txt`, like the real sample. */
  readonly name: string;
  readonly text: string;
  /** `latin1` only for the `not-utf8` kind: written that way, its bytes are not valid UTF-8. */
  readonly encoding: 'utf8' | 'latin1';
  readonly key: string;
  readonly sourceUrl: string;
  readonly draft: boolean;
  readonly broken: BrokenKind | null;
  /** True when the file carries a key the format does not know (a warning, not an error). */
  readonly unknownKey: boolean;
  /** Its editorial-time variant, null for none. */
  readonly editorial: EditorialKind | null;
  /** When its visibility changes (the embargo lifts or it expires); null for never. */
  readonly transitionAt: Date | null;
}

export const DEFAULT_SEED = 1;
export const DEFAULT_DRAFT_SHARE = 0.05;
const UNKNOWN_KEY_SHARE = 0.01;
const STORY_SPAN = 25;
const MIN_DATE = Date.UTC(2018, 0, 1);
const DATE_SPAN_MINUTES = 8 * 365 * 24 * 60;
/** Just after the newest generated publication time, so every embargo and expiry is ahead. */
export const DEFAULT_EDITORIAL_NOW = new Date(MIN_DATE + (DATE_SPAN_MINUTES + 1) * 60_000);
const WEEK_MINUTES = 7 * 24 * 60;
/** What generated corrections say was wrong. */
const CORRECTED_FACTS = ['a date', 'a name', 'a figure', 'a title', 'a location'] as const;

/** What any article of a run is, computable from its index alone (related links need it). */
interface Core {
  readonly index: number;
  readonly key: string;
  readonly provider: ProviderStock;
  readonly title: string;
  readonly excerpt: string;
  /** What the story is about: its first topics and its category. */
  readonly subjects: readonly string[];
  readonly category: string;
  readonly date: Date;
  readonly sourceUrl: string;
  readonly type: string;
  readonly quality: number;
  readonly imageUrl: string;
}

const coreCache = new Map<string, Core>();

function coreOf(seed: number, index: number): Core {
  const cacheKey = `${seed}:${index}`;
  const cached = coreCache.get(cacheKey);
  if (cached) return cached;
  const rng = streamFor(seed, index * 2);
  const hex = Buffer.from(rng.bytes(8)).toString('hex');
  const key = `${String(index).padStart(6, '0')}_${hex}`;
  const provider = rng.pickSkewed(PROVIDERS);
  const { title, excerpt, topics: subjects, category } = newsStory(rng);
  const date = new Date(MIN_DATE + rng.int(0, DATE_SPAN_MINUTES) * 60_000);
  const slug = slugOf(title);
  const month = date.toISOString().slice(0, 7);
  const core: Core = {
    index,
    key,
    provider,
    title,
    excerpt,
    subjects,
    category,
    date,
    sourceUrl: `https://${provider.domain}/news/${month}-${slug}-${hex.slice(0, 6)}.html`,
    type: rng.pick(TYPES),
    quality: rng.int(0, 100),
    imageUrl: `https://cdn.${provider.domain}/gfx/${month}/${hex.slice(6)}-${slug}.jpg`,
  };
  if (coreCache.size > 4096) coreCache.clear();
  coreCache.set(cacheKey, core);
  return core;
}

/** The first six words of a headline as a URL path segment: lower case, letters and digits. */
function slugOf(title: string): string {
  return title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9 ]+/g, '')
    .split(' ')
    .filter((word) => word !== '')
    .slice(0, 6)
    .join('-');
}

const quoted = (value: string): string => JSON.stringify(value);
const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
const isoDate = (date: Date): string => date.toISOString().replace('.000Z', 'Z');

function dateLine(rng: Random, indent: string, date: Date): string {
  const value = isoDate(date);
  return `${indent}publishedDateTime: ${rng.chance(0.5) ? quoted(value) : value}`;
}

/** The valid front matter of article `index`, as lines (without the `---` fences). */
function articleLines(seed: number, count: number, core: Core, draft: boolean): string[] {
  const rng = streamFor(seed, core.index * 2 + 1);
  const amp = core.sourceUrl.replace(/\.html$/, '.amp');
  // Mostly the story's own category; sometimes another, as desks file stories differently.
  const category = rng.chance(0.8) ? core.category : rng.pick(CATEGORIES);
  const lines = [`category: ${category}`, `title: ${quoted(core.title)}`];
  if (rng.chance(0.9)) lines.push(`excerpt: ${quoted(core.excerpt)}`);
  lines.push(dateLine(rng, '', core.date), `sourceUrl: ${core.sourceUrl}`);
  if (rng.chance(0.8)) lines.push(`ampUrl: ${amp}`);
  if (rng.chance(0.7)) {
    const cdnHost = `${core.provider.domain.replaceAll('.', '-')}.cdn.ampproject.org`;
    lines.push(`cdnAmpUrl: https://${cdnHost}/c/s/${amp.slice('https://'.length)}`);
  }
  lines.push(`type: ${core.type}`);
  if (rng.chance(0.95)) lines.push(`quality: ${core.quality}`);
  if (rng.chance(0.85)) lines.push(`heat: ${rng.int(0, 100)}`);
  lines.push(`published: ${!draft}`, '');
  lines.push('provider:', `  name: ${core.provider.name}`, `  domain: ${core.provider.domain}`);
  lines.push('', 'topics:');
  // The story's subjects first, then related and popular ones, so topic pages make sense.
  const topics = new Set<string>(core.subjects.slice(0, rng.int(1, core.subjects.length)));
  const topicCount = Math.max(topics.size, rng.int(1, 5));
  while (topics.size < topicCount) topics.add(rng.pickSkewed(TOPICS));
  for (const topic of topics) lines.push(`  - ${topic}`);

  const imageCount = rng.chance(0.1) ? 0 : rng.int(1, 2);
  lines.push('', imageCount === 0 ? 'images: []' : 'images:');
  for (let i = 0; i < imageCount; i++) {
    const url = i === 0 ? core.imageUrl : core.imageUrl.replace(/\.jpg$/, `-${i}.jpg`);
    lines.push(`  - url: ${url}`, `    width: ${rng.pick([640, 1200, 1920])}`);
    lines.push(`    height: ${rng.pick([360, 630, 960])}`, `    title: ${quoted(core.title)}`);
  }

  const relatedCount = rng.chance(0.1) ? 0 : rng.int(1, 3);
  lines.push('', relatedCount === 0 ? 'related: []' : 'related:');
  for (let i = 0; i < relatedCount; i++) lines.push(...relatedLines(rng, seed, count, core));

  if (rng.chance(0.9)) {
    const blob = `${base64(rng.bytes(rng.int(96, 176)))};${base64(rng.bytes(16))}`;
    lines.push('', `secured: ${quoted(blob)}`);
  }
  return lines;
}

/** Mostly coverage of the same story by another generated article; sometimes an outside link. */
function relatedLines(rng: Random, seed: number, count: number, core: Core): string[] {
  const internal = count > 1 && rng.chance(0.75);
  let target: Core;
  let provider: ProviderStock;
  if (internal) {
    const offset = rng.int(1, Math.min(STORY_SPAN, count - 1)) * (rng.chance(0.5) ? 1 : -1);
    const index = (((core.index + offset) % count) + count) % count;
    target = coreOf(seed, index === core.index ? (index + 1) % count : index);
    provider = target.provider;
  } else {
    provider = rng.pick(RELATED_ONLY_PROVIDERS);
    const outside = streamFor(seed ^ 0x5bd1e995, rng.int(0, 0x7fffffff));
    const { title, excerpt } = newsStory(outside);
    const slug = slugOf(title);
    target = {
      ...core,
      provider,
      title,
      excerpt,
      date: new Date(core.date.getTime() + rng.int(-72, 72) * 3_600_000),
      sourceUrl: `https://www.${provider.domain}/news/${slug}`,
      imageUrl: `https://img.${provider.domain}/${slug}.jpg`,
    };
  }
  const lines = [`  - title: ${quoted(target.title)}`];
  if (rng.chance(0.85)) lines.push(`    excerpt: ${quoted(target.excerpt)}`);
  lines.push(dateLine(rng, '    ', target.date), `    sourceUrl: ${target.sourceUrl}`);
  lines.push(`    type: ${target.type}`);
  lines.push('    provider:', `      name: ${provider.name}`, `      domain: ${provider.domain}`);
  lines.push(`    quality: ${target.quality}`);
  if (rng.chance(0.7)) {
    lines.push('    images:', `      - url: ${target.imageUrl}`);
    lines.push(
      `        width: ${rng.pick([800, 1200])}`,
      `        height: ${rng.pick([450, 630])}`,
    );
  }
  return lines;
}

const fenced = (lines: readonly string[]): string => `---\n${lines.join('\n')}\n---\n`;

function replaceLine(lines: string[], prefix: string, replacement: string): string[] {
  return lines.map((line) => (line.startsWith(prefix) ? replacement : line));
}

interface EditorialTimes {
  readonly lines: string[];
  readonly transitionAt: Date | null;
}

/** The keys of one editorial variant, placed after `now` (embargo, expiry) or the date. */
function editorialLines(kind: EditorialKind, rng: Random, core: Core, now: Date): EditorialTimes {
  const later = (from: Date, maxMinutes: number) =>
    new Date(from.getTime() + rng.int(1, maxMinutes) * 60_000);
  switch (kind) {
    case 'embargoed': {
      const at = later(now, WEEK_MINUTES);
      return { lines: [`publishAt: ${isoDate(at)}`], transitionAt: at };
    }
    case 'expiring': {
      const at = later(now, WEEK_MINUTES);
      return { lines: [`expiresAt: ${quoted(isoDate(at))}`], transitionAt: at };
    }
    case 'updated':
      return {
        lines: [`updatedDateTime: ${isoDate(later(core.date, 48 * 60))}`],
        transitionAt: null,
      };
    case 'corrected': {
      const at = later(core.date, 48 * 60);
      return {
        lines: [
          `updatedDateTime: ${isoDate(at)}`,
          'corrections:',
          `  - at: ${isoDate(at)}`,
          `    text: ${quoted(`An earlier version of this article misstated ${rng.pick(CORRECTED_FACTS)}.`)}`,
        ],
        transitionAt: null,
      };
    }
  }
}

/** Turns a valid file into one broken the way `kind` says. */
function breakSeed(kind: BrokenKind, lines: string[], duplicateOf: Core | null): string {
  switch (kind) {
    case 'yaml-syntax':
      return fenced(replaceLine(lines, 'title:', 'title: "an unterminated title'));
    case 'missing-field':
      return fenced(lines.filter((line) => !line.startsWith('title:')));
    case 'wrong-type':
      return fenced(replaceLine(lines, 'type:', 'type: [article]'));
    case 'score-out-of-range':
      return fenced([...lines.filter((line) => !line.startsWith('heat:')), 'heat: 140']);
    case 'bad-url':
      return fenced(replaceLine(lines, 'sourceUrl:', 'sourceUrl: medicalxpress.com/news/story'));
    case 'bad-date':
      return fenced(replaceLine(lines, 'publishedDateTime:', 'publishedDateTime: "03/12/2019"'));
    case 'bad-secured':
      return fenced([
        ...lines.filter((line) => !line.startsWith('secured:')),
        'secured: "c2VjcmV0;c2hvcnQ="',
      ]);
    case 'no-front-matter':
      return `${lines.join('\n')}\n`;
    case 'unclosed-front-matter':
      return `---\n${lines.join('\n')}\n`;
    case 'js-engine':
      return `---js\n({ title: 'generated', published: (globalThis.__seedgenRan = true) })\n---\n`;
    case 'yaml-alias':
      return fenced([...lines, 'labels: &labels [a, b]', 'again: *labels']);
    case 'proto-key':
      return fenced([...lines, '__proto__:', '  polluted: true']);
    case 'deep-nesting':
      return fenced([...lines, `nested: ${'['.repeat(40)}1${']'.repeat(40)}`]);
    case 'not-utf8':
      return fenced(replaceLine(lines, 'title:', 'title: "Café crème in latin-1"'));
    case 'empty':
      return '';
    case 'duplicate-source-url':
      return fenced(
        replaceLine(lines, 'sourceUrl:', `sourceUrl: ${duplicateOf?.sourceUrl ?? 'x'}`),
      );
    case 'expiry-before-publication':
      return fenced([
        ...lines,
        'publishAt: 2030-01-02T00:00:00Z',
        'expiresAt: 2030-01-01T00:00:00Z',
      ]);
    case 'correction-before-publication':
      return fenced([
        ...lines,
        'corrections:',
        '  - at: 2001-01-01T00:00:00Z',
        '    text: Too early.',
      ]);
    case 'time-without-zone':
      return fenced([...lines, 'publishAt: "2030-01-01T09:00:00"']);
  }
}

/**
 * A deterministic synthetic seeds folder, one file at a time: the same options always give
 * byte-identical files. About the real sample's size, with many providers and topics, related
 * coverage that mostly points at other generated articles, drafts, optional keys left out, both
 * date spellings, and (when asked) a share of broken files cycling through BROKEN_KINDS.
 */
export function* generateSeedFiles(options: GenerateOptions): Generator<GeneratedSeed> {
  const seed = options.seed ?? DEFAULT_SEED;
  const draftShare = options.draftShare ?? DEFAULT_DRAFT_SHARE;
  const brokenShare = options.brokenShare ?? 0;
  const editorialShare = options.editorialShare ?? 0;
  const editorialNow = options.editorialNow ?? DEFAULT_EDITORIAL_NOW;
  let brokenSoFar = 0;
  let editorialSoFar = 0;
  let lastValid: Core | null = null;
  for (let index = 0; index < options.count; index++) {
    const core = coreOf(seed, index);
    const roll = streamFor(seed ^ 0x27d4eb2f, index);
    let broken: BrokenKind | null = null;
    if (roll.chance(brokenShare)) {
      broken = BROKEN_KINDS[brokenSoFar % BROKEN_KINDS.length] as BrokenKind;
      if (broken === 'duplicate-source-url' && lastValid === null) broken = 'empty';
      brokenSoFar++;
    }
    const draft = broken === null && roll.chance(draftShare);
    const unknownKey = broken === null && roll.chance(UNKNOWN_KEY_SHARE);
    const lines = articleLines(seed, options.count, core, draft);
    if (unknownKey) lines.push(`wordCount: ${roll.int(200, 2000)}`);
    let editorial: EditorialKind | null = null;
    let transitionAt: Date | null = null;
    // Rolled last and from its own stream, so files without editorial time stay byte-identical.
    if (broken === null && !draft && streamFor(seed ^ 0x165667b1, index).chance(editorialShare)) {
      editorial = EDITORIAL_KINDS[editorialSoFar++ % EDITORIAL_KINDS.length] as EditorialKind;
      const times = editorialLines(
        editorial,
        streamFor(seed ^ 0x3c6ef372, index),
        core,
        editorialNow,
      );
      lines.push('', ...times.lines);
      transitionAt = times.transitionAt;
    }
    const text = broken ? breakSeed(broken, lines, lastValid) : fenced(lines);
    if (broken === null) lastValid = core;
    yield {
      name: `${core.key}.txt`,
      text,
      encoding: broken === 'not-utf8' ? 'latin1' : 'utf8',
      key: core.key,
      sourceUrl: core.sourceUrl,
      draft,
      broken,
      unknownKey,
      editorial,
      transitionAt,
    };
  }
}

export const seedBytes = (seed: GeneratedSeed): Buffer => Buffer.from(seed.text, seed.encoding);

export interface WriteResult {
  readonly files: number;
  readonly bytes: number;
  readonly drafts: number;
  readonly broken: number;
}

const WRITE_BATCH = 64;

/** Writes a generated folder. Refuses a folder that already holds files, so nothing is mixed in. */
export async function writeSeedFolder(dir: string, options: GenerateOptions): Promise<WriteResult> {
  await mkdir(dir, { recursive: true });
  const existing = await readdir(dir);
  if (existing.length > 0) {
    throw new Error(`${dir} is not empty; generate into a new or empty folder`);
  }
  let files = 0;
  let bytes = 0;
  let drafts = 0;
  let broken = 0;
  let batch: Promise<void>[] = [];
  for (const seed of generateSeedFiles(options)) {
    const data = seedBytes(seed);
    batch.push(writeFile(path.join(dir, seed.name), data));
    files++;
    bytes += data.length;
    if (seed.draft) drafts++;
    if (seed.broken) broken++;
    if (batch.length >= WRITE_BATCH) {
      await Promise.all(batch);
      batch = [];
    }
  }
  await Promise.all(batch);
  return { files, bytes, drafts, broken };
}
