/**
 * The receiving proxy in front of a real influxd (no Tor): signed writes are
 * stored exactly (gzip too), refused writes store nothing, influxd's own
 * errors come back to the client unchanged, and the proxy pins the database.
 */
import { gzipSync } from 'zlib';
import { ReceivingProxy, Session } from '@meterwork/transport-tor';
import { describeWithBinaries, requireBinary } from './helpers/process';
import { rows, startInfluxd, type Influxd } from './fixtures/influx/servers';

describeWithBinaries(['influxd'])('ReceivingProxy in front of a real influxd', () => {
  let influxd: Influxd;
  let proxy: ReceivingProxy;
  let base: string;

  beforeAll(async () => {
    influxd = await startInfluxd(requireBinary('influxd')!, { auth: false });
    await influxd.query('CREATE DATABASE metrics');
    proxy = new ReceivingProxy({ upstream: `${influxd.url}/?db=metrics`, allowedTagKeys: ['route'], limits: { linesPerMinute: 1000 } });
    base = `http://127.0.0.1:${(await proxy.listen()).port}`;
  }, 60_000);
  afterAll(async () => {
    await proxy?.close();
    await influxd?.stop();
  }, 60_000);

  async function write(
    session: Session,
    body: string | Buffer,
    headers: Record<string, string> = {},
    target = '/write?db=elsewhere&precision=s',
  ): Promise<Response> {
    return fetch(base + target, { method: 'POST', body, headers: { ...session.signRequest({ target, body }), ...headers } });
  }

  it('stores signed writes exactly, plain and gzip, in the pinned database', async () => {
    const s = Session.create();
    expect((await write(s, `rt,session.id=${s.id},route=/a p50=0.25,count=7i 1700000000`)).status).toBe(204);
    expect((await write(s, gzipSync(`rt,session.id=${s.id},route=/b p50=0.5,count=8i 1700000001`), { 'content-encoding': 'gzip' })).status).toBe(204);
    const stored = rows(await influxd.query(`SELECT * FROM rt WHERE "session.id" = '${s.id}'`, 'metrics'));
    expect(stored.map((r) => [r.time, r.route, r.p50, r.count])).toEqual([
      ['2023-11-14T22:13:20Z', '/a', 0.25, 7],
      ['2023-11-14T22:13:21Z', '/b', 0.5, 8],
    ]);
  });

  it('stores nothing of a write with one identifying line', async () => {
    const s = Session.create();
    const res = await write(s, `rt,session.id=${s.id},route=/ok p50=1 1700000002\nrt,session.id=${s.id},host.name=box p50=2 1700000002`);
    expect(res.status).toBe(403);
    expect(rows(await influxd.query(`SELECT * FROM rt WHERE "session.id" = '${s.id}'`, 'metrics'))).toEqual([]);
    expect(proxy.stats().rejected['tag-not-allowed']).toBe(1);
  });

  it("passes influxd's own refusal (a field type conflict) back with its status and message", async () => {
    const s = Session.create();
    expect((await write(s, `conflict,session.id=${s.id} v=1i 1700000000`)).status).toBe(204);
    const res = await write(s, `conflict,session.id=${s.id} v="text" 1700000001`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('field type conflict');
    expect(proxy.stats().upstreamErrors).toBeGreaterThanOrEqual(1);
  });
});
