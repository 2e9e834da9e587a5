import { gzipSync } from 'node:zlib';
import { InvalidOptionError } from '@meterwork/core';
import { REJECTION_HEADER, ReceivingProxy, SESSION_HEADERS, Session, type ReceivingProxyOptions, type RejectionEvent } from '../../src';
import { upstreamUrl } from '../../src/receiver/ReceivingProxy';
import { RecordingUpstream } from './upstream';

const T0 = 1_800_000_000_000;

describe('ReceivingProxy', () => {
  let upstream: RecordingUpstream;
  let proxy: ReceivingProxy;
  let base: string;
  let now: number;
  let events: RejectionEvent[];

  async function start(options: Partial<ReceivingProxyOptions> = {}): Promise<void> {
    events = [];
    proxy = new ReceivingProxy({ upstream: upstream.url, clock: () => now, onRejected: (e) => events.push(e), ...options });
    const { port } = await proxy.listen();
    base = `http://127.0.0.1:${port}`;
  }

  function post(session: Session | undefined, target: string, body: string | Buffer, extra: Record<string, string> = {}, method = 'POST'): Promise<Response> {
    const headers = { ...(session?.signRequest({ method, target, body }) ?? {}), ...extra };
    return fetch(base + target, { method, headers, body });
  }

  beforeEach(async () => {
    now = T0;
    upstream = new RecordingUpstream();
    await upstream.start();
  });
  afterEach(async () => {
    await proxy?.close();
    await upstream.stop();
  });

  it('forwards a signed, anonymous write whole, without the session headers or the client credentials', async () => {
    await start({ upstream: upstream.url + '/?db=pinned', upstreamAuth: { basic: { username: 'writer', password: 'pw' } } });
    const s = Session.create({ clock: () => now });
    const body = `req,session.id=${s.id},service.name=shop count=1i\nreq,session.id=${s.id} count=2i\n`;
    const res = await post(s, '/write?db=other&precision=ns', body, { authorization: 'Bearer client-token', 'content-type': 'text/plain' });
    expect(res.status).toBe(204);
    expect(upstream.received).toHaveLength(1);
    const got = upstream.received[0]!;
    expect(got.url).toBe('/write?db=pinned&precision=ns');
    expect(got.body.toString()).toBe(body);
    expect(got.headers.authorization).toBe('Basic ' + Buffer.from('writer:pw').toString('base64'));
    expect(got.headers['content-type']).toBe('text/plain');
    for (const h of Object.values(SESSION_HEADERS)) expect(got.headers[h]).toBeUndefined();
    expect(got.headers['user-agent']).toBeUndefined();
    expect(proxy.stats()).toMatchObject({ forwarded: { writes: 1, bytes: body.length, lines: 2 }, rejectedTotal: 0, activeSessions: 1 });
  });

  it('refuses unsigned, forged and tampered writes with 401, a reason and a counter, forwarding nothing', async () => {
    await start();
    const s = Session.create({ clock: () => now });
    const body = `m,session.id=${s.id} v=1`;
    const unsigned = await post(undefined, '/write?db=x', body);
    expect(unsigned.status).toBe(401);
    expect(unsigned.headers.get(REJECTION_HEADER)).toBe('missing-signature');
    expect(((await unsigned.json()) as { error: string }).error).toMatch(/^missing-signature: /);
    const forged = await post(s, '/write?db=x', body, { [SESSION_HEADERS.sessionId]: Session.create().id });
    expect(forged.status).toBe(401);
    expect(forged.headers.get(REJECTION_HEADER)).toBe('session-id-mismatch');
    const headers = s.signRequest({ target: '/write?db=x', body });
    const tampered = await fetch(base + '/write?db=x', { method: 'POST', headers, body: body.replace('v=1', 'v=9') });
    expect(tampered.headers.get(REJECTION_HEADER)).toBe('bad-signature');
    const replay = await fetch(base + '/write?db=x', { method: 'POST', headers, body });
    expect(replay.status).toBe(204);
    const again = await fetch(base + '/write?db=x', { method: 'POST', headers, body });
    expect(again.headers.get(REJECTION_HEADER)).toBe('replayed-nonce');
    expect(upstream.received).toHaveLength(1);
    expect(proxy.stats().rejected).toMatchObject({ 'missing-signature': 1, 'session-id-mismatch': 1, 'bad-signature': 1, 'replayed-nonce': 1 });
    expect(events.map((e) => [e.reason, e.status, e.path])).toContainEqual(['bad-signature', 401, '/write']);
  });

  it('refuses a write with one identifying line whole (403) and forwards nothing of it', async () => {
    await start({ allowedTagKeys: ['route'] });
    const s = Session.create({ clock: () => now });
    const body = `ok,session.id=${s.id},route=/a v=1\nbad,session.id=${s.id},host.name=box v=1`;
    const res = await post(s, '/write?db=x', body);
    expect(res.status).toBe(403);
    expect(res.headers.get(REJECTION_HEADER)).toBe('tag-not-allowed');
    expect(((await res.json()) as { error: string }).error).toContain('host.name');
    const ip = await post(s, '/write?db=x', `ok,session.id=${s.id},route=10.0.0.1 v=1`);
    expect(ip.headers.get(REJECTION_HEADER)).toBe('identifying-value');
    const malformed = await post(s, '/write?db=x', `ok,session.id=${s.id}`);
    expect(malformed.status).toBe(400);
    expect(upstream.received).toHaveLength(0);
  });

  it('caps a flooding session per minute (429 with Retry-After) while another session gets through', async () => {
    await start({ limits: { linesPerMinute: 5 } });
    const flood = Session.create({ clock: () => now });
    const other = Session.create({ clock: () => now });
    const lines = (s: Session, n: number) => Array.from({ length: n }, (_, i) => `m,session.id=${s.id} v=${i}`).join('\n');
    expect((await post(flood, '/write?db=x', lines(flood, 5))).status).toBe(204);
    now += 15_000;
    const capped = await post(flood, '/write?db=x', lines(flood, 1));
    expect(capped.status).toBe(429);
    expect(capped.headers.get(REJECTION_HEADER)).toBe('lines-cap');
    expect(capped.headers.get('retry-after')).toBe('45');
    expect((await post(other, '/write?db=x', lines(other, 5))).status).toBe(204);
    now += 45_000;
    expect((await post(flood, '/write?db=x', lines(flood, 1))).status).toBe(204);
    expect(upstream.received).toHaveLength(3);
    expect(proxy.stats().rejected['lines-cap']).toBe(1);
  });

  it('checks gzip bodies decompressed and forwards them compressed', async () => {
    await start();
    const s = Session.create({ clock: () => now });
    const zipped = gzipSync(`m,session.id=${s.id} v=1`);
    expect((await post(s, '/write?db=x', zipped, { 'content-encoding': 'gzip' })).status).toBe(204);
    expect(upstream.received[0]!.body).toEqual(zipped);
    expect(upstream.received[0]!.headers['content-encoding']).toBe('gzip');
    const bad = gzipSync(`m,host.name=h,session.id=${s.id} v=1`);
    expect((await post(s, '/write?db=x', bad, { 'content-encoding': 'gzip' })).headers.get(REJECTION_HEADER)).toBe('tag-not-allowed');
    expect((await post(s, '/write?db=x', 'x', { 'content-encoding': 'br' })).status).toBe(415);
  });

  it('refuses bodies over maxBodyBytes, compressed or not, with 413', async () => {
    await start({ maxBodyBytes: 1000 });
    const s = Session.create({ clock: () => now });
    const big = `m,session.id=${s.id} v="${'x'.repeat(2000)}"`;
    expect((await post(s, '/write?db=x', big)).status).toBe(413);
    expect((await post(s, '/write?db=x', gzipSync(big), { 'content-encoding': 'gzip' })).status).toBe(413);
    expect(proxy.stats().rejected['body-too-large']).toBe(2);
    expect(upstream.received).toHaveLength(0);
  });

  it('serves only the write endpoint (and /ping): no queries reach the database', async () => {
    await start();
    expect((await fetch(base + '/ping')).status).toBe(204);
    const q = await fetch(base + '/query?q=SHOW+DATABASES');
    expect(q.status).toBe(404);
    expect(q.headers.get(REJECTION_HEADER)).toBe('not-found');
    expect((await fetch(base + '/write', { method: 'GET' })).status).toBe(405);
    expect(upstream.received).toHaveLength(0);
  });

  it('passes the upstream status through and counts upstream errors; 502 when it is down', async () => {
    await start();
    const s = Session.create({ clock: () => now });
    upstream.status = 400;
    const res = await post(s, '/write?db=x', `m,session.id=${s.id} v=1`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('upstream says no');
    expect(proxy.stats().upstreamErrors).toBe(1);
    await upstream.stop();
    const down = await post(s, '/write?db=x', `m,session.id=${s.id} v=2`);
    expect(down.status).toBe(502);
    expect(down.headers.get(REJECTION_HEADER)).toBe('upstream-unreachable');
  });

  it('pushgateway mode: checks the grouping key, gives each session its own group, caps bytes', async () => {
    await start({ format: 'pushgateway', allowedTagKeys: ['route'], limits: { bytesPerMinute: 100 } });
    const s = Session.create({ clock: () => now });
    const body = 'up 1\n';
    expect((await post(s, `/metrics/job/shop/session_id/${s.id}`, body, {}, 'PUT')).status).toBe(204);
    // no session_id in the grouping key: the proxy adds the signing session's
    expect((await post(s, '/metrics/job/shop/route@base64/L2E', body, {}, 'POST')).status).toBe(204);
    expect((await post(s, `/metrics/job/shop/session_id/${s.id}/instance/box`, body, {}, 'PUT')).headers.get(REJECTION_HEADER)).toBe('tag-not-allowed');
    expect((await post(s, `/metrics/job/shop/session_id/${Session.create().id}`, body, {}, 'PUT')).headers.get(REJECTION_HEADER)).toBe('session-tag-mismatch');
    expect((await post(s, `/metrics/job/shop/session_id/${s.id}`, 'x'.repeat(101), {}, 'PUT')).status).toBe(429);
    expect((await fetch(`${base}/metrics/job/shop/session_id/${s.id}`, { method: 'DELETE' })).status).toBe(405);
    expect(upstream.received.map((r) => [r.method, r.url])).toEqual([
      ['PUT', `/metrics/job/shop/session_id/${s.id}`],
      ['POST', `/metrics/job/shop/route@base64/L2E/session_id/${s.id}`],
    ]);
  });

  it('pushgateway mode with requireSessionTag off forwards a grouping key without session_id unchanged', async () => {
    await start({ format: 'pushgateway', requireSessionTag: false, allowedTagKeys: ['route'] });
    const s = Session.create({ clock: () => now });
    expect((await post(s, '/metrics/job/shop', 'up 1\n', {}, 'PUT')).status).toBe(204);
    expect(upstream.received.map((r) => r.url)).toEqual(['/metrics/job/shop']);
  });

  it('otlp mode: checks the signature and the byte cap, forwards the protobuf bytes untouched', async () => {
    await start({ format: 'otlp', limits: { bytesPerMinute: 10 } });
    const s = Session.create({ clock: () => now });
    const body = Buffer.from([0x0a, 0x00, 0xff, 0x10]);
    expect((await post(s, '/v1/metrics', body, { 'content-type': 'application/x-protobuf' })).status).toBe(204);
    expect(upstream.received[0]!.body).toEqual(body);
    expect((await post(undefined, '/v1/metrics', body)).status).toBe(401);
    expect((await post(s, '/v1/metrics', Buffer.alloc(7))).status).toBe(429);
    expect((await post(s, '/write', body)).status).toBe(404);
  });

  it('allowUnsigned: accepts writes without session headers into one shared budget, still refuses bad signatures', async () => {
    await start({ format: 'otlp', allowUnsigned: true, limits: { bytesPerMinute: 10 } });
    const protobuf = Buffer.from([0x0a, 0x02, 0x08, 0x01]);
    expect((await post(undefined, '/v1/metrics', protobuf, { 'content-type': 'application/x-protobuf' })).status).toBe(204);
    expect((await post(undefined, '/v1/metrics', protobuf)).status).toBe(204);
    const capped = await post(undefined, '/v1/metrics', protobuf);
    expect(capped.status).toBe(429);
    expect(capped.headers.get(REJECTION_HEADER)).toBe('bytes-cap');
    // a signed session has its own budget
    const s = Session.create({ clock: () => now });
    expect((await post(s, '/v1/metrics', protobuf)).status).toBe(204);
    // a partial or bad signature is not "unsigned"
    expect((await post(undefined, '/v1/metrics', protobuf, { [SESSION_HEADERS.sessionId]: s.id })).headers.get(REJECTION_HEADER)).toBe('missing-signature');
    const headers = s.signRequest({ target: '/v1/metrics', body: protobuf });
    expect((await fetch(base + '/v1/metrics', { method: 'POST', headers, body: Buffer.from([1]) })).headers.get(REJECTION_HEADER)).toBe('bad-signature');
    expect(upstream.received).toHaveLength(3);
    expect(upstream.received[0]!.headers['content-type']).toBe('application/x-protobuf');
  });

  it('allowUnsigned with line protocol: the tag policy still applies, the session tag cannot be checked', async () => {
    await start({ allowUnsigned: true });
    expect((await post(undefined, '/write?db=x', `m,session.id=${'c'.repeat(32)} v=1`)).status).toBe(204);
    expect((await post(undefined, '/write?db=x', 'm,host.name=box v=1')).headers.get(REJECTION_HEADER)).toBe('tag-not-allowed');
  });

  it('validates options with InvalidOptionError', () => {
    expect(() => new ReceivingProxy({ upstream: 'ftp://x' })).toThrow(InvalidOptionError);
    expect(() => new ReceivingProxy({ upstream: 'http://x', format: 'graphite' as never })).toThrow(
      `ReceivingProxy: option "format" must be one of 'influx', 'pushgateway', 'otlp', got "graphite"`,
    );
    expect(() => new ReceivingProxy({ upstream: 'http://x', limits: { linesPerMinute: 0 } })).toThrow('option "limits.linesPerMinute"');
    expect(() => new ReceivingProxy({ upstream: 'http://x', allowedTagKeys: [''] })).toThrow('option "allowedTagKeys"');
    expect(() => new ReceivingProxy({ upstream: 'http://x', allowUnsigned: 'yes' as never })).toThrow('option "allowUnsigned" must be a boolean');
  });

  it('builds upstream URLs: path prefix, upstream query wins', () => {
    expect(upstreamUrl(new URL('http://db:8086/influx/?db=a'), '/write?db=b&precision=s').href).toBe('http://db:8086/influx/write?db=a&precision=s');
    expect(upstreamUrl(new URL('http://db:8086'), '/api/v2/write?org=o').href).toBe('http://db:8086/api/v2/write?org=o');
  });
});
