import { generateKeyPairSync, sign } from 'node:crypto';
import { InvalidOptionError } from '@meterwork/core';
import { RequestVerifier, SESSION_HEADERS, Session, isSessionId, sessionIdFromPublicKey, type ReceivedRequest } from '../../src';
import { canonicalRequest, bodyDigest } from '../../src/session/canonical';

const T0 = 1_800_000_000_000;
const BODY = 'cpu,session.id=x value=1 1\n';
const TARGET = '/write?db=metrics&precision=ns';

function clockAt(start: number): { now: () => number; advance(ms: number): void } {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}

function signed(session: Session, body: string | Buffer = BODY, target = TARGET, method = 'POST'): ReceivedRequest {
  return { method, target, headers: session.signRequest({ method, target, body }), body: Buffer.from(body) };
}

describe('Session', () => {
  it('makes a fresh Ed25519 key pair and a 160-bit base32 id derived from the public key', () => {
    const a = Session.create();
    const b = Session.create();
    expect(a.publicKey).toHaveLength(32);
    expect(a.id).toMatch(/^[a-z2-7]{32}$/);
    expect(isSessionId(a.id)).toBe(true);
    expect(a.id).toBe(sessionIdFromPublicKey(a.publicKey));
    expect(b.id).not.toBe(a.id);
  });

  it('signs with the clock it is given', () => {
    const clock = clockAt(T0);
    const headers = Session.create({ clock: clock.now }).signRequest({ target: '/x' });
    expect(headers[SESSION_HEADERS.timestamp]).toBe(String(T0));
    expect(headers[SESSION_HEADERS.nonce]).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(Object.keys(headers).sort()).toEqual(Object.values(SESSION_HEADERS).sort());
  });
});

