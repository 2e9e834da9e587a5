import { generateKeyPairSync } from 'node:crypto';
import { base32Decode, base32Encode } from '../encoding/base32';

/**
 * An x25519 key pair for v3 onion client authorisation, in the forms tor
 * reads (FIELD-NOTES "client authorisation"): base32 without padding in the
 * `.auth` / `.auth_private` files and `ADD_ONION ClientAuthV3=`, base64 for
 * the control port's `ONION_CLIENT_AUTH_ADD`.
 */
export interface ClientAuthKeys {
  /** Public key, upper-case base32 (52 characters). */
  readonly publicKey: string;
  /** Private key, upper-case base32 (52 characters). Keep it secret. */
  readonly privateKey: string;
  /** Private key, base64 (for `ONION_CLIENT_AUTH_ADD <addr> x25519:<base64>`). */
  readonly privateKeyBase64: string;
  /** The service side's line: `descriptor:x25519:<public>` (file `authorized_clients/<name>.auth`, or `--client-auth`). */
  readonly serviceLine: string;
}

/** A fresh key pair (node:crypto x25519; raw bytes from the JWK `x` / `d`). */
export function generateClientAuthKeys(): ClientAuthKeys {
  const { publicKey, privateKey } = generateKeyPairSync('x25519');
  const pub = Buffer.from(publicKey.export({ format: 'jwk' }).x as string, 'base64url');
  const priv = Buffer.from(privateKey.export({ format: 'jwk' }).d as string, 'base64url');
  const publicKeyB32 = base32Encode(pub);
  return {
    publicKey: publicKeyB32,
    privateKey: base32Encode(priv),
    privateKeyBase64: priv.toString('base64'),
    serviceLine: `descriptor:x25519:${publicKeyB32}`,
  };
}

/** The client's `<ClientOnionAuthDir>/<name>.auth_private` line for the service `serviceId` (the address without `.onion`). */
export function clientAuthPrivateLine(serviceId: string, keys: Pick<ClientAuthKeys, 'privateKey'>): string {
  return `${stripOnion(serviceId)}:descriptor:x25519:${keys.privateKey}`;
}

/** The client's control-port command that authorises it for `serviceId`. */
export function clientAuthControlCommand(serviceId: string, keys: Pick<ClientAuthKeys, 'privateKeyBase64'>): string {
  return `ONION_CLIENT_AUTH_ADD ${stripOnion(serviceId)} x25519:${keys.privateKeyBase64}`;
}

/**
 * The base32 public key of a service-side client line: `descriptor:x25519:<base32>`
 * (as in an `.auth` file) or the bare base32 key; undefined unless it decodes to 32 bytes.
 */
export function parseClientAuthPublicKey(text: string): string | undefined {
  const trimmed = text.trim();
  const bare = trimmed.startsWith('descriptor:x25519:') ? trimmed.slice('descriptor:x25519:'.length) : trimmed;
  const raw = base32Decode(bare);
  return raw !== undefined && raw.length === 32 ? bare.toUpperCase() : undefined;
}

/** `abc.onion` -> `abc`. */
export function stripOnion(address: string): string {
  return address.endsWith('.onion') ? address.slice(0, -'.onion'.length) : address;
}
