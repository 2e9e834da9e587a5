import { createHash, timingSafeEqual } from 'crypto';
import { authorizationHeader, validateAuth } from './auth';

/** Checks a request's `Authorization` header against `auth`, for endpoints that serve metrics. */
export interface AuthChecker {
  /** True when the header carries exactly the configured credentials (the scheme is case-insensitive). */
  check(header: string | readonly string[] | undefined): boolean;
  /** `WWW-Authenticate` challenge for the 401 response. */
  readonly challenge: string;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * The checker for an endpoint's `auth` option (`{ bearer }` or `{ basic: { username, password } }`),
 * validated with {@link validateAuth} (throws InvalidOptionError naming `owner`). Comparison is in
 * constant time over SHA-256 digests, so neither the credentials nor their length leak.
 */
export function createAuthChecker(owner: string, auth: unknown, realm: string): AuthChecker {
  const options = validateAuth(owner, 'auth', auth);
  const expected = authorizationHeader(options);
  const challenge = 'bearer' in options ? `Bearer realm="${realm}"` : `Basic realm="${realm}", charset="UTF-8"`;
  const expectedDigest = digest(expected);
  const scheme = expected.slice(0, expected.indexOf(' ') + 1).toLowerCase();
  return {
    challenge,
    check(header: string | readonly string[] | undefined): boolean {
      if (typeof header !== 'string') return false;
      // The scheme is case-insensitive (RFC 9110); the credentials are not.
      const normalized =
        header.slice(0, scheme.length).toLowerCase() === scheme ? expected.slice(0, scheme.length) + header.slice(scheme.length).trim() : header;
      return timingSafeEqual(digest(normalized), expectedDigest);
    },
  };
}
