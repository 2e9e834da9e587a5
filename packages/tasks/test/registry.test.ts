import { InvalidOptionError } from '@meterwork/core';
import { Registry, type RegistryOptions } from '@meterwork/tasks';

describe('Registry options', () => {
  it.each<[string, RegistryOptions]>([
    ['clock', { clock: 5 as unknown as () => number }],
    ['isPanic', { isPanic: 'yes' as unknown as () => boolean }],
    ['errorNamers[0]', { errorNamers: [null as unknown as () => string] }],
    ['clockOriginMillis', { clockOriginMillis: NaN }],
    ['otelSpans', { otelSpans: {} as unknown as boolean }],
  ])('refuses an invalid %s with InvalidOptionError naming it', (option, options) => {
    expect(() => new Registry(options)).toThrow(InvalidOptionError);
    expect(() => new Registry(options)).toThrow(`option "${option}"`);
  });

  it('refuses an empty scope or function name', () => {
    const reg = new Registry();
    expect(() => reg.scope('')).toThrow(TypeError);
    expect(() => reg.scope('s').func('')).toThrow(InvalidOptionError);
    expect(() => reg.scope('s').task('x', 3 as unknown as () => void)).toThrow(InvalidOptionError);
  });

  it('hands out ids below 2^53 shared by functions, spans and traces', () => {
    const reg = new Registry();
    const f = reg.scope('s').task(function f() {
      return reg.runningSpans()[0]!;
    });
    const span = f();
    const ids = [reg.scope('s').func('f').id, span.id, span.traceId];
    expect(new Set(ids).size).toBe(3);
    for (const id of ids) expect(Number.isSafeInteger(id) && id > 0).toBe(true);
  });

  it('a throwing isPanic counts the failure as an error', () => {
    const reg = new Registry({
      isPanic: () => {
        throw new Error('bad predicate');
      },
    });
    const f = reg.scope('s').task(function f() {
      throw new RangeError('r');
    });
    expect(() => f()).toThrow(RangeError);
    expect(reg.scope('s').func('f').errors()).toEqual([['RangeError', 1]]);
  });

  it('a throwing trace observer does not reach the task', async () => {
    const reg = new Registry();
    reg.observeTraces({ regex: /f/ }, () => {
      throw new Error('observer');
    });
    expect(
      reg.scope('s').task(function f() {
        return 1;
      })(),
    ).toBe(1);
  });
});
