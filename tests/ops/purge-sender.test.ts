import { Writable } from 'node:stream';
import fc from 'fast-check';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/observability/logger.ts';
import {
  createPurgeSender,
  MAX_PENDING_TAGS,
  MAX_PURGE_HEADER_BYTES,
  PURGE_ALL_TAG,
  type PurgeSender,
  purgeBatches,
} from '../../src/server/purge/sender.ts';
import { parseExposition, sampleValue } from './prometheus.ts';
import { type PurgeReceiver, startPurgeReceiver } from './purge-receiver.ts';

/** Short waits so retries run in milliseconds; the order of events is what the tests check. */
const FAST_RETRIES = [5, 10, 20];

const receivers: PurgeReceiver[] = [];
const senders: PurgeSender[] = [];
afterEach(async () => {
  for (const sender of senders.splice(0)) sender.close();
  await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
});

async function receiver(): Promise<PurgeReceiver> {
  const started = await startPurgeReceiver();
  receivers.push(started);
  return started;
}

/** A real logger writing JSON lines into memory. */
function memoryLogger() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: createLogger('debug', sink), lines };
}

function sender(urls: string[], options: { timeoutMs?: number } = {}) {
  const registry = new Registry();
  const { logger, lines } = memoryLogger();
  const created = createPurgeSender({
    urls,
    logger,
    registry,
    retryDelaysMs: FAST_RETRIES,
    ...options,
  });
  senders.push(created);
  const counted = async (outcome: string) =>
    sampleValue(parseExposition(await registry.metrics()), 'newsgraph_edge_purge_requests_total', {
      outcome,
    }) ?? 0;
  return { sender: created, lines, counted };
}

