import * as vm from 'node:vm';
import { testRegistry } from '../util';

// Under jest, promises from Node's own APIs (and from a vm context) are not
// `instanceof Promise` of the caller's realm: such an async task ended at
// once, as a sync success, instead of when its promise settled.
describe('a native promise of another realm', () => {
  it('ends the task when it settles', async () => {
    const { reg, clock } = testRegistry();
    const foreign = vm.runInNewContext('(ms) => new Promise((resolve, reject) => setTimeout(() => (ms < 0 ? reject(new Error("late")) : resolve(ms)), 1))', {
      setTimeout,
    }) as (ms: number) => Promise<number>;
    const f = reg.scope('r').task('foreign', (ms: number) => {
      const p = foreign(ms);
      clock.advance(1);
      return p;
    });
    const p = f(5);
    expect(reg.scope('r').func('foreign').current).toBe(1);
    await expect(p).resolves.toBe(5);
    await expect(f(-1)).rejects.toThrow('late');
    const stats = reg.scope('r').func('foreign');
    expect([stats.current, stats.success, stats.errorCount]).toEqual([0, 1, 1]);
  });
});
