import { AsyncResource } from 'node:async_hooks';
import { currentSpan } from '@meterwork/tasks';
import { testRegistry } from '../util';

// A task started synchronously inside AsyncResource.runInAsyncScope within
// another task must leave that resource's context as it found it: restoring
// the enclosing task there would make it "current" for every later callback
// of the resource.
describe('a task inside another async resource, inside a task', () => {
  it('leaves the resource context as it was', async () => {
    const { reg } = testRegistry();
    const mon = reg.scope('r');
    const resource = new AsyncResource('test');
    const inner = mon.task(function inner() {
      return currentSpan()!.func.name;
    });
    const outer = mon.task(function outer() {
      return resource.runInAsyncScope(() => inner());
    });
    expect(outer()).toBe('inner');
    expect(resource.runInAsyncScope(() => currentSpan())).toBeUndefined();
    await new Promise((r) => setImmediate(r));
    expect(resource.runInAsyncScope(() => currentSpan())).toBeUndefined();
    resource.emitDestroy();
  });
});
