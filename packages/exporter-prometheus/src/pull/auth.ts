import { createHash, timingSafeEqual } from 'crypto';
import type { IncomingMessage } from 'http';

/** Endpoint authentication. */
export type PullAuthOptions =
  | { readonly type: 'bearer'; readonly token: string }
  | { readonly type: 'basic'; readonly username: string; readonly password: string };

/** Checks an `Authorization` header; comparison in constant time (SHA-256 digests, so lengths never leak). */
export interface AuthChecker {
  check(req: IncomingMessage): boolean;
  /** `WWW-Authenticate` challenge for the 401 response. */
  readonly challenge: string;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

export function createAuthChecker(options: PullAuthOptions): AuthChecker {
  let expected: string;
  let challenge: string;
  if (options.type === 'bearer') {
    if (typeof options.token !== 'string' || options.token.length === 0) throw new TypeError("PrometheusPullReader: option 'auth.token' must be a non-empty string");
    expected = 'Bearer ' + options.token;
    challenge = 'Bearer realm="metrics"';
  } else if (options.type === 'basic') {
    if (typeof options.username !== 'string' || options.username.includes(':')) throw new TypeError("PrometheusPullReader: option 'auth.username' must be a string without ':'");
    if (typeof options.password !== 'string') throw new TypeError("PrometheusPullReader: option 'auth.password' must be a string");
    expected = 'Basic ' + Buffer.from(options.username + ':' + options.password, 'utf8').toString('base64');
    challenge = 'Basic realm="metrics", charset="UTF-8"';
  } else {
    throw new TypeError(`PrometheusPullReader: option 'auth.type' must be 'bearer' or 'basic', got '${String((options as { type: unknown }).type)}'`);
  }
  const expectedDigest = digest(expected);
  const scheme = expected.slice(0, expected.indexOf(' ') + 1).toLowerCase();
  return {
    challenge,
    check(req: IncomingMessage): boolean {
      const header = req.headers.authorization;
      if (typeof header !== 'string') return false;
      // The scheme is case-insensitive (RFC 9110); the credentials are not.
      const normalized = header.slice(0, scheme.length).toLowerCase() === scheme ? expected.slice(0, scheme.length) + header.slice(scheme.length).trim() : header;
      return timingSafeEqual(digest(normalized), expectedDigest);
    },
  };
}
