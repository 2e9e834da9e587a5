import type { FinishedSpan } from '@meterwork/tasks';
import { testRegistry, tick } from './util';

describe('Registry.observeTraces', () => {
  it('captures the first matching root with its finished children, once', async () => {
    const { reg, clock } = testRegistry();
    const mon = reg.scope('t');
    const leaf = mon.task(async function leaf(fail: boolean) {
      await tick();
      clock.advance(2);
      if (fail) throw new Error('boom');
    });
    const handler = mon.task(async function handler() {
      await leaf(false);
      await leaf(true).catch(() => undefined);
    });
    const got: FinishedSpan[] = [];
    reg.observeTraces({ regex: /handler$/ }, (t) => got.push(t));
    await leaf(false); // does not match: no trace
    await handler();
    await handler(); // once: not captured
    expect(got).toHaveLength(1);
    const root = got[0]!;
    expect(root.name).toBe('handler');
    expect(root.parentId).toBeUndefined();
    expect(root.children.map((c) => [c.name, c.errorName, c.errorMessage])).toEqual([
      ['leaf', '', ''],
      ['leaf', 'System Error', 'boom'],
    ]);
    expect(root.duration).toBe(4);
    expect(root.children[1]!.parentId).toBe(root.id);
    expect(reg._subscriptions).toHaveLength(0);
  });

  it('selects by trace id and stops when unsubscribed', async () => {
    const { reg } = testRegistry();
    const mon = reg.scope('t');
    let gate!: () => void;
    const g = new Promise<void>((r) => (gate = r));
    const slow = mon.task(async function slow() {
      await g;
    });
    const p = slow();
    const traceId = reg.runningSpans()[0]!.traceId;
    const got: FinishedSpan[] = [];
    const off = reg.observeTraces({ traceId }, (t) => got.push(t), { once: false });
    // The root must start after subscribing: a child of the running trace.
    const child = mon.task(function child() {
      return 1;
    });
    expect(got).toHaveLength(0);
    off();
    off();
    gate();
    await p;
    child();
    expect(got).toHaveLength(0);
    expect(() => reg.observeTraces({}, () => undefined)).toThrow(TypeError);
  });
});
