import { GraphQLError } from 'graphql';
import { MAX_PAGE_SIZE } from '../corpus/query.ts';
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
    line: t.exposeInt('line', { nullable: true }),
    column: t.exposeInt('column', { nullable: true }),
    path: t.exposeString('path', { description: 'Field path, such as `related[0].sourceUrl`.' }),
    code: t.exposeString('code'),
    message: t.exposeString('message'),
    servingLastGood: t.exposeBoolean('servingLastGood', {
      description: "True while the file's last good version is still served in its place.",
    }),
  }),
});

const ContentStatus = builder.objectRef<Status>('ContentStatus').implement({
  description: 'The health of the content: counts, per-file problems and reload timing.',
  fields: (t) => ({
    version: t.exposeInt('version', { description: 'The snapshot version; +1 per swap.' }),
    loadedAt: t.expose('loadedAt', { type: 'DateTime' }),
    watching: t.exposeBoolean('watching', { description: 'True when file changes reload.' }),
    files: t.exposeInt('files'),
    articles: t.exposeInt('articles', { description: 'Accepted articles, drafts included.' }),
    publicArticles: t.exposeInt('published', { description: 'Articles the public sees.' }),
    drafts: t.exposeInt('drafts'),
    rejectedFiles: t.exposeInt('rejectedFiles', { description: 'Files with errors, not served.' }),
    staleFiles: t.exposeInt('staleFiles', {
      description: 'Files with errors whose last good version is served.',
    }),
    errorCount: t.exposeInt('errors'),
    warningCount: t.exposeInt('warnings'),
    lastReloadAt: t.field({
      type: 'DateTime',
      nullable: true,
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
        first: t.arg.int({ defaultValue: DEFAULT_STATUS_ERRORS }),
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
      return ctx.live.status(ctx.corpus);
    },
  }),
);
