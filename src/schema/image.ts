import type { ImageRecord } from '../content/records.ts';
import { builder } from './builder.ts';

export const Image = builder.objectRef<ImageRecord>('Image').implement({
  description: 'A picture of an article or of related coverage.',
  // A plain value type other subgraphs of a company graph may define too (federation).
  shareable: true,
  fields: (t) => ({
    url: t.exposeString('url', { description: 'Absolute URL of the image file.' }),
    width: t.exposeInt('width', { nullable: true, description: 'In pixels; null when unknown.' }),
    height: t.exposeInt('height', { nullable: true, description: 'In pixels; null when unknown.' }),
    title: t.exposeString('title', {
      nullable: true,
      description: 'Caption or alt text; null when there is none.',
    }),
  }),
});
