import type { LoadRequest } from './load-test.ts';
import { body, PROBE, TINY, WALK_PAGE } from './operations.ts';
import type { CorpusFacts, Scenario } from './scenarios.ts';
import { WALK_PAGES } from './settings.ts';

export interface Answer {
  readonly status: number;
  readonly text: string;
  readonly bytes: Buffer;
  readonly json: { data?: unknown; errors?: unknown[] } | null;
  /** The response's headers but those node:http writes itself (Date, Connection, Keep-Alive). */
  readonly headers: readonly (readonly [string, string])[];
}

/** Written by node:http on every response, so not part of what a server chooses to write. */
const TRANSPORT_HEADERS = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);

export async function send(origin: string, request: LoadRequest): Promise<Answer> {
  const response =
    request.method === 'GET'
      ? await fetch(origin + request.path, { headers: { ...request.headers } })
      : await fetch(origin + request.path, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'application/json',
            ...request.headers,
          },
          body: request.body,
        });
  const bytes = Buffer.from(await response.arrayBuffer());
  const text = bytes.toString('utf8');
  let json: Answer['json'] = null;
  try {
    json = JSON.parse(text) as Answer['json'];
  } catch {}
  const headers = [...response.headers].filter(([name]) => !TRANSPORT_HEADERS.has(name));
  return { status: response.status, text, bytes, json, headers };
}

export async function isGraphqlReady(origin: string): Promise<boolean> {
  const answer = await send(origin, { path: '/graphql', body: body(TINY) });
  return answer.status === 200 && answer.json?.data !== undefined;
}

/**
 * newsgraph builds its search index, facet table and story groups after it is ready, in slices
 * (about 4 s of CPU at 100,000 articles): a measurement taken meanwhile shares the CPU with that
 * build. This query needs all three, so once it is answered they exist.
 */
const DISCOVERY = /* GraphQL */ `{
  search(query: "news", first: 1) {
    totalCount
    facets { total }
    edges { node { coverage { articleCount } } }
  }
}`;

export async function isNewsgraphWarm(origin: string): Promise<boolean> {
  if (!(await isGraphqlReady(origin))) return false;
  const answer = await send(origin, { path: '/graphql', body: body(DISCOVERY) });
  return answer.status === 200 && answer.json?.errors === undefined;
}

type Connection = { edges: { cursor?: string; node: Record<string, unknown> }[] } & {
  pageInfo?: { endCursor: string | null; hasNextPage: boolean };
};

/**
 * Finds an article, a topic and a provider to address, the cursors of the walk, and the keys of
 * the articles the walk passes (the distinct-key lookups).
 */
export async function discoverFacts(origin: string): Promise<CorpusFacts> {
  const probe = await send(origin, { path: '/graphql', body: body(PROBE) });
  const first = (probe.json?.data as { articles: Connection } | undefined)?.articles.edges[0]?.node;
  if (!first) throw new Error(`the probe found no article: ${probe.text.slice(0, 500)}`);
  const article = first as {
    key: string;
    topics: { name: string }[];
    provider: { domain: string };
  };
  const walkCursors: (string | null)[] = [null];
  const articleKeys: string[] = [];
  for (;;) {
    const after = walkCursors.at(-1) ?? null;
    const page = await send(origin, { path: '/graphql', body: body(WALK_PAGE, { after }) });
    const articles = (page.json?.data as { articles: Connection } | undefined)?.articles;
    for (const edge of articles?.edges ?? []) articleKeys.push(String(edge.node.key));
    if (walkCursors.length === WALK_PAGES) break;
    const info = articles?.pageInfo;
    if (!info?.endCursor || !info.hasNextPage) {
      throw new Error(
        `the walk ended after ${walkCursors.length} pages: ${page.text.slice(0, 300)}`,
      );
    }
    walkCursors.push(info.endCursor);
  }
  const topicName = article.topics[0]?.name;
  if (!topicName) throw new Error('the probed article has no topic');
  return {
    articleKey: article.key,
    articleKeys,
    topicName,
    providerDomain: article.provider.domain,
    walkCursors,
  };
}

/**
 * Sends each request of a scenario once and checks the answer is what the scenario measures:
 * data without errors, or a rejection without data. A benchmark of error pages is worthless.
 */
export async function verify(
  origin: string,
  scenario: Scenario,
  facts: CorpusFacts,
): Promise<Answer[]> {
  const answers: Answer[] = [];
  for (const request of scenario.requests(facts)) {
    const answer = await send(origin, request);
    const errors = answer.json?.errors;
    const ok =
      scenario.expect === 'document'
        ? answer.status === 200 && answer.bytes.length > 0
        : scenario.expect === 'data'
          ? answer.status === 200 && answer.json?.data && !errors
          : Array.isArray(errors) && errors.length > 0 && !answer.json?.data;
    if (!ok) {
      throw new Error(
        `${scenario.name} on ${origin}: expected ${scenario.expect}, got ${answer.status} ${answer.text.slice(0, 400)}`,
      );
    }
    answers.push(answer);
  }
  return answers;
}
