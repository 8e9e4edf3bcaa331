import { ListTag } from '../corpus/cache-tags.ts';
import { QueryErrorCode, QueryInputError } from '../corpus/input-error.ts';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../corpus/pagination.ts';
import { coverageOf, type StoryCoverage } from '../discovery/coverage.ts';
import { Article } from './article.ts';
import { builder } from './builder.ts';
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
      resolve: (coverage, { first }) => {
        const limit = first ?? DEFAULT_PAGE_SIZE;
        if (limit < 0 || limit > MAX_PAGE_SIZE) {
          throw new QueryInputError(
            limit < 0 ? QueryErrorCode.NegativePageSize : QueryErrorCode.PageSizeTooLarge,
            `"first" must be between 0 and ${MAX_PAGE_SIZE}.`,
          );
        }
        return coverage.articles(limit);
      },
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
