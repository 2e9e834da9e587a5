import { validateHeaderName, validateHeaderValue } from 'http';
import { authorizationHeader, httpUrlOption, validateAuth } from '@meterwork/core/internal';
import type { InfluxMetricExporterOptions } from './types';
import { InvalidOptionError } from '@meterwork/core';
import { OWNER } from './validate';

/** Node would throw on every request (e.g. a newline in a token pasted from a file): refuse it now, naming the option. */
function checkHeader(option: string, name: string, value: string): void {
  try {
    validateHeaderName(name);
    validateHeaderValue(name, value);
  } catch (err) {
    throw new InvalidOptionError(OWNER, option, `must be a valid HTTP header (${(err as Error).message})`);
  }
}

/** The write URL and headers (auth included) for the chosen target; throws `InvalidOptionError` on a bad one. */
export function buildWriteRequest(options: InfluxMetricExporterOptions, precision: string): { url: URL; headers: Record<string, string> } {
  const base = httpUrlOption(OWNER, 'url', options.url);
  const prefix = base.pathname.replace(/\/+$/, '');
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  for (const [name, value] of Object.entries(headers)) checkHeader('headers', name, value);
  if ((options.v1 === undefined) === (options.v2 === undefined))
    throw new InvalidOptionError(OWNER, 'v1', "and 'v2': exactly one must be given (v1: database, v2: bucket)");
  let url: URL;
  if (options.v1 !== undefined) {
    const t = options.v1;
    if (typeof t.database !== 'string' || t.database === '') throw new InvalidOptionError(OWNER, 'v1.database', 'must be a non-empty string', t.database);
    url = new URL(prefix + '/write', base);
    url.searchParams.set('db', t.database);
    if (t.retentionPolicy !== undefined) url.searchParams.set('rp', t.retentionPolicy);
    url.searchParams.set('precision', precision === 'us' ? 'u' : precision);
  } else {
    const t = options.v2!;
    if (typeof t.bucket !== 'string' || t.bucket === '') throw new InvalidOptionError(OWNER, 'v2.bucket', 'must be a non-empty string', t.bucket);
    url = new URL(prefix + '/api/v2/write', base);
    if (t.org !== undefined) url.searchParams.set('org', t.org);
    url.searchParams.set('bucket', t.bucket);
    url.searchParams.set('precision', precision);
  }
  if (options.auth !== undefined) {
    // InfluxDB 2.x/3.x API tokens use the `Token` scheme; 1.x takes a JWT as `Bearer`.
    headers.Authorization = authorizationHeader(validateAuth(OWNER, 'auth', options.auth), options.v2 !== undefined ? 'Token' : 'Bearer');
    checkHeader('auth', 'Authorization', headers.Authorization);
  }
  return { url, headers };
}
