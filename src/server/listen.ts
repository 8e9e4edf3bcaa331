import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Listens (port 0 picks a free port); resolves with the origin, such as http://localhost:4000. */
export async function listen(server: Server, port: number, host: string): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  // A wildcard bind is reachable as localhost; an IPv6 literal needs brackets in a URL.
  const name = ['0.0.0.0', '::', ''].includes(host) ? 'localhost' : host;
  return `http://${name.includes(':') ? `[${name}]` : name}:${bound}`;
}
