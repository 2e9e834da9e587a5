import { InvalidOptionError } from './errors';

/**
 * Credentials, one shape for every meterwork endpoint and exporter: the
 * Prometheus pull endpoint checks them, Pushgateway and InfluxDB exporters send them.
 *
 * - `{ bearer: 'token' }`: `Authorization: Bearer token` (InfluxDB 2.x/3.x: `Authorization: Token token`).
 * - `{ basic: { username, password } }`: `Authorization: Basic base64(username:password)`.
 */
export type AuthOptions = { readonly bearer: string } | { readonly basic: { readonly username: string; readonly password: string } };

/** Validated credentials: throws {@link InvalidOptionError} naming `owner` and `option` (e.g. `auth`). */
export function validateAuth(owner: string, option: string, auth: unknown): AuthOptions {
  if (auth === null || typeof auth !== 'object') {
    throw new InvalidOptionError(owner, option, 'must be { bearer } or { basic: { username, password } }', auth);
  }
  const a = auth as { bearer?: unknown; basic?: unknown };
  const keys = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  if (keys.length !== 1 || (keys[0] !== 'bearer' && keys[0] !== 'basic')) {
    throw new InvalidOptionError(owner, option, 'must be { bearer } or { basic: { username, password } }', auth);
  }
  if (keys[0] === 'bearer') {
    if (typeof a.bearer !== 'string' || a.bearer.length === 0) throw new InvalidOptionError(owner, option + '.bearer', 'must be a non-empty string', a.bearer);
    return { bearer: a.bearer };
  }
  const basic = a.basic as { username?: unknown; password?: unknown } | null;
  if (basic === null || typeof basic !== 'object') throw new InvalidOptionError(owner, option + '.basic', 'must be { username, password }', basic);
  if (typeof basic.username !== 'string' || basic.username.length === 0 || basic.username.includes(':')) {
    throw new InvalidOptionError(owner, option + '.basic.username', "must be a non-empty string without ':'", basic.username);
  }
  if (typeof basic.password !== 'string') throw new InvalidOptionError(owner, option + '.basic.password', 'must be a string', basic.password);
  return { basic: { username: basic.username, password: basic.password } };
}

/**
 * The `Authorization` header value for `auth`. `bearerScheme` is `Bearer` by
 * default; InfluxDB 2.x/3.x expects `Token`.
 */
export function authorizationHeader(auth: AuthOptions, bearerScheme: string = 'Bearer'): string {
  if ('bearer' in auth) return bearerScheme + ' ' + auth.bearer;
  return 'Basic ' + Buffer.from(auth.basic.username + ':' + auth.basic.password, 'utf8').toString('base64');
}
