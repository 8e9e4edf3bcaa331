import { GraphQLError } from 'graphql';
import type { CorpusView } from '../corpus/view.ts';
import { FORBIDDEN } from './content-status.ts';
import type { NewsgraphContext } from './context.ts';

export const AS_OF_DESCRIPTION =
  'Preview token only (refused without it): answer as the public will see the content at this ' +
  'instant (embargoes lifted, expired articles gone), from the current files. Applies to this ' +
  "list, its counts and facets; nested fields keep the preview's view.";

/** The view a root list reads: the request's, or with `asOf` the public one at that instant. */
export function viewAsOf(ctx: NewsgraphContext, asOf: Date | null | undefined): CorpusView {
  if (asOf == null) return ctx.view;
  if (!ctx.preview) {
    throw new GraphQLError('asOf needs the preview token.', { extensions: { code: FORBIDDEN } });
  }
  return ctx.corpus.publicAt(asOf);
}
