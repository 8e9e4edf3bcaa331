import { inspect } from 'node:util';

const REDACTED = '[secured]';

/**
 * The `secured` blob (`<base64 ciphertext>;<base64 16-byte IV>`). The value sits in a private
 * field and every serialisation path (JSON, string, util.inspect, pino) prints a placeholder,
 * so an article record can be logged or cached without leaking it.
 */
export class SecuredBlob {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  /** The raw blob; call only where the confidential value is really needed. */
  reveal(): string {
    return this.#value;
  }

  toJSON(): string {
    return REDACTED;
  }

  toString(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}
