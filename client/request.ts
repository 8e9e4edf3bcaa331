import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { getOperationAST, print } from 'graphql';

export interface NewsgraphClientOptions {
  /** The GraphQL endpoint, such as http://localhost:4000/graphql. */
  readonly endpoint: string;
  /** Sent with every request, e.g. `{ authorization: 'Bearer <preview token>' }`. */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * Send only the document's hash (`documentId`), for servers running trusted documents
   * (NEWSGRAPH_PERSISTED_OPERATIONS=only with the manifest `npm run codegen` writes).
   */
  readonly persisted?: boolean;
  readonly fetch?: typeof fetch;
}

export interface NewsgraphError {
  readonly message: string;
  readonly path?: readonly (string | number)[];
  readonly extensions?: { readonly code?: string } & Readonly<Record<string, unknown>>;
}

export const CLIENT_ERROR_CODE = {
  HttpStatus: 'CLIENT_HTTP_STATUS',
  GraphQLErrors: 'CLIENT_GRAPHQL_ERRORS',
  NotPersisted: 'CLIENT_DOCUMENT_NOT_PERSISTED',
} as const;
export type ClientErrorCode = (typeof CLIENT_ERROR_CODE)[keyof typeof CLIENT_ERROR_CODE];

/** A failed request: the HTTP status and the GraphQL errors the server gave, if any. */
export class NewsgraphRequestError extends Error {
  readonly code: ClientErrorCode;
  readonly status: number;
  readonly errors: readonly NewsgraphError[];
  constructor(code: ClientErrorCode, status: number, errors: readonly NewsgraphError[]) {
    super(errors.length > 0 ? errors.map((error) => error.message).join('; ') : `HTTP ${status}`);
    this.code = code;
    this.status = status;
    this.errors = errors;
    this.name = 'NewsgraphRequestError';
  }

  /** The `extensions.code` of each error, in order. */
  get errorCodes(): (string | undefined)[] {
    return this.errors.map((error) => error.extensions?.code);
  }
}

interface ExecutionBody<TResult> {
  readonly data?: TResult | null;
  readonly errors?: readonly NewsgraphError[];
}

/** Variables may be left out only when the operation has no required ones. */
type VariablesArgument<TVariables> =
  Record<string, never> extends TVariables ? [variables?: TVariables] : [variables: TVariables];

/** The hash the client preset embeds in each operation when `persistedDocuments` is on. */
function documentHash(document: TypedDocumentNode<unknown, never>): string | undefined {
  return (document as { __meta__?: { hash?: unknown } }).__meta__?.hash as string | undefined;
}

/**
 * A typed client for the operations in client/generated: `request(FeedPageDocument, { first })`
 * resolves to `FeedPageQuery`. Any GraphQL error rejects with NewsgraphRequestError.
 */
export function createNewsgraphClient(options: NewsgraphClientOptions) {
  const send = options.fetch ?? fetch;

  function body(document: TypedDocumentNode<unknown, never>, variables: unknown) {
    const operationName = getOperationAST(document)?.name?.value;
    if (options.persisted) {
      const hash = documentHash(document);
      if (!hash) {
        throw new NewsgraphRequestError(CLIENT_ERROR_CODE.NotPersisted, 0, [
          { message: `${operationName ?? 'this operation'} has no persisted-document hash` },
        ]);
      }
      return { documentId: hash, operationName, variables };
    }
    return { query: print(document), operationName, variables };
  }

  async function request<TResult, TVariables>(
    document: TypedDocumentNode<TResult, TVariables>,
    ...[variables]: VariablesArgument<TVariables>
  ): Promise<TResult> {
    const response = await send(options.endpoint, {
      method: 'POST',
      headers: {
        accept: 'application/graphql-response+json, application/json',
        'content-type': 'application/json',
        ...options.headers,
      },
      body: JSON.stringify(body(document as TypedDocumentNode<unknown, never>, variables ?? {})),
    });
    const result = (await response.json().catch(() => ({}))) as ExecutionBody<TResult>;
    if (result.errors && result.errors.length > 0) {
      throw new NewsgraphRequestError(
        CLIENT_ERROR_CODE.GraphQLErrors,
        response.status,
        result.errors,
      );
    }
    if (!response.ok || result.data == null) {
      throw new NewsgraphRequestError(CLIENT_ERROR_CODE.HttpStatus, response.status, []);
    }
    return result.data;
  }

  return { request };
}

export type NewsgraphClient = ReturnType<typeof createNewsgraphClient>;
