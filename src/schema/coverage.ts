import { ListTag } from '../corpus/cache-tags.ts';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../corpus/query.ts';
import { coverageOf, type StoryCoverage } from '../discovery/coverage.ts';
import { DiscoveryErrorCode, DiscoveryInputError } from '../discovery/errors.ts';
import { Article } from './article.ts';
import { builder } from './builder.ts';
import { withInputErrors } from './errors.ts';
import { Provider } from './provider.ts';

const StoryCoverageRef = builder.objectRef<StoryCoverage>('StoryCoverage').implement({
  description:
    'The story an article belongs to: the articles joined to it by related links (either ' +
    'way, transitively) and every provider covering it.',
  fields: (t) => ({
    articleCount: t.int({
      description: 'Other articles of the story in this graph.',
      resolve: (coverage) => coverage.articleCount,
    }),
    articles: t.field({
      type: [Article],
      description: `The other articles of the story, newest first (ties by key).`,
      args: {
        first: t.arg.int({
          description: `At most this many: ${DEFAULT_PAGE_SIZE} by default, at most ${MAX_PAGE_SIZE}.`,
        }),
      },
      resolve: (coverage, { first }) =>
        withInputErrors(() => {
          const limit = first ?? DEFAULT_PAGE_SIZE;
          if (limit < 0 || limit > MAX_PAGE_SIZE) {
            throw new DiscoveryInputError(
              limit < 0 ? DiscoveryErrorCode.NegativePageSize : DiscoveryErrorCode.PageSizeTooLarge,
              `"first" must be between 0 and ${MAX_PAGE_SIZE}.`,
            );
          }
          return coverage.articles(limit);
        }),
    }),
    providers: t.field({
      type: [Provider],
      description:
        'Distinct providers covering the story, by domain: those of its articles and those ' +
        'their related links name.',
      resolve: (coverage) => coverage.providers.map((p) => p.domain),
    }),
  }),
});

builder.objectField(Article, 'coverage', (t) =>
  t.field({
    type: StoryCoverageRef,
    description:
      'Other coverage of this article’s story in this graph. Stories are grouped once per ' +
      'content version and audience (drafts only join stories in preview).',
    resolve: async (article, _args, ctx) => {
      ctx.tags.add(ListTag.Coverage);
      const coverage = await coverageOf(ctx.view, article);
      // Grouping is shared by every request and yields as it goes; a request whose deadline
      // passed while it waited for the grouping ends here instead of carrying on.
      ctx.budget?.checkDeadline();
      return coverage;
    },
  }),
);
