/** A plain server-sent-events client over fetch, as a browser EventSource or curl would use. */
export interface SseStream<T> {
  /** Every `next` event so far, in order. */
  readonly events: readonly T[];
  /** Resolves when the stream ends: true when the server completed it (`event: complete`). */
  readonly ended: Promise<boolean>;
  /** The first event at or after `from` that matches; rejects after `timeoutMs`. */
  waitFor(
    match: (event: T) => boolean,
    options?: { from?: number; timeoutMs?: number },
  ): Promise<T>;
  close(): void;
}

const DEFAULT_TIMEOUT_MS = 10_000;

export async function openSse<T>(url: string, init: RequestInit = {}): Promise<SseStream<T>> {
  const controller = new AbortController();
  const response = await fetch(url, {
    ...init,
    headers: { accept: 'text/event-stream', ...init.headers },
    signal: controller.signal,
  });
  if (!response.ok || !response.body) throw new Error(`SSE request failed: ${response.status}`);
  const events: T[] = [];
  const listeners = new Set<() => void>();
  let opened: () => void = () => {};
  const firstByte = new Promise<void>((resolve) => {
    opened = resolve;
  });
  let completed = false;
  const ended = (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      opened();
      for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const lines = block.split('\n');
        const event = lines
          .find((l) => l.startsWith('event:'))
          ?.slice(6)
          .trim();
        const data = lines
          .filter((l) => l.startsWith('data:'))
          .map((l) => l.slice(5).trim())
          .join('\n');
        if (event === 'complete') completed = true;
        if (event === 'next' && data) {
          events.push(JSON.parse(data) as T);
          for (const listener of listeners) listener();
        }
      }
    }
  })().then(
    () => completed,
    () => completed,
  );
  // The server's first ping: the subscription is registered once it has been sent.
  await firstByte;
  return {
    events,
    ended,
    waitFor(match, options = {}) {
      const from = options.from ?? 0;
      return new Promise<T>((resolve, reject) => {
        const check = () => {
          const found = events.slice(from).find(match);
          if (found === undefined) return false;
          clearTimeout(timer);
          listeners.delete(check);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(
            new Error(`no matching event within ${options.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms`),
          );
        }, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
        if (!check()) listeners.add(check);
      });
    },
    close: () => controller.abort(),
  };
}
