import { fixtureSeeds, type SeedObject } from '../fixtures/graph-corpus.ts';

/** The fixture as plain objects with keys: what the graph should show, computed independently. */
export interface RefArticle extends SeedObject {
  key: string;
  published: boolean;
  quality?: number;
  heat?: number;
  publishedDateTime: string;
  category: string;
  type: string;
  topics: string[];
  provider: { name: string; domain: string };
}

export function referenceArticles(preview = false): RefArticle[] {
  return [...fixtureSeeds()]
    .map(([key, seed]) => ({ key, ...seed }) as RefArticle)
    .filter((a) => preview || a.published);
}

type Field = 'PUBLISHED_DATE_TIME' | 'QUALITY' | 'HEAT';

const sortValue = (a: RefArticle, field: Field): number =>
  field === 'PUBLISHED_DATE_TIME'
    ? Date.parse(a.publishedDateTime)
    : ((field === 'QUALITY' ? a.quality : a.heat) ?? -1);

export function referenceOrder(list: RefArticle[], field: Field, direction: 'ASC' | 'DESC') {
  const desc = [...list].sort(
    (a, b) => sortValue(b, field) - sortValue(a, field) || (a.key < b.key ? -1 : 1),
  );
  return (direction === 'DESC' ? desc : desc.reverse()).map((a) => a.key);
}
