import * as vm from 'node:vm';
import { defaultIsPanic } from '@meterwork/tasks';

// Under jest (a vm context) a DOMException AbortError is not `instanceof
// Error` of the test's realm, and an aborted task was counted as a panic.
describe('defaultIsPanic across realms', () => {
  it('treats errors of another realm as errors, and their TypeErrors as panics', () => {
    const other = vm.runInNewContext(
      '({ plain: new Error("x"), type: new TypeError("y"), abort: new (class AbortError extends Error { constructor() { super("a"); this.name = "AbortError"; } })() })',
    ) as Record<string, unknown>;
    expect(other.plain instanceof Error).toBe(false);
    expect(defaultIsPanic(other.plain)).toBe(false);
    expect(defaultIsPanic(other.abort)).toBe(false);
    expect(defaultIsPanic(other.type)).toBe(true);
    const ac = new AbortController();
    ac.abort();
    expect(defaultIsPanic(ac.signal.reason)).toBe(false);
  });
});
