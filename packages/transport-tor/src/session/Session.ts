import { generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { type Clock } from '@meterwork/core';
import { bodyDigest, canonicalRequest } from './canonical';
import { SESSION_HEADERS } from './headers';
import { sessionIdFromPublicKey } from './sessionId';

/** A request to sign. */
export interface RequestToSign {
  /** HTTP method. @default 'POST' */
  readonly method?: string | undefined;
  /** Path and query exactly as they will be sent, e.g. `/write?db=metrics`. */
  readonly target: string;
  /** Body bytes exactly as they will be sent (after compression, if any). @default empty */
  readonly body?: Uint8Array | string | undefined;
}

/** Options of {@link Session.create}. */
export interface SessionOptions {
  /** Wall clock for the signed timestamp (epoch milliseconds). @default Date.now */
  readonly clock?: Clock | undefined;
}

/**
 * One anonymous metrics session: an Ed25519 key pair made in memory at start
 * (never written anywhere) and the session id derived from its public key.
 * Every write is signed with {@link Session.signRequest}, so a receiver can
 * check that the writer holds the key behind the session id it reports.
 * Rotating the session means creating a new one.
 */
export class Session {
  /** Lower-case base32, 32 characters (160 bits); see {@link sessionIdFromPublicKey}. */
  readonly id: string;
  /** Raw 32-byte Ed25519 public key. */
  readonly publicKey: Buffer;
  private readonly publicKeyHeader: string;

  private constructor(
    private readonly privateKey: KeyObject,
    publicKey: KeyObject,
    private readonly clock: Clock,
  ) {
    const jwk = publicKey.export({ format: 'jwk' });
    this.publicKey = Buffer.from(jwk.x as string, 'base64url');
    this.publicKeyHeader = jwk.x as string;
    this.id = sessionIdFromPublicKey(this.publicKey);
  }

  /** A new session with a fresh key pair. */
  static create(options: SessionOptions = {}): Session {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    return new Session(privateKey, publicKey, options.clock ?? Date.now);
  }

  /**
   * The headers that sign `request` (see `SESSION_HEADERS`): public key,
   * session id, timestamp, a random nonce and the Ed25519 signature over
   * method, path, query, body digest, timestamp, nonce and session id.
   * Add them to the request unchanged; the target and body must be sent
   * byte for byte as given here.
   */
  signRequest(request: RequestToSign): Record<string, string> {
    const timestampMillis = Math.floor(this.clock());
    const nonce = randomBytes(16).toString('base64url');
    const text = canonicalRequest({
      method: request.method ?? 'POST',
      target: request.target,
      bodySha256: bodyDigest(request.body),
      timestampMillis,
      nonce,
      sessionId: this.id,
    });
    return {
      [SESSION_HEADERS.publicKey]: this.publicKeyHeader,
      [SESSION_HEADERS.sessionId]: this.id,
      [SESSION_HEADERS.timestamp]: String(timestampMillis),
      [SESSION_HEADERS.nonce]: nonce,
      [SESSION_HEADERS.signature]: sign(null, text, this.privateKey).toString('base64url'),
    };
  }
}
