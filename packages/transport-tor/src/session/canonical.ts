import { createHash } from 'node:crypto';
import { SIGNATURE_SCHEME } from './headers';

/** What a signature covers. */
export interface SignedParts {
  /** HTTP method, e.g. `POST` (compared upper-cased). */
  readonly method: string;
  /** Request target as sent: path and query, e.g. `/write?db=metrics&precision=ns`. */
  readonly target: string;
  /** SHA-256 of the body bytes exactly as sent (after any Content-Encoding), hex. */
  readonly bodySha256: string;
  readonly timestampMillis: number;
  readonly nonce: string;
  readonly sessionId: string;
}

/** Hex SHA-256 of a body (an empty body for `undefined`). */
export function bodyDigest(body: Uint8Array | string | undefined): string {
  return createHash('sha256')
    .update(body ?? '')
    .digest('hex');
}

/**
 * The text that is signed: one field per line, so no field can be shifted
 * into another (no field may contain a newline: the method is a token, the
 * target is a URL path, the rest is generated).
 */
export function canonicalRequest(parts: SignedParts): Buffer {
  const q = parts.target.indexOf('?');
  const path = q === -1 ? parts.target : parts.target.slice(0, q);
  const query = q === -1 ? '' : parts.target.slice(q + 1);
  return Buffer.from(
    [SIGNATURE_SCHEME, parts.method.toUpperCase(), path, query, parts.bodySha256, String(parts.timestampMillis), parts.nonce, parts.sessionId].join('\n'),
    'utf8',
  );
}
