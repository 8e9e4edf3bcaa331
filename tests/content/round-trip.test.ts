import path from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadSeeds } from '../../src/content/load.ts';
import { SecuredBlob } from '../../src/content/secured.ts';
import { SAMPLE, SAMPLE_SECURED, withLine } from './helpers.ts';

const SEEDS = path.resolve(import.meta.dirname, '../../seeds');

describe('the real sample seed', () => {
  it('reaches the article record with every value, correctly typed', async () => {
    const load = await loadSeeds(SEEDS);
    expect(load.errors).toEqual([]);
    expect(load.warnings).toEqual([]);
    expect(load.files).toBe(1);
    const [article] = load.articles;
    expect(article).toEqual({
      key: '000_d8f64479a819c861',
      file: '000_d8f64479a819c861.txt',
      category: 'news',
      type: 'article',
      title: 'Deep learning identifies molecular patterns of cancer',
      excerpt:
        'A new deep-learning algorithm can quickly and accurately analyze several types of genomic data from colorectal tumors for more accurate classification, which could help improve diagnosis and related treatment options, according to new research published in ...',
      publishedDateTime: new Date('2019-12-03T12:41:00Z'),
      sourceUrl: 'https://medicalxpress.com/news/2019-12-deep-molecular-patterns-cancer.html',
      ampUrl: 'https://medicalxpress.com/news/2019-12-deep-molecular-patterns-cancer.amp',
      cdnAmpUrl:
        'https://medicalxpress-com.cdn.ampproject.org/c/s/medicalxpress.com/news/2019-12-deep-molecular-patterns-cancer.amp',
      quality: 59,
      heat: 69,
      published: true,
      provider: { name: 'Medical Xpress', domain: 'medicalxpress.com' },
      topics: ['AI', 'Machine Learning'],
      images: [
        {
          url: 'https://scx2.b-cdn.net/gfx/news/hires/2019/24-deeplearning.jpg',
          width: 1920,
          height: 960,
          title: 'Deep learning identifies molecular patterns of cancer',
        },
      ],
      related: [
        {
          title: 'Deep learning identifies colorectal cancer tumors with 100 percent accuracy',
          excerpt:
            'Researchers at Washington University in St. Louis are using an emerging medical imaging technique with deep learning to diagnose colorectal cancer in real time. In a pilot study, investigators developed a deep learning-based pattern recognition optical ...',
          publishedDateTime: new Date('2019-12-06T03:55:00Z'),
          sourceUrl:
            'https://www.healthdatamanagement.com/news/deep-learning-identifies-colorectal-cancer-tumors-with-100-percent-accuracy',
          type: 'article',
          provider: { name: 'Health Data Management', domain: 'healthdatamanagement.com' },
          quality: 37,
          images: [
            {
              url: 'https://sourcemedia.brightspotcdn.com/dims4/default/ab57856/2147483647/strip/true/crop/853x448+0+16/resize/1200x630!/quality/90/?url=https%3A%2F%2Fsourcemedia.brightspotcdn.com%2F02%2Fd7%2F7a00f2c8455f9ddeff8afc3b744b%2Fpr-oct-imaging-crop.jpg',
              width: 1200,
              height: 630,
              title: null,
            },
          ],
        },
      ],
      publishAt: null,
      expiresAt: null,
      updatedDateTime: null,
      corrections: [],
      secured: expect.any(SecuredBlob),
      extra: {},
    });
    expect(article?.publishedDateTime).toBeInstanceOf(Date);
    expect(article?.related[0]?.publishedDateTime).toBeInstanceOf(Date);
    expect(article?.secured?.reveal()).toBe(SAMPLE_SECURED);
    expect(SAMPLE_SECURED).toMatch(/;oYqnNVTHfyT8fo\+ySvkO1g==$/);
  });

  it('keeps secured out of JSON, strings and inspection of the record', async () => {
    const [article] = (await loadSeeds(SEEDS)).articles;
    const secret = SAMPLE_SECURED.slice(0, 24);
    expect(JSON.stringify(article)).not.toContain(secret);
    expect(inspect(article, { depth: 10 })).not.toContain(secret);
    expect(String(article?.secured)).not.toContain(secret);
  });

  it('accepts publishedDateTime quoted as well as unquoted, to the same instant', async () => {
    const { outcomeOf } = await import('./helpers.ts');
    const quoted = withLine('publishedDateTime:', 'publishedDateTime: "2019-12-03T12:41:00Z"');
    const plain = outcomeOf(SAMPLE).article?.publishedDateTime;
    expect(outcomeOf(quoted).article?.publishedDateTime).toEqual(plain);
    const offset = withLine('publishedDateTime:', 'publishedDateTime: "2019-12-03T13:41:00+01:00"');
    expect(outcomeOf(offset).article?.publishedDateTime).toEqual(plain);
  });

  it('returns frozen records', async () => {
    const [article] = (await loadSeeds(SEEDS)).articles;
    expect(Object.isFrozen(article)).toBe(true);
    expect(Object.isFrozen(article?.related[0])).toBe(true);
    expect(Object.isFrozen(article?.topics)).toBe(true);
  });
});
