/**
 * tor's SOCKS replies in words. socks-proxy-agent (through `socks`) reports
 * tor's extended onion-service errors (0xF0-0xF7, sent with `ExtendedErrors`)
 * as "Socks5 proxy rejected connection - undefined": the code is lost, so the
 * agent reads the reply byte off the wire and these say what it means and
 * what to do.
 */

/** What a SOCKS5 reply code means (`meaning`) and what the user can do about it (`advice`). */
export interface SocksReplyDescription {
  readonly meaning: string;
  readonly advice: string;
}

const RETRIED = 'the exporter keeps its buffer and retries at the next export';

/** tor's extended errors (tor's socks-extensions.txt, SocksPort flag `ExtendedErrors`) and the standard RFC 1928 ones. */
export const SOCKS_REPLIES: Readonly<Record<number, SocksReplyDescription>> = {
  0x01: { meaning: 'general SOCKS server failure', advice: RETRIED },
  0x02: { meaning: 'connection not allowed by ruleset', advice: "check tor's exit policy / SocksPolicy" },
  0x03: { meaning: 'network unreachable', advice: RETRIED },
  0x04: { meaning: 'host unreachable', advice: `check the address; ${RETRIED}` },
  0x05: { meaning: 'connection refused', advice: 'the receiver is not listening on that port: check the port in the URL and that the receiver is running' },
  0x06: { meaning: 'TTL expired (tor could not build a circuit in time)', advice: RETRIED },
  0x07: { meaning: 'command not supported', advice: 'tor does not support the SOCKS command' },
  0x08: { meaning: 'address type not supported', advice: 'check the URL' },
  0xf0: {
    meaning: 'onion service descriptor not found',
    advice: `the service is not published (receiver not running, or a wrong address), or tor cannot reach the directories yet; check the address and that the receiver runs; ${RETRIED}`,
  },
  0xf1: {
    meaning: 'onion service descriptor is invalid',
    advice: 'check the onion address; the service may publish a broken descriptor (tor version mismatch)',
  },
  0xf2: { meaning: 'onion service introduction failed', advice: `the service may have restarted or be overloaded; ${RETRIED}` },
  0xf3: { meaning: 'onion service rendezvous failed', advice: `a circuit failed; ${RETRIED}` },
  0xf4: {
    meaning: 'the onion service requires client authorisation',
    advice:
      "pass its client key: onionClientAuth: [{ address, privateKey }] in the transport's `tor` options (or `attach.onionClientAuth`), with the private key `meterwork-receiver keygen` printed and the public key authorised on the receiver",
  },
  0xf5: {
    meaning: 'the onion service rejected our client-authorisation key',
    advice:
      "the onionClientAuth privateKey for this address does not match a public key the receiver authorises: check the key pair (meterwork-receiver keygen) and the receiver's --client-auth list",
  },
  0xf6: { meaning: 'invalid onion address', advice: 'check the URL: a v3 address is 56 base32 characters followed by .onion' },
  0xf7: { meaning: 'onion service introduction timed out', advice: `the service may be down or overloaded; ${RETRIED}` },
};

/**
 * The REP byte of a SOCKS5 CONNECT reply, from the bytes the proxy sent: the method choice (2 bytes),
 * the username/password reply (2 bytes, when method 0x02 was chosen), then `05 REP ...`.
 * Undefined when the reply was not (fully) received.
 */
export function socks5ReplyCode(received: Buffer): number | undefined {
  if (received.length < 2 || received[0] !== 0x05) return undefined;
  const offset = received[1] === 0x02 ? 4 : 2;
  if (received.length < offset + 2 || received[offset] !== 0x05) return undefined;
  return received[offset + 1];
}

/** `SOCKS 0xF4 (the onion service requires client authorisation): <advice>`; the plain code for unknown ones. */
export function describeSocksReply(code: number): string {
  const hex = `0x${code.toString(16).toUpperCase().padStart(2, '0')}`;
  const known = SOCKS_REPLIES[code];
  return known ? `SOCKS ${hex} (${known.meaning}): ${known.advice}` : `SOCKS ${hex} (unknown reply code)`;
}
