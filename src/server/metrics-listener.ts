import { createServer } from 'node:http';
import type { Registry } from 'prom-client';
import { listen } from './listen.ts';

export interface MetricsListener {
  /** Scheme, host and port, such as http://localhost:9464. */
  readonly origin: string;
  close(): Promise<void>;
}

/**
 * Prometheus's own port (NEWSGRAPH_METRICS_PORT): the metrics path and nothing else, so the
 * GraphQL port can face the public while draft counts and process figures stay on an internal
 * one. Plain node:http: one GET route needs no framework, and no GraphQL plugin runs here.
 */
export async function listenForScrapes(options: {
  readonly registry: Registry;
  readonly path: string;
  readonly host: string;
  readonly port: number;
}): Promise<MetricsListener> {
  const { registry } = options;
  const server = createServer((req, res) => {
    if (req.url?.split('?')[0] !== options.path) {
      res.writeHead(404).end();
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    registry.metrics().then(
      (text) => {
        res.writeHead(200, { 'content-type': registry.contentType });
        res.end(req.method === 'HEAD' ? undefined : text);
      },
      () => res.writeHead(500).end(),
    );
  });
  const origin = await listen(server, options.port, options.host);
  return {
    origin,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
