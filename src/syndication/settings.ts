import { z } from 'zod';
import { articleUrlTemplate, DEFAULT_ARTICLE_URL_TEMPLATE } from './article-url.ts';

export const DEFAULT_FEED_TITLE = 'newsgraph';
export const DEFAULT_FEED_LANGUAGE = 'en';
/** ISO 639 language, optionally with a region or script (BCP 47), as feeds and Google News take it. */
const LANGUAGE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/** The syndication part of the server configuration (merged into serverConfigSchema). */
export const syndicationConfigShape = {
  articleUrlTemplate: z
    .string()
    .min(1)
    .max(2048)
    .default(DEFAULT_ARTICLE_URL_TEMPLATE)
    .superRefine((template, ctx) => {
      try {
        articleUrlTemplate(template);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
      }
    }),
  publicUrl: z
    .url({ protocol: /^https?$/, error: 'must be an http or https URL' })
    .refine((url) => !/[?#]/.test(url), 'must have no query or fragment')
    .transform((url) => url.replace(/\/+$/, ''))
    .optional(),
  feedTitle: z.string().trim().min(1).max(200).default(DEFAULT_FEED_TITLE),
  feedLanguage: z
    .string()
    .regex(LANGUAGE, 'must be a language tag such as en or pt-BR')
    .default(DEFAULT_FEED_LANGUAGE),
};

export type SyndicationConfig = z.output<z.ZodObject<typeof syndicationConfigShape>>;
export type SyndicationConfigInput = z.input<z.ZodObject<typeof syndicationConfigShape>>;

export const syndicationSettings = (input: SyndicationConfigInput = {}): SyndicationConfig =>
  z.object(syndicationConfigShape).parse(input);

/** Environment variables of the syndication settings, for `--help` and the README. */
export const SYNDICATION_CONFIG_SOURCES = [
  {
    flag: undefined,
    env: 'NEWSGRAPH_ARTICLE_URL_TEMPLATE',
    key: 'articleUrlTemplate',
    help: 'URL an article gets in feeds and sitemaps, a template over {key} {sourceUrl} {provider} {date}',
  },
  {
    flag: undefined,
    env: 'NEWSGRAPH_PUBLIC_URL',
    key: 'publicUrl',
    help: "this server's public base URL (behind a proxy) for feed and sitemap links",
    default: "the request's origin",
  },
  {
    flag: undefined,
    env: 'NEWSGRAPH_FEED_TITLE',
    key: 'feedTitle',
    help: 'title of every feed',
  },
  {
    flag: undefined,
    env: 'NEWSGRAPH_FEED_LANGUAGE',
    key: 'feedLanguage',
    help: 'language of feeds and of the news sitemap (en, pt-BR, ...)',
  },
] as const;
