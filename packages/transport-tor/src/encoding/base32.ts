/**
 * RFC 4648 base32 without padding: the alphabet of onion addresses, tor's
 * client-authorisation keys and meterwork session ids. Node has no built-in
 * base32 codec.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const DECODE = new Map<string, number>(
  [...ALPHABET].flatMap(
    (c, i) =>
      [
        [c, i],
        [c.toLowerCase(), i],
      ] as Array<[string, number]>,
  ),
);

/** Upper-case base32 of `bytes`, no `=` padding (tor's `.auth` files use this form). */
export function base32Encode(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

/** Bytes of unpadded base32 text (either case); undefined when `text` is not canonical base32. */
export function base32Decode(text: string): Buffer | undefined {
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const c of text) {
    const v = DECODE.get(c);
    if (v === undefined) return undefined;
    buffer = (buffer << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out.push((buffer >>> (bits - 8)) & 255);
      bits -= 8;
    }
    buffer &= (1 << bits) - 1;
  }
  // Leftover bits must be padding zeros and fewer than a whole character.
  if (bits >= 5 || buffer !== 0) return undefined;
  return Buffer.from(out);
}
