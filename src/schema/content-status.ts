import { GraphQLError } from 'graphql';
import { MAX_PAGE_SIZE } from '../corpus/pagination.ts';
import type { FileProblem, ContentStatus as Status } from '../live/status.ts';
import { builder } from './builder.ts';
import { badInput } from './errors.ts';

export const DEFAULT_STATUS_ERRORS = 100;
export const FORBIDDEN = 'FORBIDDEN';

const ContentProblem = builder.objectRef<FileProblem>('ContentProblem').implement({
  description:
    'Why a seed file was rejected: where, and a sentence for its author (never its values).',
  fields: (t) => ({
    file: t.exposeString('file', { description: 'Relative to the seeds folder.' }),
    line: t.exposeInt('line', {
      nullable: true,
      description: '1-based line in the file; null when the problem is the whole file.',
    }),
    column: t.exposeInt('column', {
      nullable: true,
      description: '1-based column; null when the problem is the whole file.',
    }),
    path: t.exposeString('path', { description: 'Field path, such as `related[0].sourceUrl`.' }),
    code: t.exposeString('code', {
      description: 'Machine-readable reason, such as `INVALID_FIELD` or `DUPLICATE_KEY`.',
    }),
    message: t.exposeString('message', { description: 'What is wrong, for the file’s author.' }),
    servingLastGood: t.exposeBoolean('servingLastGood', {
      description: "True while the file's last good version is still served in its place.",
    }),
  }),
});

const ContentStatus = builder.objectRef<Status>('ContentStatus').implement({
  description: 'The health of the content: counts, per-file problems and reload timing.',
  fields: (t) => ({
    version: t.exposeInt('version', { description: 'The snapshot version; +1 per swap.' }),
    loadedAt: t.expose('loadedAt', {
      type: 'DateTime',
      description: 'When the served snapshot was built (ISO 8601, UTC).',
    }),
    watching: t.exposeBoolean('watching', { description: 'True when file changes reload.' }),
    files: t.exposeInt('files', { description: 'Seed files read, accepted or not.' }),
    articles: t.exposeInt('articles', { description: 'Accepted articles, drafts included.' }),
    publicArticles: t.exposeInt('published', { description: 'Articles the public sees.' }),
    drafts: t.exposeInt('drafts', { description: 'Accepted articles with `published: false`.' }),
    scheduled: t.exposeInt('scheduled', {
      description: 'Embargoed articles: public from their `publishAt` on.',
    }),
    expired: t.exposeInt('expired', { description: 'Articles past their `expiresAt`.' }),
    nextTransitionAt: t.field({
      type: 'DateTime',
      nullable: true,
      description:
        'When the public content next changes by itself (an embargo lifting or an expiry); ' +
        'null when nothing is scheduled. Public cache lifetimes end there.',
      resolve: (status) => status.nextTransition,
    }),
    rejectedFiles: t.exposeInt('rejectedFiles', { description: 'Files with errors, not served.' }),
    staleFiles: t.exposeInt('staleFiles', {
      description: 'Files with errors whose last good version is served.',
    }),
    errorCount: t.exposeInt('errors', {
      description: 'Problems that reject a file, in all files.',
    }),
    warningCount: t.exposeInt('warnings', {
      description: 'Problems that do not reject a file (such as unknown keys), in all files.',
    }),
    lastReloadAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the last reload finished (ISO 8601, UTC); null before the first one.',
      resolve: (status) => status.lastReload?.at ?? null,
    }),
    lastReloadMs: t.float({
      nullable: true,
      description: 'How long the last reload took, from reading files to the swap.',
      resolve: (status) => status.lastReload?.durationMs ?? null,
    }),
    reloadFailing: t.boolean({
      description: 'True when the last reload failed (the previous snapshot is still served).',
      resolve: (status) => status.lastFailure !== null,
    }),
    errors: t.field({
      type: [ContentProblem],
      description: `Problems in file order, at most \`first\` (default ${DEFAULT_STATUS_ERRORS}).`,
      args: {
        first: t.arg.int({
          defaultValue: DEFAULT_STATUS_ERRORS,
          description: `How many problems to list, 0 to ${MAX_PAGE_SIZE}.`,
        }),
        file: t.arg.string({ description: 'Only the problems of this file.' }),
      },
      resolve: (status, args) => {
        const { file } = args;
        const first = args.first ?? DEFAULT_STATUS_ERRORS;
        if (first < 0 || first > MAX_PAGE_SIZE) {
          throw badInput(`"first" must be between 0 and ${MAX_PAGE_SIZE}.`);
        }
        const problems =
          file == null ? status.problems : status.problems.filter((p) => p.file === file);
        return problems.slice(0, first);
      },
    }),
  }),
});

builder.queryField('contentStatus', (t) =>
  t.field({
    type: ContentStatus,
    nullable: true,
    description: 'Content health for operators and editors; needs the preview token.',
    resolve: (_root, _args, ctx) => {
      if (!ctx.preview) {
        throw new GraphQLError('contentStatus needs the preview token.', {
          extensions: { code: FORBIDDEN },
        });
      }
      // Reload timing and failures change without a content change: no cache may keep this.
      ctx.tags.noStore();
      return ctx.live.status(ctx.corpus);
    },
  }),
);
