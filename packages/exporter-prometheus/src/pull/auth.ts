import { createHash, timingSafeEqual } from 'crypto';
import type { IncomingMessage } from 'http';
import { authorizationHeader, validateAuth } from '@meterwork/core/internal';

/** Checks an `Authorization` header; comparison in constant time (SHA-256 digests, so lengths never leak). */
export interface AuthChecker {
  check(req: IncomingMessage): boolean;
  /** `WWW-Authenticate` challenge for the 401 response. */
  readonly challenge: string;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** The checker for the `auth` option (`{ bearer }` or `{ basic: { username, password } }`); throws InvalidOptionError. */
export function createAuthChecker(auth: unknown): AuthChecker {
  const options = validateAuth('PrometheusPullReader', 'auth', auth);
  const expected = authorizationHeader(options);
  const challenge = 'bearer' in options ? 'Bearer realm="metrics"' : 'Basic realm="metrics", charset="UTF-8"';
  const expectedDigest = digest(expected);
  const scheme = expected.slice(0, expected.indexOf(' ') + 1).toLowerCase();
  return {
    challenge,
    check(req: IncomingMessage): boolean {
      const header = req.headers.authorization;
      if (typeof header !== 'string') return false;
      // The scheme is case-insensitive (RFC 9110); the credentials are not.
      const normalized =
        header.slice(0, scheme.length).toLowerCase() === scheme ? expected.slice(0, scheme.length) + header.slice(scheme.length).trim() : header;
      return timingSafeEqual(digest(normalized), expectedDigest);
    },
  };
}
