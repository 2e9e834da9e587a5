import { createHash } from 'node:crypto';
import { base32Encode } from '../encoding/base32';

/** Bytes of the SHA-256 kept in a session id: 160 bits (32 base32 characters), above the 128 the issue asks for. */
export const SESSION_ID_BYTES = 20;

/** Length of a session id in characters. */
export const SESSION_ID_LENGTH = Math.ceil((SESSION_ID_BYTES * 8) / 5);

const SESSION_ID_PATTERN = new RegExp(`^[a-z2-7]{${SESSION_ID_LENGTH}}$`);

/**
 * The session id of a raw 32-byte Ed25519 public key: lower-case base32 of
 * the first `SESSION_ID_BYTES` bytes of SHA-256(`meterwork-session-id\0` + key).
 * Derived, not chosen: writing under another session's id would need a key
 * whose hash starts with the same 160 bits.
 */
export function sessionIdFromPublicKey(rawPublicKey: Uint8Array): string {
  const digest = createHash('sha256').update('meterwork-session-id\0').update(rawPublicKey).digest();
  return base32Encode(digest.subarray(0, SESSION_ID_BYTES)).toLowerCase();
}

/** Whether `value` has the shape of a session id (not whether any session owns it). */
export function isSessionId(value: string): boolean {
  return SESSION_ID_PATTERN.test(value);
}
