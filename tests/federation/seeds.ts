import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Confidential values planted in every seed; no response may ever contain one. */
export const SECURED_CIPHERTEXT = 'RmVkZXJhdGlvblNlY3JldENpcGhlcnRleHQ=';
export const SECURED_IV = 'AAECAwQFBgcICQoLDA0ODw==';
export const DRAFT_KEY = 'zz_draft';
export const DRAFT_TITLE = 'Embargoed: federation draft headline';
export const DRAFT_PROVIDER_DOMAIN = 'embargo.example';
export const DRAFT_TOPIC = 'Embargoed Topic';

export interface SeedsFolder {
  readonly dir: string;
  /** Keys of the published articles, in file-name order. */
  readonly keys: readonly string[];
  remove(): Promise<void>;
}

export const articleKey = (index: number): string => `fed_${String(index).padStart(3, '0')}`;

function seedText(key: string, index: number, draft: boolean): string {
  const domain = draft ? DRAFT_PROVIDER_DOMAIN : `news${index % 3}.example`;
  const topic = draft ? DRAFT_TOPIC : `Topic ${index % 4}`;
  const title = draft ? DRAFT_TITLE : `Federated article ${index}`;
  const minute = String(index % 60).padStart(2, '0');
  return `---
category: news
type: article
title: "${title}"
excerpt: "Excerpt of ${title}"
publishedDateTime: 2024-05-01T10:${minute}:00Z
sourceUrl: https://${domain}/${key}
quality: ${50 + (index % 50)}
heat: ${index % 100}
published: ${draft ? 'false' : 'true'}
provider:
  name: Provider ${domain}
  domain: ${domain}
topics:
  - ${topic}
images:
  - url: https://${domain}/${key}.jpg
    width: 800
    height: 600
    title: "${title}"
related: []
secured: "${SECURED_CIPHERTEXT};${SECURED_IV}"
---
`;
}

/** A seeds folder of `count` published articles and one draft, through the real file format. */
export async function writeSeedsFolder(count: number): Promise<SeedsFolder> {
  const dir = await mkdtemp(join(tmpdir(), 'newsgraph-federation-seeds-'));
  const keys = Array.from({ length: count }, (_, index) => articleKey(index));
  await Promise.all([
    ...keys.map((key, index) => writeFile(join(dir, `${key}.txt`), seedText(key, index, false))),
    writeFile(join(dir, `${DRAFT_KEY}.txt`), seedText(DRAFT_KEY, count, true)),
  ]);
  return { dir, keys, remove: () => rm(dir, { recursive: true, force: true }) };
}
