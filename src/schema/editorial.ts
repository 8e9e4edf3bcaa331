import type { CorrectionRecord } from '../content/records.ts';
import { ArticleStatus, statusAt } from '../corpus/editorial.ts';
import { Article } from './article.ts';
import { builder } from './builder.ts';

/** Editorial time on the schema: status and times (preview), updates, corrections, `asOf`. */

export const ArticleStatusEnum = builder.enumType('ArticleStatus', {
  description:
    'Where an article stands at the instant the answer was computed. Only the preview token ' +
    'sees anything but PUBLISHED articles.',
  values: {
    [ArticleStatus.Draft]: { description: '`published: false` in its seed file; never public.' },
    [ArticleStatus.Scheduled]: { description: 'Embargoed: public from `publishAt` on.' },
    [ArticleStatus.Published]: { description: 'Public now.' },
    [ArticleStatus.Expired]: { description: 'Was public; not public since `expiresAt`.' },
  },
});

const Correction = builder.objectRef<CorrectionRecord>('Correction').implement({
  description: 'A public correction notice attached to an article.',
  fields: (t) => ({
    at: t.expose('at', { type: 'DateTime', description: 'When the correction was made.' }),
    text: t.exposeString('text', { description: 'What was corrected, as shown to readers.' }),
  }),
});

const previewOnly = ' Preview token only: null without it.';

builder.objectFields(Article, (t) => ({
  status: t.field({
    type: ArticleStatusEnum,
    nullable: true,
    description:
      'DRAFT, SCHEDULED, PUBLISHED or EXPIRED at the instant the answer was computed.' +
      `${previewOnly} (Without the token only PUBLISHED articles are served at all.)`,
    resolve: (article, _args, ctx) =>
      ctx.preview ? statusAt(article, ctx.corpus.asOf.getTime()) : null,
  }),
  publishAt: t.field({
    type: 'DateTime',
    nullable: true,
    description: `Embargo: the article is public from this instant on; null if it has none.${previewOnly}`,
    resolve: (article, _args, ctx) => (ctx.preview ? article.publishAt : null),
  }),
  expiresAt: t.field({
    type: 'DateTime',
    nullable: true,
    description: `The article is not public from this instant on; null if it never expires.${previewOnly}`,
    resolve: (article, _args, ctx) => (ctx.preview ? article.expiresAt : null),
  }),
  updatedDateTime: t.field({
    type: 'DateTime',
    nullable: true,
    description: 'The last substantive update (UTC); null if the article was never updated.',
    resolve: (article) => article.updatedDateTime,
  }),
  corrections: t.field({
    type: [Correction],
    description: 'Correction notices, oldest first; empty when there are none.',
    resolve: (article) => article.corrections,
  }),
}));
