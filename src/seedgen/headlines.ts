/**
 * Headlines and excerpts that read like news: templates with slots filled from small word
 * stocks, so a demo corpus can be searched, faceted and read aloud without word salad. Every
 * story is made up; the names are fictional and no real organisation is meant.
 */
import type { Random } from './random.ts';

const PLACES = [
  'Lisbon',
  'Leeds',
  'Osaka',
  'Nairobi',
  'Denver',
  'Porto',
  'Gdansk',
  'Toronto',
  'Valencia',
  'Adelaide',
  'Bergen',
  'Lyon',
  'Austin',
  'Dublin',
  'Tallinn',
  'Seoul',
  'Rotterdam',
  'Cape Town',
] as const;
const COASTS = ['Lisbon', 'Porto', 'Valencia', 'Adelaide', 'Cape Town', 'Bergen'] as const;
const COMPANIES = [
  'Northwind Energy',
  'Helio Batteries',
  'Crestline Bank',
  'Orbitra',
  'Vantage Chips',
  'Greenfield Foods',
  'Lumen Health',
  'Bluewave Telecom',
  'Keystone Motors',
  'Atlas Logistics',
  'Quill Software',
  'Harbourline Shipping',
] as const;
const INSTITUTIONS = [
  'University of Bergen',
  'Lyon Institute of Technology',
  'Osaka Medical Centre',
  'Denver Climate Lab',
  'Nairobi Genomics Institute',
  'Toronto School of Public Health',
] as const;
const JOURNALS = [
  'Nature Medicine',
  'Science Advances',
  'The Lancet',
  'Cell Reports',
  'PNAS',
  'Environmental Research Letters',
] as const;
const AMOUNTS = ['$40m', '$120m', '€300m', '$1.2bn', '£75m', '€2.4bn', '$18m'] as const;
const YEARS = ['2027', '2028', '2030', '2035'] as const;
const DISEASES = ['lung cancer', 'malaria', 'type 2 diabetes', 'Alzheimer’s', 'measles'] as const;
const ANIMALS = ['sea turtles', 'lynx', 'humpback whales', 'wolves', 'puffins', 'bees'] as const;
const CROPS = ['wheat', 'coffee', 'cocoa', 'rice', 'olive oil'] as const;
const GADGETS = ['phones', 'electric cars', 'laptops', 'e-bikes', 'heat pumps'] as const;
const ISSUES = ['pay', 'class sizes', 'pensions', 'working hours', 'staffing'] as const;

type Template = (rng: Random) => string;

const pct = (rng: Random) => rng.int(3, 48);

/** One headline each; the matching excerpt opens with a sentence that expands it. */
interface Story {
  /** Topic subjects the story is about (from vocabulary.ts), listed first on the article. */
  readonly topics: readonly string[];
  readonly category: 'news' | 'science' | 'business';
  readonly headline: Template;
  readonly lede: Template;
}

