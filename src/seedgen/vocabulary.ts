/** Fixed word stock of the synthetic corpus: providers, topics and prose. */

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

export const WORDS: readonly string[] = (
  'deep learning identifies molecular patterns of cancer new algorithm can quickly and ' +
  'accurately analyze several types genomic data from tumors for more classification which ' +
  'could help improve diagnosis related treatment options according to research published in ' +
  'researchers university using an emerging medical imaging technique diagnose real time pilot ' +
  'study investigators developed recognition optical city council votes budget transit plan ' +
  'energy grid storage battery solar wind prices rise fall markets investors report quarterly ' +
  'earnings growth climate policy emissions targets scientists discover species ocean coral ' +
  'reef satellite launch orbit mission crew station rover samples privacy regulators fine ' +
  'company data breach users security patch software update chip shortage factory supply ' +
  'chain election campaign poll voters court ruling appeal law reform housing rents school ' +
  'teachers students vaccine trial results patients hospital doctors nurses water drought ' +
  'farmers harvest wildlife conservation park rangers startup funding round valuation'
).split(' ');
