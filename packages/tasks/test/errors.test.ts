import { builtInErrorName, defaultIsPanic } from '@meterwork/tasks';
import { testRegistry } from './util';

class MyError extends Error {}
class NamedError extends Error {
  override name = 'Named';
}

describe('failures', () => {
  it('counts throws and rejections as errors by name, with failure times', async () => {
    const { reg, clock } = testRegistry();
    const mon = reg.scope('e');
    const bad = mon.task(function bad() {
      clock.advance(3);
      throw new MyError('x');
    });
    const rejects = mon.task(async function rejects() {
      clock.advance(4);
      throw Object.assign(new Error('econn'), { code: 'ECONNRESET' });
    });
    expect(() => bad()).toThrow(MyError);
    await expect(rejects()).rejects.toThrow('econn');
    const b = mon.func('bad');
    expect(b.errors()).toEqual([['MyError', 1]]);
    expect(b.success).toBe(0);
    expect(b.failureTimes.sum).toBeCloseTo(0.003, 9);
    expect(mon.func('rejects').errors()).toEqual([['ECONNRESET', 1]]);
    expect(mon.func('rejects').current).toBe(0);
  });

  it('counts panics apart from errors (non-Error values and TypeError by default)', async () => {
    const { reg } = testRegistry();
    const mon = reg.scope('p');
    const f = mon.task(function f(kind: number) {
      if (kind === 0) throw 'a string';
      if (kind === 1) (undefined as unknown as { x: () => void }).x();
      throw new RangeError('r');
    });
    for (const k of [0, 1, 2]) expect(() => f(k)).toThrow();
    const s = mon.func('f');
    expect(s.panics).toBe(3);
    expect(s.errors()).toEqual([]);
    expect(s.failureTimes.count).toBe(3);
  });

  it('takes a custom panic predicate', () => {
    const { reg } = testRegistry({ isPanic: (e) => e instanceof SyntaxError });
    const f = reg.scope('p').task(function f(s: string) {
      return JSON.parse(s) as unknown;
    });
    expect(() => f('{')).toThrow(SyntaxError);
    expect(reg.scope('p').func('f').panics).toBe(1);
  });

  it('names errors in order: namers (newest first), abort/timeout, code, name, constructor, System Error', () => {
    const { reg } = testRegistry({ errorNamers: [(e) => (e === 'first' ? 'FromOption' : undefined)] });
    reg.addErrorNamer((e) => (e instanceof NamedError ? 'Older' : undefined));
    reg.addErrorNamer((e) => (e instanceof NamedError ? 'Newest' : undefined));
    expect(reg.nameError(new NamedError())).toBe('Newest');
    expect(reg.nameError('first')).toBe('FromOption');
    const abort = new AbortController();
    abort.abort();
    expect(builtInErrorName(abort.signal.reason)).toBe('Canceled');
    expect(builtInErrorName(Object.assign(new Error(), { code: 'ABORT_ERR' }))).toBe('Canceled');
    expect(builtInErrorName(AbortSignal.timeout(0).reason ?? new DOMException('t', 'TimeoutError'))).toBe('Timeout');
    expect(builtInErrorName(new DOMException('t', 'TimeoutError'))).toBe('Timeout');
    expect(builtInErrorName(Object.assign(new Error(), { code: 'ETIMEDOUT' }))).toBe('Timeout');
    expect(builtInErrorName(Object.assign(new NamedError(), { code: 'ENOENT' }))).toBe('ENOENT');
    expect(builtInErrorName(new NamedError())).toBe('Named');
    expect(builtInErrorName(new MyError())).toBe('MyError');
    expect(builtInErrorName(new Error('plain'))).toBe('System Error');
    expect(builtInErrorName({})).toBe('System Error');
    expect(builtInErrorName(42)).toBe('System Error');
  });

  it('skips a namer that throws', () => {
    const { reg } = testRegistry({
      errorNamers: [
        () => {
          throw new Error('bad namer');
        },
      ],
    });
    expect(reg.nameError(new MyError())).toBe('MyError');
  });

  it('counts an aborted task as Canceled', async () => {
    const { reg } = testRegistry();
    const ac = new AbortController();
    const wait = reg.scope('c').task(function wait(signal: AbortSignal) {
      return new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    });
    const p = wait(ac.signal);
    ac.abort();
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
    expect(reg.scope('c').func('wait').errors()).toEqual([['Canceled', 1]]);
  });

  it('defaultIsPanic', () => {
    expect(defaultIsPanic(undefined)).toBe(true);
    expect(defaultIsPanic({ message: 'x' })).toBe(true);
    expect(defaultIsPanic(new ReferenceError())).toBe(true);
    expect(defaultIsPanic(new Error())).toBe(false);
    expect(defaultIsPanic(new SyntaxError())).toBe(false);
  });
});