describe('RequestVerifier', () => {
  let clock: ReturnType<typeof clockAt>;
  let verifier: RequestVerifier;
  let session: Session;
  beforeEach(() => {
    clock = clockAt(T0);
    verifier = new RequestVerifier({ clock: clock.now, maxClockSkewMillis: 60_000 });
    session = Session.create({ clock: clock.now });
  });

  it('accepts a correctly signed write and names its session', () => {
    expect(verifier.verify(signed(session))).toEqual({ ok: true, sessionId: session.id });
  });

  it('accepts an empty body and a target without a query', () => {
    expect(verifier.verify(signed(session, '', '/metrics/job/x', 'put')).ok).toBe(true);
  });

  it('rejects a request without the session headers, naming the missing ones', () => {
    const r = verifier.verify({ method: 'POST', target: TARGET, headers: {}, body: Buffer.from(BODY) });
    expect(r).toMatchObject({ ok: false, reason: 'missing-signature' });
    if (!r.ok) expect(r.message).toContain(SESSION_HEADERS.signature);
  });

  it('rejects a forged session id (another session id with this key)', () => {
    const other = Session.create();
    const req = signed(session);
    const r = verifier.verify({ ...req, headers: { ...req.headers, [SESSION_HEADERS.sessionId]: other.id } });
    expect(r).toMatchObject({ ok: false, reason: 'session-id-mismatch' });
  });

  it("rejects a request signed with one key but carrying another session's key and id", () => {
    const victim = Session.create({ clock: clock.now });
    const req = signed(session);
    const headers = { ...req.headers, [SESSION_HEADERS.publicKey]: victim.publicKey.toString('base64url'), [SESSION_HEADERS.sessionId]: victim.id };
    expect(verifier.verify({ ...req, headers })).toMatchObject({ ok: false, reason: 'bad-signature' });
  });

  it('rejects a bad signature', () => {
    const req = signed(session);
    const sig = Buffer.from(req.headers[SESSION_HEADERS.signature] as string, 'base64url');
    sig[0] ^= 1;
    const r = verifier.verify({ ...req, headers: { ...req.headers, [SESSION_HEADERS.signature]: sig.toString('base64url') } });
    expect(r).toMatchObject({ ok: false, reason: 'bad-signature' });
  });

  it('rejects a tampered body, target, method or timestamp', () => {
    const req = signed(session);
    expect(verifier.verify({ ...req, body: Buffer.from(BODY.replace('value=1', 'value=2')) })).toMatchObject({ reason: 'bad-signature' });
    expect(verifier.verify({ ...signed(session), target: '/write?db=other&precision=ns' })).toMatchObject({ reason: 'bad-signature' });
    expect(verifier.verify({ ...signed(session), method: 'PUT' })).toMatchObject({ reason: 'bad-signature' });
    const r2 = signed(session);
    const ts = String(Number(r2.headers[SESSION_HEADERS.timestamp]) + 1);
    expect(verifier.verify({ ...r2, headers: { ...r2.headers, [SESSION_HEADERS.timestamp]: ts } })).toMatchObject({ reason: 'bad-signature' });
  });

  it('rejects a stale or future timestamp beyond the skew, accepts one at the limit', () => {
    const old = signed(session);
    clock.advance(60_001);
    expect(verifier.verify(old)).toMatchObject({ ok: false, reason: 'stale-timestamp' });
    const atLimit = signed(session);
    clock.advance(60_000);
    expect(verifier.verify(atLimit).ok).toBe(true);
    const future = signed(session);
    clock.advance(-60_001);
    expect(verifier.verify(future)).toMatchObject({ ok: false, reason: 'stale-timestamp' });
  });

  it('rejects a replayed request, and forgets nonces once their timestamps are stale', () => {
    const req = signed(session);
    expect(verifier.verify(req).ok).toBe(true);
    expect(verifier.verify(req)).toMatchObject({ ok: false, reason: 'replayed-nonce' });
    expect(verifier.rememberedNonces).toBe(1);
    clock.advance(60_001);
    verifier.verify(signed(session));
    expect(verifier.rememberedNonces).toBe(1);
  });

  it('refuses new requests when the nonce memory is full instead of forgetting live nonces', () => {
    const small = new RequestVerifier({ clock: clock.now, maxRememberedNonces: 2, maxClockSkewMillis: 1000 });
    expect(small.verify(signed(session)).ok).toBe(true);
    expect(small.verify(signed(session)).ok).toBe(true);
    expect(small.verify(signed(session))).toMatchObject({ ok: false, reason: 'replay-cache-full' });
    clock.advance(1001);
    expect(small.verify(signed(session)).ok).toBe(true);
  });

  it('rejects malformed headers without throwing', () => {
    const req = signed(session);
    const bad = (name: string, value: string) => verifier.verify({ ...req, headers: { ...req.headers, [name]: value } });
    expect(bad(SESSION_HEADERS.publicKey, 'AAAA')).toMatchObject({ reason: 'malformed-signature' });
    expect(bad(SESSION_HEADERS.publicKey, '!'.repeat(43))).toMatchObject({ reason: 'malformed-signature' });
    expect(bad(SESSION_HEADERS.timestamp, '12e5')).toMatchObject({ reason: 'malformed-signature' });
    expect(bad(SESSION_HEADERS.nonce, 'short')).toMatchObject({ reason: 'malformed-signature' });
    expect(bad(SESSION_HEADERS.signature, 'a b')).toMatchObject({ reason: 'malformed-signature' });
    expect(verifier.verify({ ...req, headers: { ...req.headers, [SESSION_HEADERS.nonce]: ['a', 'b'] } })).toMatchObject({ reason: 'missing-signature' });
  });

  it('rejects a 32-byte key that is not a curve point as a bad signature', () => {
    // y = 2 is not on edwards25519 (no x satisfies the curve equation).
    const notAPoint = Buffer.alloc(32);
    notAPoint[0] = 2;
    const id = sessionIdFromPublicKey(notAPoint);
    const nonce = 'A'.repeat(22);
    const { privateKey } = generateKeyPairSync('ed25519');
    const text = canonicalRequest({ method: 'POST', target: TARGET, bodySha256: bodyDigest(BODY), timestampMillis: T0, nonce, sessionId: id });
    const headers = {
      [SESSION_HEADERS.publicKey]: notAPoint.toString('base64url'),
      [SESSION_HEADERS.sessionId]: id,
      [SESSION_HEADERS.timestamp]: String(T0),
      [SESSION_HEADERS.nonce]: nonce,
      [SESSION_HEADERS.signature]: sign(null, text, privateKey).toString('base64url'),
    };
    expect(verifier.verify({ method: 'POST', target: TARGET, headers, body: Buffer.from(BODY) })).toMatchObject({ ok: false, reason: 'bad-signature' });
  });

  it('throws InvalidOptionError for bad options', () => {
    expect(() => new RequestVerifier({ maxClockSkewMillis: 0 })).toThrow(InvalidOptionError);
    expect(() => new RequestVerifier({ maxRememberedNonces: 1.5 })).toThrow(
      'RequestVerifier: option "maxRememberedNonces" must be a positive integer, got 1.5',
    );
  });
});
