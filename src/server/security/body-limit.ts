import type { IncomingMessage, ServerResponse } from 'node:http';

export const BodyLimitErrorCode = {
  TooLarge: 'REQUEST_ENTITY_TOO_LARGE',
} as const;

const TOO_LARGE_BODY = JSON.stringify({
  errors: [
    {
      message: 'Request body too large',
      extensions: { code: BodyLimitErrorCode.TooLarge },
    },
  ],
});

/** A request whose chunked body was read here; whatwg-node takes a Buffer `body` as read. */
export type BufferedRequest = IncomingMessage & { body?: Buffer };

/**
 * Hands a body read from the stream on to Yoga. whatwg-node takes an empty `body` for "not read
 * yet" and waits for the stream, which has ended (the request hung): a body that turned out
 * empty is handed on as one space, which means the same to JSON (no document, the same 400).
 */
export function keepReadBody(req: IncomingMessage, body: Buffer): void {
  (req as BufferedRequest).body = body.length > 0 ? body : Buffer.from(' ');
}

function refuse(res: ServerResponse, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  // Closing the connection means the rest of an oversized body is never read.
  res.writeHead(413, {
    ...headers,
    connection: 'close',
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(TOO_LARGE_BODY),
  });
  res.end(TOO_LARGE_BODY);
}

/**
 * The request-body size limit, enforced in the listener before Yoga sees the request. Yoga's own
 * limit (`maxRequestBodySize`) pipes every body through a TransformStream, which profiles showed
 * costing more than the rest of a small request; here a body with a Content-Length costs one
 * comparison (Node's parser has already refused malformed or conflicting lengths and never
 * reads past the declared length), and only a chunked body, which declares no length, is read
 * and counted: it is buffered up to `maxBytes` and handed to Yoga as `req.body`, or refused with
 * 413 the moment it passes the limit. Calls `next` only for a request within the limit.
 */
export function limitRequestBody(
  req: IncomingMessage,
  res: ServerResponse,
  maxBytes: number,
  next: () => void,
  /** Headers of a 413 beyond its own (the request id, when not set on `res` already). */
  refusalHeaders?: Record<string, string>,
): void {
  const declared = req.headers['content-length'];
  if (declared !== undefined) {
    if (Number(declared) > maxBytes) refuse(res, refusalHeaders);
    else next();
    return;
  }
  if (req.headers['transfer-encoding'] === undefined) {
    next();
    return;
  }
  const chunks: Buffer[] = [];
  let received = 0;
  const onData = (chunk: Buffer) => {
    received += chunk.length;
    if (received > maxBytes) {
      req.off('data', onData);
      req.off('end', onEnd);
      req.pause();
      refuse(res, refusalHeaders);
      return;
    }
    chunks.push(chunk);
  };
  const onEnd = () => {
    keepReadBody(req, Buffer.concat(chunks, received));
    next();
  };
  req.on('data', onData);
  req.on('end', onEnd);
}