const STORIES: readonly Story[] = [
  {
    topics: ['Transport', 'Cities'],
    category: 'news',
    headline: (r) =>
      `${r.pick(PLACES)} council approves ${r.pick(AMOUNTS)} plan to expand tram network`,
    lede: () =>
      'Councillors voted to extend two tram lines and add night services, a project officials say will take four years to complete',
  },
  {
    topics: ['Labour', 'Health'],
    category: 'science',
    headline: (r) => `Study finds four-day week cut burnout by ${pct(r)} percent`,
    lede: (r) =>
      `Researchers at the ${r.pick(INSTITUTIONS)} followed 2,900 employees for a year and report fewer sick days with no loss of output, in a study published in ${r.pick(JOURNALS)}`,
  },
  {
    topics: ['Finance'],
    category: 'business',
    headline: (r) =>
      `${r.pick(COMPANIES)} shares ${r.pick(['jump', 'slide'])} ${pct(r)}% after quarterly results`,
    lede: () =>
      'Investors reacted to revenue figures and a revised forecast for the rest of the year, with analysts divided on what the numbers mean for the sector',
  },
  {
    topics: ['Oceans', 'Wildlife'],
    category: 'science',
    headline: (r) => `Scientists map new coral reef off the coast of ${r.pick(COASTS)}`,
    lede: () =>
      'A survey using underwater drones found a reef system more than 20 kilometres long, home to species that had not been recorded in the region',
  },
  {
    topics: ['Privacy', 'Security'],
    category: 'news',
    headline: (r) =>
      `Regulators fine ${r.pick(COMPANIES)} ${r.pick(AMOUNTS)} over customer data breach`,
    lede: () =>
      'The data protection authority said the company stored passwords without encryption and waited weeks before telling the customers affected',
  },
  {
    topics: ['Space', 'Climate'],
    category: 'science',
    headline: () => 'Weather satellite launches to track storms in near real time',
    lede: () =>
      'The spacecraft reached orbit on schedule and will send images every five minutes, helping forecasters warn coastal towns earlier',
  },
  {
    topics: ['Agriculture', 'Water', 'Trade'],
    category: 'business',
    headline: (r) => `Drought pushes ${r.pick(CROPS)} prices to a ${r.int(5, 30)}-year high`,
    lede: () =>
      'Farmers report smaller harvests after a second dry summer, and traders expect prices in shops to follow within months',
  },
  {
    topics: ['Education', 'Labour'],
    category: 'news',
    headline: (r) => `Teachers in ${r.pick(PLACES)} vote to strike over ${r.pick(ISSUES)}`,
    lede: () =>
      'Union members backed a walkout by a wide margin after talks with the education department broke down last week',
  },
  {
    topics: ['Vaccines', 'Health'],
    category: 'science',
    headline: (r) => `Vaccine trial shows ${r.int(60, 95)}% protection against ${r.pick(DISEASES)}`,
    lede: (r) =>
      `The late-stage trial enrolled 14,000 volunteers across six countries; results were published in ${r.pick(JOURNALS)} and regulators will review the data next`,
  },
  {
    topics: ['Startups', 'Batteries', 'Energy'],
    category: 'business',
    headline: (r) => `Start-up raises ${r.pick(AMOUNTS)} to build cheaper home batteries`,
    lede: () =>
      'The company says its iron-based cells avoid scarce metals and could halve the cost of storing rooftop solar power overnight',
  },
  {
    topics: ['Energy', 'Climate'],
    category: 'news',
    headline: (r) => `Heatwave strains ${r.pick(PLACES)} power grid as demand hits a record`,
    lede: () =>
      'Grid operators asked households to delay running appliances in the evening as air conditioning pushed consumption past last summer’s peak',
  },
  {
    topics: ['Batteries', 'Physics'],
    category: 'science',
    headline: (r) => `New battery chemistry could make ${r.pick(GADGETS)} last twice as long`,
    lede: (r) =>
      `Engineers at the ${r.pick(INSTITUTIONS)} say the sodium-based design survived 5,000 charge cycles in the lab, though mass production is years away`,
  },
  {
    topics: ['Health'],
    category: 'news',
    headline: (r) =>
      `Hospital waiting lists in ${r.pick(PLACES)} fall for a ${r.pick(['third', 'fifth', 'sixth'])} month`,
    lede: () =>
      'Health officials credit extra weekend clinics and shorter stays after routine surgery, but warn that winter pressures lie ahead',
  },
  {
    topics: ['Transport', 'Cities'],
    category: 'news',
    headline: (r) => `${r.pick(PLACES)} to ban cars from its old town by ${r.pick(YEARS)}`,
    lede: () =>
      'The plan turns the historic centre over to pedestrians, cyclists and delivery bikes, with exemptions for residents and emergency services',
  },
  {
    topics: ['AI', 'Health'],
    category: 'science',
    headline: (r) => `AI model spots ${r.pick(DISEASES)} in scans earlier than doctors`,
    lede: (r) =>
      `Trained on 200,000 anonymised images, the system flagged early signs a year before diagnosis in a retrospective study at the ${r.pick(INSTITUTIONS)}`,
  },
  {
    topics: ['Elections', 'Cities'],
    category: 'news',
    headline: (r) => `Polls tighten in ${r.pick(PLACES)} mayoral race days before the vote`,
    lede: () =>
      'The two leading candidates are within a few points of each other, and turnout among younger voters is expected to decide the result',
  },
  {
    topics: ['Chips', 'Trade'],
    category: 'business',
    headline: (r) => `Chip shortage delays ${r.pick(GADGETS)} deliveries into ${r.pick(YEARS)}`,
    lede: (r) =>
      `${r.pick(COMPANIES)} said suppliers of power-management chips cannot meet orders, and customers should expect longer waiting times`,
  },
  {
    topics: ['Wildlife'],
    category: 'science',
    headline: (r) => `Rangers count record number of ${r.pick(ANIMALS)} in national park`,
    lede: () =>
      'Conservationists say a decade of habitat restoration and a hunting ban are paying off, though numbers remain fragile',
  },
  {
    topics: ['Housing', 'Cities'],
    category: 'news',
    headline: (r) => `Rents in ${r.pick(PLACES)} rise ${pct(r)}% in a year, report finds`,
    lede: () =>
      'The housing report blames a shortage of new homes and a rise in short-term lets, and calls for faster planning decisions',
  },
  {
    topics: ['Labour', 'Transport'],
    category: 'business',
    headline: (r) => `Court rules ${r.pick(COMPANIES)} must pay drivers the minimum wage`,
    lede: () =>
      'Judges found that the company controls drivers’ hours and prices closely enough to count as their employer, a decision it plans to appeal',
  },
  {
    topics: ['Finance', 'Trade'],
    category: 'business',
    headline: (r) =>
      `Central bank holds rates as inflation eases to ${r.int(2, 6)}.${r.int(0, 9)}%`,
    lede: () =>
      'Policymakers said price growth is slowing faster than expected but want more evidence before cutting borrowing costs',
  },
  {
    topics: ['Energy', 'Climate'],
    category: 'news',
    headline: (r) => `Offshore wind farm near ${r.pick(PLACES)} starts supplying power`,
    lede: () =>
      'The first turbines are now connected to the grid; when complete, the farm is expected to power around 400,000 homes',
  },
  {
    topics: ['Genomics', 'Wildlife'],
    category: 'science',
    headline: (r) => `Researchers sequence genome of endangered ${r.pick(ANIMALS)}`,
    lede: (r) =>
      `The team at the ${r.pick(INSTITUTIONS)} hopes the map of genetic diversity will guide breeding programmes and reintroductions`,
  },
  {
    topics: ['Space', 'Physics'],
    category: 'science',
    headline: () => 'Rover finds traces of ancient lake bed in crater samples',
    lede: () =>
      'Mission scientists say layered rocks collected over the past year suggest standing water persisted for thousands of years',
  },
  {
    topics: ['Batteries', 'Security'],
    category: 'business',
    headline: (r) => `${r.pick(COMPANIES)} recalls 80,000 ${r.pick(GADGETS)} over battery fault`,
    lede: () =>
      'The company said a small number of units overheated while charging and asked owners to stop using them until a repair is arranged',
  },
];

const FOLLOW_UPS = [
  'Critics questioned the timing and said more detail was needed',
  'A spokesperson said further updates would follow in the coming weeks',
  'Officials expect the first changes to be visible by next spring',
  'Independent experts welcomed the move but urged caution',
  'The figures will be reviewed again at the end of the year',
] as const;

export interface NewsStory {
  readonly title: string;
  /** Ends in " ..." like a teaser, as the real sample does. */
  readonly excerpt: string;
  readonly topics: readonly string[];
  readonly category: string;
}

/** A headline, an excerpt about the same story, and the topics and category that fit it. */
export function newsStory(rng: Random): NewsStory {
  const story = rng.pick(STORIES);
  const title = story.headline(rng);
  const excerpt = `${story.lede(rng)}. ${rng.pick(FOLLOW_UPS)} ...`;
  return { title, excerpt, topics: story.topics, category: story.category };
}
