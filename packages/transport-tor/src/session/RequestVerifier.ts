import { createPublicKey, verify } from 'node:crypto';
import { InvalidOptionError, type Clock } from '@meterwork/core';
import { positiveIntegerOption, positiveNumberOption, functionOption } from '@meterwork/core/internal';
import { bodyDigest, canonicalRequest } from './canonical';
import { SESSION_HEADERS } from './headers';
import { ReplayGuard } from './ReplayGuard';
import { sessionIdFromPublicKey } from './sessionId';

const OWNER = 'RequestVerifier';

/** Why a signed request was refused (a counter key of the receiving proxy). */
export type SignatureRejection =
  'missing-signature' | 'malformed-signature' | 'session-id-mismatch' | 'bad-signature' | 'stale-timestamp' | 'replayed-nonce' | 'replay-cache-full';

export type VerifyResult =
  { readonly ok: true; readonly sessionId: string } | { readonly ok: false; readonly reason: SignatureRejection; readonly message: string };

/** A received request, as the verifier needs it. */
export interface ReceivedRequest {
  readonly method: string;
  /** Path and query as received (`IncomingMessage.url`). */
  readonly target: string;
  /** Node's lower-cased headers (`IncomingMessage.headers`). */
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** Body bytes as received (still compressed if Content-Encoding says so). */
  readonly body: Uint8Array;
}

/** Options of {@link RequestVerifier}. */
export interface RequestVerifierOptions {
  /** Accepted distance between the signed timestamp and the receiver's clock, both ways. @default 300000 (5 minutes) */
  readonly maxClockSkewMillis?: number | undefined;
  /**
   * Live nonces remembered for the replay check (each ~140 bytes, measured: 35 MB at the default); past this,
   * new requests are refused with `replay-cache-full`. A nonce is kept until its timestamp is stale
   * (`maxClockSkewMillis` after it): the default covers ~800 writes/s.
   * @default 250000
   */
  readonly maxRememberedNonces?: number | undefined;
  /** Wall clock (epoch milliseconds). @default Date.now */
  readonly clock?: Clock | undefined;
}

const NONCE_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;
const BASE64URL_PATTERN = /^[A-Za-z0-9_-]+$/;
const TIMESTAMP_PATTERN = /^\d{1,16}$/;

/**
 * Checks the session signature of a write (scheme `meterwork-session-v1`):
 * the session id is the one derived from the public key, the Ed25519
 * signature covers this method, target, body and timestamp, the timestamp
 * is within `maxClockSkewMillis` of now, and the nonce was not seen before.
 */
export class RequestVerifier {
  private readonly maxClockSkewMillis: number;
  private readonly clock: Clock;
  private readonly replay: ReplayGuard;

  constructor(options: RequestVerifierOptions = {}) {
    if (options === null || typeof options !== 'object') throw new InvalidOptionError(OWNER, 'options', 'must be an object', options);
    this.maxClockSkewMillis = positiveNumberOption(OWNER, 'maxClockSkewMillis', options.maxClockSkewMillis, 300_000);
    this.replay = new ReplayGuard(positiveIntegerOption(OWNER, 'maxRememberedNonces', options.maxRememberedNonces, 250_000));
    this.clock = functionOption<Clock>(OWNER, 'clock', options.clock, Date.now);
  }

  /** Nonces currently remembered for the replay check. */
  get rememberedNonces(): number {
    return this.replay.size;
  }

  verify(request: ReceivedRequest): VerifyResult {
    const header = (name: string): string | undefined => {
      const v = request.headers[name];
      return typeof v === 'string' ? v : undefined;
    };
    const key = header(SESSION_HEADERS.publicKey);
    const claimedId = header(SESSION_HEADERS.sessionId);
    const timestamp = header(SESSION_HEADERS.timestamp);
    const nonce = header(SESSION_HEADERS.nonce);
    const signature = header(SESSION_HEADERS.signature);
    if (key === undefined || claimedId === undefined || timestamp === undefined || nonce === undefined || signature === undefined) {
      const missing = Object.values(SESSION_HEADERS).filter((h) => header(h) === undefined);
      return reject('missing-signature', `missing or repeated session header(s): ${missing.join(', ')}`);
    }
    const rawKey = BASE64URL_PATTERN.test(key) ? Buffer.from(key, 'base64url') : undefined;
    if (rawKey === undefined || rawKey.length !== 32)
      return reject('malformed-signature', `${SESSION_HEADERS.publicKey} must be a base64url 32-byte Ed25519 key`);
    if (!TIMESTAMP_PATTERN.test(timestamp)) return reject('malformed-signature', `${SESSION_HEADERS.timestamp} must be epoch milliseconds`);
    if (!NONCE_PATTERN.test(nonce)) return reject('malformed-signature', `${SESSION_HEADERS.nonce} must be 16-64 base64url characters`);
    if (!BASE64URL_PATTERN.test(signature)) return reject('malformed-signature', `${SESSION_HEADERS.signature} must be base64url`);
    const sessionId = sessionIdFromPublicKey(rawKey);
    if (claimedId !== sessionId) return reject('session-id-mismatch', `session id ${JSON.stringify(claimedId.slice(0, 64))} is not the id of the signing key`);
    const now = this.clock();
    const timestampMillis = Number(timestamp);
    if (Math.abs(now - timestampMillis) > this.maxClockSkewMillis) {
      return reject(
        'stale-timestamp',
        `timestamp is ${Math.round((now - timestampMillis) / 1000)} s from the receiver's clock (limit ${this.maxClockSkewMillis / 1000} s)`,
      );
    }
    const text = canonicalRequest({ method: request.method, target: request.target, bodySha256: bodyDigest(request.body), timestampMillis, nonce, sessionId });
    let valid: boolean;
    try {
      valid = verify(null, text, createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: key }, format: 'jwk' }), Buffer.from(signature, 'base64url'));
    } catch {
      valid = false; // a key that is not a curve point: as bad as a wrong signature
    }
    if (!valid) return reject('bad-signature', 'the signature does not match the request (method, target, body, timestamp, nonce) and key');
    switch (this.replay.admit(sessionId + '.' + nonce, timestampMillis + this.maxClockSkewMillis, now)) {
      case 'replayed':
        return reject('replayed-nonce', 'this signed request was already received (replay)');
      case 'full':
        return reject('replay-cache-full', 'too many signed requests in the acceptance window; retry later');
      default:
        return { ok: true, sessionId };
    }
  }
}

function reject(reason: SignatureRejection, message: string): VerifyResult {
  return { ok: false, reason, message };
}
