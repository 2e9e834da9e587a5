/**
 * The receiving proxy in front of a real Pushgateway (no Tor): signed pushes
 * land in a group of the signing session (the proxy adds `session_id` to a
 * grouping key without one), so two sessions pushing the same job keep
 * their own metrics; refused pushes change nothing.
 */
import { ReceivingProxy, Session } from '@meterwork/transport-tor';
import { describeWithBinaries, freePort, requireBinary, startProcess, waitUntil, type RunningProcess } from './helpers/process';

describeWithBinaries(['prometheus-pushgateway'])('ReceivingProxy in front of a real Pushgateway', () => {
  let gateway: RunningProcess;
  let gatewayUrl: string;
  let proxy: ReceivingProxy;
  let base: string;

  beforeAll(async () => {
    const port = await freePort();
    gatewayUrl = `http://127.0.0.1:${port}`;
    gateway = startProcess('prometheus-pushgateway', requireBinary('prometheus-pushgateway')!, [`--web.listen-address=127.0.0.1:${port}`]);
    await waitUntil('pushgateway ready', async () => (await fetch(`${gatewayUrl}/-/ready`)).ok, 60_000, gateway);
    proxy = new ReceivingProxy({ upstream: gatewayUrl, format: 'pushgateway' });
    base = `http://127.0.0.1:${(await proxy.listen()).port}`;
  }, 90_000);
  afterAll(async () => {
    await proxy?.close();
    await gateway?.stop();
  }, 60_000);

  function push(session: Session, target: string, body: string, method = 'PUT'): Promise<Response> {
    return fetch(base + target, { method, body, headers: { ...session.signRequest({ method, target, body }), 'content-type': 'text/plain; version=0.0.4' } });
  }

  it("keeps each session's push of the same job in its own group", async () => {
    const a = Session.create();
    const b = Session.create();
    expect((await push(a, '/metrics/job/shop', '# TYPE orders counter\norders 3\n')).status).toBe(200);
    expect((await push(b, '/metrics/job/shop', '# TYPE orders counter\norders 5\n')).status).toBe(200);
    const text = await (await fetch(`${gatewayUrl}/metrics`)).text();
    expect(text).toMatch(new RegExp(`orders\\{[^}]*job="shop"[^}]*session_id="${a.id}"[^}]*\\} 3`));
    expect(text).toMatch(new RegExp(`orders\\{[^}]*job="shop"[^}]*session_id="${b.id}"[^}]*\\} 5`));
  });

  it('refuses an identifying grouping label and an unsigned push, changing nothing', async () => {
    const s = Session.create();
    expect((await push(s, `/metrics/job/shop/instance/10.0.0.5`, 'leak 1\n')).status).toBe(403);
    expect((await fetch(`${base}/metrics/job/shop`, { method: 'PUT', body: 'leak 1\n' })).status).toBe(401);
    expect(await (await fetch(`${gatewayUrl}/metrics`)).text()).not.toContain('leak');
    expect(proxy.stats().rejected).toMatchObject({ 'tag-not-allowed': 1, 'missing-signature': 1 });
  });
});
