import { Registry, type RegistryOptions } from '@meterwork/tasks';

/** A manual clock (ms) for tests. */
export class ManualClock {
  now = 1_000_000;
  readonly read = (): number => this.now;
  advance(ms: number): void {
    this.now += ms;
  }
}

/** A registry on a manual clock with an exact last-64 reservoir. */
export function testRegistry(options: RegistryOptions = {}): { reg: Registry; clock: ManualClock } {
  const clock = new ManualClock();
  const reg = new Registry({ clock: clock.read, reservoir: { type: 'sliding_window', size: 64 }, ...options });
  return { reg, clock };
}

export function tick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
