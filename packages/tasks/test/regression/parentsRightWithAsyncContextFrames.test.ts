import { currentSpan } from '@meterwork/tasks';
import { enterMode, FAST_ENTER } from '../../src/span/enter';
import { testRegistry } from '../util';

// Node 24's AsyncLocalStorage (async context frames) takes the `run` path of
// callIn, Node 20's the `enterWith` one: both must give the same parents,
// also when a task throws.
describe.each([
  ['run', false],
  ['enterWith', true],
])('entering a task with %s', (_name, fast) => {
  const saved = enterMode.fast;
  beforeAll(() => {
    enterMode.fast = fast && FAST_ENTER;
  });
  afterAll(() => {
    enterMode.fast = saved;
  });

  it('keeps parents under interleaved async tasks and restores the context after a throw', async () => {
    const { reg } = testRegistry();
    const mon = reg.scope('m');
    const bad = mon.task(function bad() {
      throw new Error('x');
    });
    const child = mon.task(async function child(i: number) {
      await new Promise((r) => setTimeout(r, i % 3));
      return currentSpan()!.parent!.args![0];
    });
    const parent = mon.task({ name: 'parent', recordArgs: true }, async (i: number) => {
      expect(() => bad()).toThrow('x');
      expect(currentSpan()!.func.name).toBe('parent');
      await new Promise((r) => setImmediate(r));
      return child(i);
    });
    const got = await Promise.all(Array.from({ length: 500 }, (_, i) => parent(i)));
    expect(got).toEqual(Array.from({ length: 500 }, (_, i) => i));
    expect(currentSpan()).toBeUndefined();
    expect(
      mon
        .func('bad')
        .parents()
        .map((e) => e.parent?.name),
    ).toEqual(['parent']);
  });
});
