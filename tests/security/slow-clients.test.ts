import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/server/config.ts';
import type { RunningServer } from '../../src/server/http.ts';
import {
  DEFAULT_HEADERS_TIMEOUT_MS,
  DEFAULT_MAX_CONNECTIONS,
  DEFAULT_REQUEST_TIMEOUT_MS,
} from '../../src/server/security/settings.ts';
import { post } from '../fixtures/http-client.ts';
import { startSecuredServer } from './harness.ts';

/** Small on purpose, so the test waits a fraction of a second instead of the defaults' seconds. */
const HEADERS_TIMEOUT_MS = 200;
const REQUEST_TIMEOUT_MS = 400;
const MAX_CONNECTIONS = 3;

let server: RunningServer;

beforeAll(async () => {
  server = await startSecuredServer(
    {
      headersTimeoutMs: HEADERS_TIMEOUT_MS,
      requestTimeoutMs: REQUEST_TIMEOUT_MS,
      maxConnections: MAX_CONNECTIONS,
    },
    [],
  );
});
afterAll(() => server.close());

interface RawConnection {
  readonly socket: Socket;
  /** Everything the server sent, once it closed the connection. */
  readonly closed: Promise<string>;
}

async function open(): Promise<RawConnection> {
  const { hostname, port } = new URL(server.origin);
  const socket = connect({ host: hostname, port: Number(port) });
  let received = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    received += chunk;
  });
  const closed = new Promise<string>((resolve) => {
    socket.on('close', () => resolve(received));
    // A reset (the server destroying the socket) is a close as far as the client can tell.
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  return { socket, closed };
}

describe('slow clients', () => {
  it('cuts off a connection that never finishes its headers', async () => {
    const { socket, closed } = await open();
    socket.write(`GET /healthz HTTP/1.1\r\nHost: ${new URL(server.origin).host}\r\nX-Slow: a`);
    // Nothing more is ever sent; the server must end the connection by itself.
    const answer = await closed;
    expect(answer === '' || answer.startsWith('HTTP/1.1 408')).toBe(true);
  });

  it('cuts off a connection whose body never arrives in full', async () => {
    const { socket, closed } = await open();
    socket.write(
      `POST /graphql HTTP/1.1\r\nHost: ${new URL(server.origin).host}\r\n` +
        'Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"query":',
    );
    const answer = await closed;
    expect(answer === '' || answer.startsWith('HTTP/1.1 408')).toBe(true);
  });

  it('closes connections beyond NEWSGRAPH_MAX_CONNECTIONS on arrival, and serves again after', async () => {
    const held = await Promise.all(Array.from({ length: MAX_CONNECTIONS }, () => open()));
    const extra = await open();
    expect(await extra.closed).toBe('');
    for (const connection of held) connection.socket.destroy();
    await Promise.all(held.map((connection) => connection.closed));
    const served = await post(server.url, { query: '{ articles(first: 1) { totalCount } }' });
    expect(served.status).toBe(200);
  });

  it('takes its limits from the environment, with defaults no browser reaches', () => {
    const config = (env: NodeJS.ProcessEnv) => {
      const resolved = resolveConfig([], env);
      return resolved.kind === 'config' ? resolved.config : resolved;
    };
    expect(config({})).toMatchObject({
      headersTimeoutMs: DEFAULT_HEADERS_TIMEOUT_MS,
      requestTimeoutMs: DEFAULT_REQUEST_TIMEOUT_MS,
      maxConnections: DEFAULT_MAX_CONNECTIONS,
    });
    expect(
      config({
        NEWSGRAPH_HEADERS_TIMEOUT_MS: '5000',
        NEWSGRAPH_REQUEST_TIMEOUT_MS: '8000',
        NEWSGRAPH_MAX_CONNECTIONS: '100',
      }),
    ).toMatchObject({ headersTimeoutMs: 5_000, requestTimeoutMs: 8_000, maxConnections: 100 });
    expect(
      config({ NEWSGRAPH_HEADERS_TIMEOUT_MS: '9000', NEWSGRAPH_REQUEST_TIMEOUT_MS: '8000' }),
    ).toEqual({
      kind: 'error',
      problems: [
        'NEWSGRAPH_HEADERS_TIMEOUT_MS: must not be longer than NEWSGRAPH_REQUEST_TIMEOUT_MS',
      ],
    });
  });
});
