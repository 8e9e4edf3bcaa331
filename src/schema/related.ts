import type { RelatedRecord } from '../content/records.ts';
import { Article } from './article.ts';
import { builder } from './builder.ts';
import { Image } from './image.ts';
import { Provider } from './provider.ts';

export const Related = builder.objectRef<RelatedRecord>('Related').implement({
  description: 'Other coverage of an article’s story.',
  fields: (t) => ({
    title: t.exposeString('title'),
    excerpt: t.exposeString('excerpt', { nullable: true }),
    publishedDateTime: t.expose('publishedDateTime', { type: 'DateTime', nullable: true }),
    sourceUrl: t.exposeString('sourceUrl'),
    type: t.exposeString('type', { nullable: true }),
    provider: t.field({
      type: Provider,
      nullable: true,
      resolve: (related) => related.provider?.domain ?? null,
    }),
    quality: t.exposeInt('quality', { nullable: true }),
    images: t.field({ type: [Image], resolve: (related) => related.images }),
    article: t.field({
      type: Article,
      nullable: true,
      description: 'The article in this graph with the same sourceUrl, if there is one.',
      resolve: (related, _args, ctx) => ctx.loaders.articleBySourceUrl.load(related.sourceUrl),
    }),
  }),
});
