import type { ArticleFilter } from '../corpus/query.ts';
import { feedPathsOf } from '../syndication/params.ts';
import { builder } from './builder.ts';

/** The three feed paths of one slice of articles. */
export type FeedUrlsRecord = ReturnType<typeof feedPathsOf>;

export const FeedUrls = builder.objectRef<FeedUrlsRecord>('FeedUrls').implement({
  description:
    'Where to subscribe to a slice of articles (its newest 50, newest first) in a feed reader. ' +
    'Each is a path on this server, such as "/feeds/rss.xml?topic=climate": resolve it against ' +
    "the GraphQL endpoint's URL. Add `first` (1-100), `order` or any other article filter as " +
    'query parameters; docs/feeds.md lists them.',
  fields: (t) => ({
    rss: t.exposeString('rss', { description: 'RSS 2.0 (application/rss+xml).' }),
    atom: t.exposeString('atom', { description: 'Atom 1.0 (application/atom+xml).' }),
    jsonFeed: t.exposeString('json', {
      description: 'JSON Feed 1.1 (application/feed+json).',
    }),
  }),
});

/** For Topic.feedUrls and Provider.feedUrls. */
export const feedUrlsOf = (where: ArticleFilter): FeedUrlsRecord => feedPathsOf(where);
