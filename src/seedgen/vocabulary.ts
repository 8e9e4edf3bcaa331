/** Fixed word stock of the synthetic corpus: providers, topics, categories and types (prose: headlines.ts). */

const PROVIDER_FIRST = [
  'Medical',
  'Science',
  'Tech',
  'Daily',
  'Global',
  'Health',
  'Market',
  'Civic',
  'Metro',
  'Nature',
  'Quantum',
  'Planet',
  'Open',
  'Future',
  'Harbor',
  'Northern',
  'Pacific',
  'Urban',
  'Digital',
  'Prime',
] as const;
const PROVIDER_SECOND = [
  'Xpress',
  'Wire',
  'Times',
  'Journal',
  'Post',
  'Review',
  'Herald',
  'Report',
  'Insider',
  'Ledger',
] as const;
const RELATED_ONLY_FIRST = ['Coastal', 'Summit', 'Valley', 'Granite'] as const;

export interface ProviderStock {
  readonly name: string;
  readonly domain: string;
}

const toProvider = (first: string, second: string): ProviderStock => ({
  name: `${first} ${second}`,
  domain: `${first}${second}`.toLowerCase() + (second === 'Wire' ? '.net' : '.com'),
});

/** 200 publishers that write the corpus' articles. */
export const PROVIDERS: readonly ProviderStock[] = PROVIDER_FIRST.flatMap((first) =>
  PROVIDER_SECOND.map((second) => toProvider(first, second)),
);

/** 40 publishers that only appear as related coverage (providers known only through `related`). */
export const RELATED_ONLY_PROVIDERS: readonly ProviderStock[] = RELATED_ONLY_FIRST.flatMap(
  (first) => PROVIDER_SECOND.map((second) => toProvider(first, second)),
);

const TOPIC_SUBJECTS = [
  'AI',
  'Climate',
  'Energy',
  'Health',
  'Space',
  'Finance',
  'Education',
  'Privacy',
  'Robotics',
  'Genomics',
  'Oceans',
  'Transport',
  'Housing',
  'Agriculture',
  'Security',
  'Elections',
  'Trade',
  'Vaccines',
  'Batteries',
  'Chips',
  'Cities',
  'Water',
  'Wildlife',
  'Startups',
  'Labour',
  'Media',
  'Sport',
  'Music',
  'Gaming',
  'Physics',
] as const;
const TOPIC_FACETS = [
  '',
  'Policy',
  'Research',
  'Markets',
  'Startups',
  'Ethics',
  'Regulation',
  'Europe',
  'Asia',
  'Data',
] as const;

/** 300 topic names, such as "AI" and "Climate Policy". */
export const TOPICS: readonly string[] = TOPIC_SUBJECTS.flatMap((subject) =>
  TOPIC_FACETS.map((facet) => (facet ? `${subject} ${facet}` : subject)),
);

export const CATEGORIES: readonly string[] = ['news', 'news', 'news', 'science', 'business'];
export const TYPES: readonly string[] = ['article', 'article', 'article', 'video', 'blog'];
