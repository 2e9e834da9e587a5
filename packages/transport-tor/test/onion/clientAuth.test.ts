import { createPrivateKey, createPublicKey } from 'node:crypto';
import { base32Decode, clientAuthControlCommand, clientAuthPrivateLine, generateClientAuthKeys, parseClientAuthPublicKey } from '../../src';

const ADDRESS = 'a'.repeat(56);

describe('client authorisation keys', () => {
  it('makes an x25519 pair whose base32 private key derives the base32 public key', () => {
    const keys = generateClientAuthKeys();
    expect(keys.publicKey).toMatch(/^[A-Z2-7]{52}$/);
    expect(keys.privateKey).toMatch(/^[A-Z2-7]{52}$/);
    const d = base32Decode(keys.privateKey)!;
    expect(Buffer.from(keys.privateKeyBase64, 'base64')).toEqual(d);
    const priv = createPrivateKey({
      key: { kty: 'OKP', crv: 'X25519', d: d.toString('base64url'), x: base32Decode(keys.publicKey)!.toString('base64url') },
      format: 'jwk',
    });
    expect(createPublicKey(priv).export({ format: 'jwk' }).x).toBe(base32Decode(keys.publicKey)!.toString('base64url'));
    expect(keys.serviceLine).toBe(`descriptor:x25519:${keys.publicKey}`);
    expect(generateClientAuthKeys().publicKey).not.toBe(keys.publicKey);
  });

  it("writes the client's file line and control-port command (base64 there), with or without .onion", () => {
    const keys = generateClientAuthKeys();
    expect(clientAuthPrivateLine(ADDRESS + '.onion', keys)).toBe(`${ADDRESS}:descriptor:x25519:${keys.privateKey}`);
    expect(clientAuthControlCommand(ADDRESS, keys)).toBe(`ONION_CLIENT_AUTH_ADD ${ADDRESS} x25519:${keys.privateKeyBase64}`);
  });

  it('reads service lines and bare keys, refuses anything else', () => {
    const { publicKey, serviceLine } = generateClientAuthKeys();
    expect(parseClientAuthPublicKey(serviceLine + '\n')).toBe(publicKey);
    expect(parseClientAuthPublicKey(publicKey.toLowerCase())).toBe(publicKey);
    expect(parseClientAuthPublicKey(`descriptor:x25519:${publicKey.slice(1)}`)).toBeUndefined();
    expect(parseClientAuthPublicKey(`descriptor:ed25519:${publicKey}`)).toBeUndefined();
    expect(parseClientAuthPublicKey('')).toBeUndefined();
  });
});
