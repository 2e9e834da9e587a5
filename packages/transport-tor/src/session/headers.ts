/**
 * HTTP headers of a signed write (scheme `meterwork-session-v1`). Lower case,
 * as Node's `IncomingMessage.headers` has them.
 */
export const SESSION_HEADERS = {
  /** The session's raw 32-byte Ed25519 public key, base64url. */
  publicKey: 'meterwork-session-key',
  /** The session id; must equal {@link sessionIdFromPublicKey} of the key. */
  sessionId: 'meterwork-session-id',
  /** Milliseconds since the epoch when the request was signed, decimal. */
  timestamp: 'meterwork-timestamp',
  /** 16 random bytes, base64url: makes every signed request unique (replay check). */
  nonce: 'meterwork-nonce',
  /** Ed25519 signature of the canonical request, base64url. */
  signature: 'meterwork-signature',
} as const;

/** First line of the signed text: a signature for this scheme is never valid for another. */
export const SIGNATURE_SCHEME = 'meterwork-session-v1';
