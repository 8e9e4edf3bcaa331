import { z } from 'zod';

/**
 * The seed format's contract: one zod schema, described for authors in docs/seed-files.md.
 * Unknown keys pass through (they are reported as warnings by the validator, never fatal).
 */

export const MAX_TEXT_LENGTH = 20_000;
export const MAX_LIST_LENGTH = 200;
const MAX_URL_LENGTH = 2_048;

const text = (what: string) =>
  z
    .string({ error: `${what} must be text` })
    .trim()
    .min(1, { error: `${what} must not be empty` })
    .max(MAX_TEXT_LENGTH, { error: `${what} is longer than ${MAX_TEXT_LENGTH} characters` });

const httpUrl = (what: string) =>
  z
    .string({ error: `${what} must be a URL` })
    .trim()
    .max(MAX_URL_LENGTH, { error: `${what} is longer than ${MAX_URL_LENGTH} characters` })
    .pipe(
      z.url({
        protocol: /^https?$/,
        error: `${what} must be an absolute http(s) URL`,
      }),
    );

/** Four-digit years from 1000: `0099` is a typo, not an article from the first century. */
const zonedMessage = (what: string) =>
  `${what} must be a real ISO 8601 date-time with a time zone, such as 2019-12-03T12:41:00Z`;

/**
 * The one rule for every point in time a seed gives (publishedDateTime, and any later time key):
 * an ISO 8601 date-time with a real calendar date, a valid time and a time zone (`Z` or an
 * offset), year 1000 or later. Front matter keeps times as written, so quoted and unquoted
 * spellings meet this same rule. Output: a Date.
 */
export const zonedDateTime = (what: string) =>
  z
    .string({ error: zonedMessage(what) })
    .trim()
    .pipe(
      z.iso.datetime({
        offset: true,
        abort: true,
        error: zonedMessage(what),
      }),
    )
    .refine((s) => !s.startsWith('0'), { error: `${what} must have a year of 1000 or later` })
    .transform((s) => new Date(s));

/**
 * `published` in the spellings YAML 1.1 tools (and people) use for booleans: true/false, yes/no,
 * on/off, y/n, in any case, quoted or not. Anything else is an error that says how to unpublish,
 * so a typo never leaves an article published by accident.
 */
const PUBLISHED_WORDS: ReadonlyMap<string, boolean> = new Map([
  ['true', true],
  ['yes', true],
  ['on', true],
  ['y', true],
  ['false', false],
  ['no', false],
  ['off', false],
  ['n', false],
]);
const publishedFlag = z.preprocess(
  (value) =>
    typeof value === 'string' ? (PUBLISHED_WORDS.get(value.trim().toLowerCase()) ?? value) : value,
  z.boolean({
    error:
      'published must be true or false (yes/no and on/off work too); to unpublish write published: false',
  }),
);

const score = (what: string) =>
  z
    .number({ error: `${what} must be a whole number from 0 to 100` })
    .int({ error: `${what} must be a whole number from 0 to 100` })
    .min(0, { error: `${what} must be at least 0` })
    .max(100, { error: `${what} must be at most 100` });

const dimension = (what: string) =>
  z
    .number({ error: `${what} must be a whole number of pixels` })
    .int({ error: `${what} must be a whole number of pixels` })
    .positive({ error: `${what} must be positive` })
    .max(100_000, { error: `${what} is implausibly large` });

const domain = z
  .string({ error: 'provider domain must be text' })
  .trim()
  .toLowerCase()
  .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, {
    error: 'provider domain must be a host name such as example.com',
  });

const list = <T extends z.ZodType>(item: T, what: string) =>
  z.array(item, { error: `${what} must be a list` }).max(MAX_LIST_LENGTH, {
    error: `${what} has more than ${MAX_LIST_LENGTH} entries`,
  });

export const providerSchema = z.object(
  { name: text('provider name'), domain },
  { error: 'provider must have a name and a domain' },
);

export const imageSchema = z.object(
  {
    url: httpUrl('image url'),
    width: dimension('image width').optional(),
    height: dimension('image height').optional(),
    title: text('image title').optional(),
  },
  { error: 'each image must have a url' },
);

