import type { RelatedRecord } from '../content/records.ts';
import { Article } from './article.ts';
import { builder } from './builder.ts';
import { Image } from './image.ts';
import { articleBySourceUrl, providerByDomain } from './lookups.ts';
import { Provider } from './provider.ts';

export const Related = builder.objectRef<RelatedRecord>('Related').implement({
  description: 'Other coverage of an article’s story.',
  fields: (t) => ({
    title: t.exposeString('title', { description: 'Headline of the other coverage, plain text.' }),
    excerpt: t.exposeString('excerpt', {
      nullable: true,
      description: 'Teaser text; null when the seed has none.',
    }),
    publishedDateTime: t.expose('publishedDateTime', {
      type: 'DateTime',
      nullable: true,
      description: 'When it was published (ISO 8601, UTC); null when unknown.',
    }),
    sourceUrl: t.exposeString('sourceUrl', { description: 'Where the other coverage is.' }),
    type: t.exposeString('type', {
      nullable: true,
      description: 'Kind of piece, as Article.type; null when unknown.',
    }),
    provider: t.field({
      type: Provider,
      nullable: true,
      description: 'Its publisher; null when the seed does not name one.',
      resolve: (related, _args, ctx) =>
        related.provider ? providerByDomain(ctx, related.provider.domain) : null,
    }),
    quality: t.exposeInt('quality', {
      nullable: true,
      description: 'Quality score 0-100, as Article.quality; null when not scored.',
    }),
    images: t.field({
      type: [Image],
      description: 'Its pictures; empty when there are none.',
      resolve: (related) => related.images,
    }),
    article: t.field({
      type: Article,
      nullable: true,
      description: 'The article in this graph with the same sourceUrl, if there is one.',
      resolve: (related, _args, ctx) => articleBySourceUrl(ctx, related.sourceUrl),
    }),
  }),
});
