import { currentSpan, defaultRegistry, task } from '@meterwork/tasks';
import { testRegistry, tick } from './util';

describe('Scope.task', () => {
  it('counts a sync success with its duration from the injected clock', () => {
    const { reg, clock } = testRegistry();
    const mon = reg.scope('app');
    const add = mon.task(function add(a: number, b: number) {
      clock.advance(5);
      return a + b;
    });
    expect(add(2, 3)).toBe(5);
    const f = mon.func('add');
    expect(f.success).toBe(1);
    expect(f.current).toBe(0);
    expect(f.highwater).toBe(1);
    expect(f.successTimes.count).toBe(1);
    expect(f.successTimes.sum).toBeCloseTo(0.005, 9);
    expect(f.fullName).toBe('app.add');
    expect(f.entry).toBe(true);
  });

  it('keeps this, arguments, name and length', () => {
    const { reg } = testRegistry();
    const obj = {
      k: 7,
      get: reg.scope('s').task('get', function (this: { k: number }, x: number, y: number) {
        return this.k + x + y;
      }),
    };
    expect(obj.get(1, 2)).toBe(10);
    expect(obj.get.length).toBe(2);
    expect(reg.scope('s').func('get').success).toBe(1);
  });

  it('names anonymous functions "anonymous" and takes an options object', () => {
    const { reg } = testRegistry();
    reg.scope('s').task(
      (
        () => () =>
          1
      )(),
    )();
    reg.scope('s').task({ name: 'named' }, () => 2)();
    expect(reg.funcs().map((f) => f.name)).toEqual(['anonymous', 'named']);
  });

  it('counts async success after the promise settles, with the duration until then', async () => {
    const { reg, clock } = testRegistry();
    const f = reg.scope('s').task(async function wait() {
      await tick();
      clock.advance(20);
      return 'ok';
    });
    const p = f();
    expect(reg.scope('s').func('wait').current).toBe(1);
    expect(await p).toBe('ok');
    const stats = reg.scope('s').func('wait');
    expect(stats.current).toBe(0);
    expect(stats.success).toBe(1);
    expect(stats.successTimes.max).toBeCloseTo(0.02, 9);
  });

  it('links nested calls as parent and child (sync and async) and counts edges', async () => {
    const { reg } = testRegistry();
    const mon = reg.scope('s');
    const leaf = mon.task(async function leaf() {
      await tick();
      return currentSpan();
    });
    const mid = mon.task(function mid() {
      return leaf();
    });
    const root = mon.task(async function root() {
      const a = await mid();
      const b = await leaf();
      return [a, b];
    });
    const [a, b] = await root();
    expect(a!.func.name).toBe('leaf');
    expect(a!.parent!.func.name).toBe('mid');
    expect(a!.parent!.parent!.func.name).toBe('root');
    expect(b!.parent!.func.name).toBe('root');
    expect(a!.traceId).toBe(b!.traceId);
    const edges = reg.callGraph().map((e) => `${e.parent?.fullName ?? 'entry'}->${e.child.fullName}:${e.count}`);
    expect(edges).toEqual(['s.mid->s.leaf:1', 's.root->s.leaf:1', 's.root->s.mid:1', 'entry->s.root:1']);
  });

  it('keeps parents right under thousands of interleaved async tasks', async () => {
    const { reg } = testRegistry();
    const mon = reg.scope('c');
    const seen: Array<[number, number | undefined]> = [];
    const child = mon.task(async function child(i: number) {
      await new Promise((r) => setTimeout(r, i % 7));
      seen.push([i, (currentSpan()!.parent!.args![0] as number) ?? undefined]);
    });
    const parent = mon.task({ name: 'parent', recordArgs: true }, async (i: number) => {
      await new Promise((r) => setImmediate(r));
      await child(i);
      await child(i);
    });
    const n = 3000;
    await Promise.all(Array.from({ length: n }, (_, i) => parent(i)));
    expect(seen).toHaveLength(2 * n);
    for (const [i, p] of seen) expect(p).toBe(i);
    const c = mon.func('child');
    expect(c.success).toBe(2 * n);
    expect(c.current).toBe(0);
    expect(mon.func('parent').highwater).toBe(n);
    expect(c.parents().map((e) => [e.parent?.name, e.count])).toEqual([['parent', 2 * n]]);
    expect(reg.runningSpans()).toEqual([]);
  });

  it('tracks highwater of concurrent calls', async () => {
    const { reg } = testRegistry();
    const release: Array<() => void> = [];
    const f = reg.scope('s').task(function hold() {
      return new Promise<void>((r) => release.push(r));
    });
    const ps = [f(), f(), f()];
    expect(reg.scope('s').func('hold').current).toBe(3);
    release.splice(0).forEach((r) => r());
    await Promise.all(ps);
    const p = f();
    release.splice(0).forEach((r) => r());
    await p;
    const stats = reg.scope('s').func('hold');
    expect(stats.highwater).toBe(3);
    expect(stats.current).toBe(0);
    expect(stats.success).toBe(4);
  });

  it('lists running tasks as trees with ids below 2^53', async () => {
    const { reg, clock } = testRegistry();
    const mon = reg.scope('ps');
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const inner = mon.task(async function inner(_x: string) {
      await gate;
    });
    const outer = mon.task(async function outer() {
      await inner('a');
    });
    const p = outer();
    clock.advance(10);
    const roots = reg.runningSpans();
    expect(roots).toHaveLength(1);
    expect(roots[0]!.name).toBe('outer');
    expect(roots[0]!.elapsed).toBe(10);
    expect(roots[0]!.children.map((c) => c.name)).toEqual(['inner']);
    expect(roots[0]!.children[0]!.parentId).toBe(roots[0]!.id);
    expect(Number.isSafeInteger(roots[0]!.traceId)).toBe(true);
    release();
    await p;
    expect(reg.runningSpans()).toEqual([]);
  });

  it('the default task() uses scope main of the default registry', () => {
    const f = task('defaultThing', () => 3);
    expect(f()).toBe(3);
    expect(defaultRegistry.scope('main').func('defaultThing').success).toBe(1);
  });
});
