import { createHash, timingSafeEqual } from 'crypto';
import type { IncomingMessage } from 'http';
import type { AuthOptions } from '@meterwork/core';
import { authorizationHeader, validateAuth } from '@meterwork/core/internal';

/** Checks an `Authorization` header in constant time (SHA-256 digests, so lengths never leak). */
export interface AuthChecker {
  check(req: IncomingMessage): boolean;
  /** `WWW-Authenticate` challenge for the 401 response. */
  readonly challenge: string;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** The checker for `auth` (validated with core's `validateAuth`, so errors name `owner`). */
export function createAuthChecker(owner: string, auth: AuthOptions | undefined): AuthChecker | undefined {
  if (auth === undefined) return undefined;
  const expected = authorizationHeader(validateAuth(owner, 'auth', auth));
  const challenge = 'bearer' in auth ? 'Bearer realm="present"' : 'Basic realm="present", charset="UTF-8"';
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
