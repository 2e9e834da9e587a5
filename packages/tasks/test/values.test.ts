import { Registry } from '@meterwork/tasks';
import { testRegistry } from './util';

describe('monkit values', () => {
  it('counters keep high and low marks', () => {
    const c = new Registry().scope('v').counter('inflight');
    c.inc(3);
    c.dec(5);
    c.inc();
    c.set(10);
    c.inc(NaN);
    expect([c.value, c.high, c.low]).toEqual([10, 10, -2]);
  });

  it('int, float and duration distributions keep count, sum, min, max, recent and a reservoir', () => {
    const { reg } = testRegistry();
    const mon = reg.scope('v');
    const i = mon.intVal('size');
    for (const v of [3, 1.9, 7]) i.observe(v);
    expect([i.dist.count, i.dist.sum, i.dist.min, i.dist.max, i.dist.recent]).toEqual([3, 11, 1, 7, 7]);
    const f = mon.floatVal('ratio');
    f.observe(0.5);
    f.observe(Infinity);
    expect(f.dist.count).toBe(1);
    const d = mon.durationVal('lag');
    d.observe(0.25);
    expect(d.dist.snapshot().quantile(0.5)).toBe(0.25);
  });

  it('bools count true and false', () => {
    const b = new Registry().scope('v').boolVal('hit');
    b.observe(true);
    b.observe(true);
    b.observe(false);
    const fields: Array<[string, number]> = [];
    b.stats((k, v) => fields.push([k, v]));
    expect(fields).toEqual([
      ['disposition', 1],
      ['false', 1],
      ['true', 2],
      ['recent', 0],
    ]);
  });

  it('events count marks', () => {
    const e = new Registry().scope('v').event('tick');
    e.mark();
    e.mark(2);
    expect(e.meter.count).toBe(3);
  });

  it('refuses one name for two kinds', () => {
    const mon = new Registry().scope('v');
    mon.counter('x');
    expect(() => mon.event('x')).toThrow(/names a counter value already/);
    expect(mon.counter('x')).toBe(mon.counter('x'));
  });
});

describe('Registry.stats', () => {
  it('writes monkit stats in a deterministic order', () => {
    const { reg, clock } = testRegistry();
    const b = reg.scope('b');
    const a = reg.scope('a');
    b.task(function z() {})();
    const f = a.task(function y(fail: boolean) {
      clock.advance(1);
      if (fail) throw Object.assign(new Error(), { code: 'EOF' });
    });
    f(false);
    expect(() => f(true)).toThrow();
    a.counter('c').inc(2);
    const lines: string[] = [];
    reg.stats((m, tags, field, value) => {
      const t = Object.keys(tags)
        .sort()
        .map((k) => `${k}=${tags[k]}`)
        .join(',');
      lines.push(`${m},${t} ${field}=${value}`);
    });
    expect(lines.slice(0, 8)).toEqual([
      'function,name=y,scope=a current=0',
      'function,name=y,scope=a highwater=1',
      'function,name=y,scope=a successes=1',
      'function,name=y,scope=a errors=1',
      'function,name=y,scope=a panics=0',
      'function,name=y,scope=a failures=1',
      'function,name=y,scope=a total=2',
      'function,error_name=EOF,name=y,scope=a count=1',
    ]);
    expect(lines).toContain('function_times,kind=success,name=y,scope=a r50=0.001');
    expect(lines.filter((l) => l.startsWith('c,'))).toEqual(['c,scope=a high=2', 'c,scope=a low=0', 'c,scope=a value=2']);
    expect(lines.at(-1)).toBe('function_times,kind=failure,name=z,scope=b count=0');
  });
});
