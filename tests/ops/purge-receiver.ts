import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One purge request as an edge cache received it. */
export interface ReceivedPurge {
  readonly method: string;
  readonly path: string;
  /** The tags named in the xkey-purge header, in the order sent. */
  readonly tags: readonly string[];
  readonly headerBytes: number;
  /** The Authorization header, when the sender had credentials in its URL. */
  readonly authorization?: string | undefined;
}

/** What the receiver does with the next request: answer with a status, or never answer. */
export type Reply = number | 'hang';

export interface PurgeReceiver {
  readonly url: string;
  readonly received: ReceivedPurge[];
  /** Replies for the next requests, in order; after them every request gets 200. */
  reply(...replies: Reply[]): void;
  /** Resolves once `count` requests have arrived in all. */
  until(count: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * A stand-in for Varnish's purge endpoint over real HTTP: records every request and answers as
 * scripted, so the sender's retries, refusals and timeouts run against a real socket.
 */
export async function startPurgeReceiver(): Promise<PurgeReceiver> {
  const received: ReceivedPurge[] = [];
  const replies: Reply[] = [];
  const hanging: ServerResponse[] = [];
  let waiters: { count: number; resolve: () => void }[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const header = req.headers['xkey-purge'];
    const value = typeof header === 'string' ? header : '';
    received.push({
      method: req.method ?? '',
      path: req.url ?? '',
      tags: value === '' ? [] : value.split(' '),
      headerBytes: Buffer.byteLength(value),
      authorization: req.headers.authorization,
    });
    const ready = waiters.filter((waiter) => received.length >= waiter.count);
    waiters = waiters.filter((waiter) => received.length < waiter.count);
    for (const waiter of ready) waiter.resolve();
    const reply = replies.shift() ?? 200;
    if (reply === 'hang') {
      hanging.push(res);
      return;
    }
    res.writeHead(reply, { 'content-type': 'text/plain' }).end(`status ${reply}`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    received,
    reply: (...next) => replies.push(...next),
    until: (count) =>
      received.length >= count
        ? Promise.resolve()
        : new Promise<void>((resolve) => waiters.push({ count, resolve })),
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
