import type { SignatureRejection } from '../session/RequestVerifier';
import type { BudgetRejection } from './SessionBudget';
import type { TagRejection } from './tagPolicy';

/** Why the receiving proxy refused a request; each has its own counter. */
export type Rejection =
  | SignatureRejection
  | BudgetRejection
  | TagRejection
  | 'not-found'
  | 'method-not-allowed'
  | 'body-too-large'
  | 'unsupported-encoding'
  | 'malformed-body'
  | 'upstream-unreachable';

/** HTTP status per rejection: 401 signature, 403 anonymity policy, 429 caps (with Retry-After), 503 receiver full. */
export const REJECTION_STATUS: Readonly<Record<Rejection, number>> = {
  'missing-signature': 401,
  'malformed-signature': 401,
  'session-id-mismatch': 401,
  'bad-signature': 401,
  'stale-timestamp': 401,
  'replayed-nonce': 401,
  'replay-cache-full': 503,
  'too-many-sessions': 503,
  'bytes-cap': 429,
  'lines-cap': 429,
  'series-cap': 429,
  'tag-not-allowed': 403,
  'identifying-value': 403,
  'session-tag-mismatch': 403,
  'not-found': 404,
  'method-not-allowed': 405,
  'body-too-large': 413,
  'unsupported-encoding': 415,
  'malformed-body': 400,
  'upstream-unreachable': 502,
};

export const REJECTIONS = Object.keys(REJECTION_STATUS) as readonly Rejection[];

/** Response header naming the rejection, for clients and logs. */
export const REJECTION_HEADER = 'meterwork-rejection';
