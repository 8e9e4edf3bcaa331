import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

/**
 * The ceiling: plain node:http writing bytes captured from newsgraph's own answers, one fixed
 * response per path. No parsing, no GraphQL; what is left is HTTP and the load generator.
 * BENCH_RAW_RESPONSES names a JSON file `{ "/path": "file with the response bytes" }`.
 */
const port = Number(process.env.BENCH_PORT);
const table = JSON.parse(readFileSync(String(process.env.BENCH_RAW_RESPONSES), 'utf8')) as Record<
  string,
  string
>;
const responses = new Map(Object.entries(table).map(([path, file]) => [path, readFileSync(file)]));

const server = createServer((req, res) => {
  req.resume();
  const bytes = responses.get(req.url ?? '');
  if (!bytes) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': bytes.length,
  });
  res.end(bytes);
});
server.listen(port, '127.0.0.1');
process.on('SIGINT', () => server.close(() => process.exit(0)));
