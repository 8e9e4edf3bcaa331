import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { RawResponse } from '../targets.ts';

/**
 * The ceiling: plain node:http writing the bytes of newsgraph's own answers, one fixed response
 * per path: the body and the headers newsgraph's cache hit wrote (node:http adds Date and
 * Connection to both). No parsing, no GraphQL; what is left is HTTP and the load generator.
 * BENCH_RAW_RESPONSES names a JSON file `{ "/path": RawResponse }`.
 */
const port = Number(process.env.BENCH_PORT);
const table = JSON.parse(readFileSync(String(process.env.BENCH_RAW_RESPONSES), 'utf8')) as Record<
  string,
  RawResponse
>;
const responses = new Map(
  Object.entries(table).map(([path, response]) => {
    const body = readFileSync(response.body);
    const headers = [...response.headers.flat(), 'content-length', String(body.length)];
    return [path, { body, headers }];
  }),
);

const server = createServer((req, res) => {
  req.resume();
  const response = responses.get(req.url ?? '');
  if (!response) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, response.headers);
  res.end(response.body);
});
server.listen(port, '127.0.0.1');
process.on('SIGINT', () => server.close(() => process.exit(0)));
