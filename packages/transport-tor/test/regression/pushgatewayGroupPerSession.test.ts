/**
 * Issue 10: the receiving proxy first refused Pushgateway pushes whose
 * grouping key had no `session_id` label. The client's PushgatewayExporter
 * has a grouping key fixed at construction, so after a session rotation
 * (a new session id) every push would have been refused. The proxy now adds
 * the signing session's `session_id` to such a grouping key: pushes of
 * rotated sessions are accepted and land in separate groups.
 */
import { Session } from '../../src';
import { resolveReceiverOptions } from '../../src/receiver/options';
import { WriteGate } from '../../src/receiver/WriteGate';

describe('Pushgateway grouping key without session_id (issue 10)', () => {
  it("accepts pushes of a rotated session under the same static grouping key, each in the session's own group", async () => {
    const now = 1_800_000_000_000;
    const gate = new WriteGate(resolveReceiverOptions({ upstream: 'http://127.0.0.1:9091', format: 'pushgateway', clock: () => now }));
    const target = '/metrics/job/file-server';
    const forwarded: string[] = [];
    for (const session of [Session.create({ clock: () => now }), Session.create({ clock: () => now })]) {
      const body = 'up 1\n';
      const decision = await gate.decide({ method: 'PUT', target, headers: session.signRequest({ method: 'PUT', target, body }), body: Buffer.from(body) });
      expect(decision).toMatchObject({ ok: true, sessionId: session.id });
      if (decision.ok) forwarded.push(decision.forwardTarget);
      expect(forwarded[forwarded.length - 1]).toBe(`${target}/session_id/${session.id}`);
    }
    expect(new Set(forwarded).size).toBe(2);
  });
});
