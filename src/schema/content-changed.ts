import type { ContentChange as Change } from '../live/feed.ts';
import { builder } from './builder.ts';

const ContentChange = builder.objectRef<Change>('ContentChange').implement({
  description:
    'Article keys one content swap changed. Public subscribers never see drafts: a draft that ' +
    'gets published is `added`, an article turned back into a draft is `removed`.',
  fields: (t) => ({
    version: t.exposeInt('version', {
      description:
        'The content version now served. Public subscribers get the public version, which ' +
        'moves only when published content changes (as `/readyz` corpusVersion); preview ' +
        'subscribers get the snapshot version, which moves with every swap.',
    }),
    previousVersion: t.exposeInt('previousVersion', {
      description: 'The version before; a gap from the last event you saw means missed events.',
    }),
    added: t.exposeStringList('added', {
      description: 'Keys of articles you can now see that you could not before.',
    }),
    updated: t.exposeStringList('updated', {
      description: 'Keys of articles whose content changed; query them again.',
    }),
    removed: t.exposeStringList('removed', {
      description: 'Keys of articles you can no longer see (deleted, or turned into drafts).',
    }),
  }),
});

builder.subscriptionField('contentChanged', (t) =>
  t.field({
    type: ContentChange,
    description:
      'One event per content swap that changed what you can see (server-sent events: ' +
      'GET or POST /graphql with `Accept: text/event-stream`).',
    subscribe: (_root, _args, ctx) => ctx.live.changes(ctx.preview),
    resolve: (change) => change,
  }),
);