export const relatedSchema = z.object(
  {
    title: text('related title'),
    excerpt: text('related excerpt').optional(),
    publishedDateTime: zonedDateTime('related publishedDateTime').optional(),
    sourceUrl: httpUrl('related sourceUrl'),
    type: text('related type').optional(),
    provider: providerSchema.optional(),
    quality: score('related quality').optional(),
    images: list(imageSchema, 'related images').default([]),
  },
  { error: 'each related entry must have a title and a sourceUrl' },
);

/** `<base64 ciphertext>;<base64 16-byte IV>`; messages never echo the value. */
export const securedSchema = z
  .string({ error: 'secured must be text of the form <base64>;<base64>' })
  .refine(
    (value) => {
      const match = /^([A-Za-z0-9+/]+={0,2});([A-Za-z0-9+/]+={0,2})$/.exec(value);
      return match?.[2] !== undefined && Buffer.from(match[2], 'base64').length === 16;
    },
    { error: 'secured must be <base64 ciphertext>;<base64 16-byte IV>' },
  );

export const correctionSchema = z.object(
  {
    at: zonedDateTime('correction at'),
    text: text('correction text'),
  },
  { error: 'each correction must have an at (date-time) and a text' },
);

/**
 * The instant an article becomes public: its embargo when it has one, else its publication
 * time. Expiry and corrections are checked against it.
 */
const publicationOf = (seed: { publishAt?: Date | undefined; publishedDateTime: Date }): Date =>
  seed.publishAt ?? seed.publishedDateTime;

export const seedSchema = z
  .looseObject({
    category: text('category'),
    type: text('type'),
    title: text('title'),
    excerpt: text('excerpt').optional(),
    publishedDateTime: zonedDateTime('publishedDateTime'),
    sourceUrl: httpUrl('sourceUrl'),
    ampUrl: httpUrl('ampUrl').optional(),
    cdnAmpUrl: httpUrl('cdnAmpUrl').optional(),
    quality: score('quality').optional(),
    heat: score('heat').optional(),
    published: publishedFlag.default(true),
    provider: providerSchema,
    topics: list(text('topic'), 'topics').default([]),
    images: list(imageSchema, 'images').default([]),
    related: list(relatedSchema, 'related').default([]),
    secured: securedSchema.optional(),
    /** Embargo: not public before this instant. */
    publishAt: zonedDateTime('publishAt').optional(),
    /** Not public from this instant on. */
    expiresAt: zonedDateTime('expiresAt').optional(),
    /** The last substantive update. */
    updatedDateTime: zonedDateTime('updatedDateTime').optional(),
    corrections: list(correctionSchema, 'corrections').default([]),
  })
  // Editorial-time combinations that cannot be meant; each issue is placed on the later key.
  .superRefine((seed, ctx) => {
    const publication = publicationOf(seed);
    const from = seed.publishAt ? 'publishAt' : 'publishedDateTime';
    if (seed.expiresAt && seed.expiresAt.getTime() <= publication.getTime()) {
      ctx.addIssue({
        code: 'custom',
        path: ['expiresAt'],
        message: `expiresAt must be after ${from} (${publication.toISOString()})`,
      });
    }
    if (seed.updatedDateTime && seed.updatedDateTime.getTime() < seed.publishedDateTime.getTime()) {
      ctx.addIssue({
        code: 'custom',
        path: ['updatedDateTime'],
        message: `updatedDateTime must not be before publishedDateTime (${seed.publishedDateTime.toISOString()})`,
      });
    }
    seed.corrections.forEach((correction, index) => {
      if (correction.at.getTime() < publication.getTime()) {
        ctx.addIssue({
          code: 'custom',
          path: ['corrections', index, 'at'],
          message: `a correction cannot be dated before ${from} (${publication.toISOString()})`,
        });
      }
    });
  });

export type Seed = z.output<typeof seedSchema>;

export const KNOWN_SEED_KEYS: ReadonlySet<string> = new Set(Object.keys(seedSchema.shape));
