import type { ImageRecord } from '../content/records.ts';
import { builder } from './builder.ts';

export const Image = builder.objectRef<ImageRecord>('Image').implement({
  description: 'A picture of an article or of related coverage.',
  // A plain value type other subgraphs of a company graph may define too (federation).
  shareable: true,
  fields: (t) => ({
    url: t.exposeString('url'),
    width: t.exposeInt('width', { nullable: true }),
    height: t.exposeInt('height', { nullable: true }),
    title: t.exposeString('title', { nullable: true }),
  }),
});