describe('the purge sender', () => {
  it('sends the tags to every edge as PURGE with an xkey-purge header, and returns at once', async () => {
    const [a, b] = [await receiver(), await receiver()];
    const { sender: purges, counted } = sender([a.url, b.url]);
    purges.purge(['article:a01', 'articles', 'feeds']);
    // Nothing is sent inside the call: the caller (a swap listener) is never held up.
    expect(a.received).toEqual([]);
    await purges.idle();
    for (const edge of [a, b]) {
      expect(edge.received).toEqual([
        { method: 'PURGE', path: '/', tags: ['article:a01', 'articles', 'feeds'], headerBytes: 26 },
      ]);
    }
    expect(await counted('sent')).toBe(2);
  });

  it('retries a failing edge with the tags that arrived meanwhile, and counts the retries', async () => {
    const edge = await receiver();
    edge.reply(503, 503);
    const { sender: purges, counted, lines } = sender([edge.url]);
    purges.purge(['article:a01']);
    await edge.until(1);
    purges.purge(['article:a02']);
    await purges.idle();
    const sent = edge.received.map((request) => [...request.tags].sort());
    // The last request carries everything that was not yet accepted.
    expect(sent.at(-1)).toEqual(['article:a01', 'article:a02']);
    expect(edge.received).toHaveLength(3);
    expect(await counted('retried')).toBe(2);
    expect(await counted('sent')).toBe(1);
    expect(await counted('failed')).toBe(0);
    expect(lines.filter((line) => line.level === 40)).toEqual([]);
  });

  it('gives up after the last retry, logs it without credentials, and keeps sending later changes', async () => {
    const edge = await receiver();
    edge.reply(500, 500, 500, 500);
    const url = new URL(edge.url);
    url.username = 'purger';
    url.password = 'edge-secret';
    url.search = '?token=edge-secret';
    const { sender: purges, counted, lines } = sender([url.href]);
    purges.purge(['article:a01']);
    await purges.idle();
    expect(edge.received).toHaveLength(1 + FAST_RETRIES.length);
    expect(await counted('failed')).toBe(1);
    const warnings = lines.filter((line) => line.level === 40);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({
      endpoint: edge.url,
      tags: 1,
      attempts: 1 + FAST_RETRIES.length,
      reason: 'answered 500',
    });
    expect(JSON.stringify(lines)).not.toContain('edge-secret');
    // fetch refuses credentials in a URL: they go as Basic authentication instead.
    const basic = `Basic ${Buffer.from('purger:edge-secret').toString('base64')}`;
    expect(edge.received.every((request) => request.authorization === basic)).toBe(true);

    purges.purge(['article:a02']);
    await purges.idle();
    expect(edge.received.at(-1)?.tags).toEqual(['article:a02']);
    expect(await counted('sent')).toBe(1);
  });

  it('does not retry a refusal (the edge’s ACL, a wrong URL): asking again would not help', async () => {
    const edge = await receiver();
    edge.reply(403);
    const { sender: purges, counted, lines } = sender([edge.url]);
    purges.purge(['article:a01']);
    await purges.idle();
    expect(edge.received).toHaveLength(1);
    expect(await counted('failed')).toBe(1);
    expect(lines.find((line) => line.level === 40)).toMatchObject({ reason: 'answered 403' });
  });

  it('keeps serving other edges while one never answers, and times that one out', async () => {
    const [stuck, healthy] = [await receiver(), await receiver()];
    stuck.reply('hang');
    const { sender: purges, counted } = sender([stuck.url, healthy.url], { timeoutMs: 200 });
    purges.purge(['article:a01']);
    await healthy.until(1);
    purges.purge(['article:a02']);
    await healthy.until(2);
    expect(healthy.received.map((request) => request.tags)).toEqual([
      ['article:a01'],
      ['article:a02'],
    ]);
    await purges.idle();
    // The stuck edge timed out once, then got the changes again.
    const retried = stuck.received.slice(1).flatMap((request) => request.tags);
    expect(new Set(retried)).toEqual(new Set(['article:a01', 'article:a02']));
    expect(await counted('retried')).toBe(1);
  });

  it('sends a long change set as several requests, each within the header budget', async () => {
    const edge = await receiver();
    const { sender: purges } = sender([edge.url]);
    const tags = Array.from({ length: 2_000 }, (_, i) => `article:key-${i}`);
    purges.purge(tags);
    await purges.idle();
    expect(edge.received.length).toBeGreaterThan(1);
    expect(edge.received.every((r) => r.headerBytes <= MAX_PURGE_HEADER_BYTES)).toBe(true);
    expect(edge.received.flatMap((r) => r.tags).sort()).toEqual([...tags].sort());
  });

  it('purges everything instead of a backlog too long to send tag by tag', async () => {
    const edge = await receiver();
    const { sender: purges } = sender([edge.url]);
    purges.purge(Array.from({ length: MAX_PENDING_TAGS + 1 }, (_, i) => `article:k${i}`));
    await purges.idle();
    expect(edge.received.map((request) => request.tags)).toEqual([[PURGE_ALL_TAG]]);
  });

  it('sends nothing once closed, and abandons what was waiting for a retry', async () => {
    const edge = await receiver();
    edge.reply(503);
    const { sender: purges } = sender([edge.url]);
    purges.purge(['article:a01']);
    await edge.until(1);
    purges.close();
    purges.purge(['article:a02']);
    await purges.idle();
    expect(edge.received).toHaveLength(1);
  });
});

describe('purge batches', () => {
  it('hold every tag once, in order, each batch within the budget unless one tag exceeds it', () => {
    const tag = fc.stringMatching(/^[a-z:%0-9-]{1,400}$/);
    fc.assert(
      fc.property(fc.array(tag, { maxLength: 200 }), (tags) => {
        const batches = purgeBatches(tags);
        expect(batches.flatMap((batch) => batch.split(' '))).toEqual(tags);
        for (const batch of batches) {
          if (batch.includes(' ')) expect(batch.length).toBeLessThanOrEqual(MAX_PURGE_HEADER_BYTES);
        }
      }),
    );
  });
});
