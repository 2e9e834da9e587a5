// Regression: the restart backoff was reset at every bootstrap, so a tor that crashed right after
// bootstrapping was restarted every initialDelayMillis forever. It now resets only after healthyAfterMillis.
import { SupervisedTor } from '../../src/tor/SupervisedTor';
import { captureDiagLines, fakeRuntime } from '../tor/fakeRuntime';

it('a tor that crashes soon after each bootstrap gets growing restart delays', async () => {
  const runtime = fakeRuntime();
  const log = captureDiagLines();
  const tor = await SupervisedTor._startWith({ restart: { initialDelayMillis: 1000, maxDelayMillis: 60000 }, healthyAfterMillis: 60000 }, runtime);
  try {
    const delays: number[] = [];
    tor.on('restarting', (e: { delayMillis: number }) => delays.push(e.delayMillis));
    for (let i = 0; i < 3; i++) {
      await runtime.timers.advance(10000); // up and bootstrapped for 10 s, then crashes
      runtime.tors.at(-1)!.exit(1, null);
      await runtime.timers.advance(delays.at(-1)!);
    }
    expect(delays).toEqual([1000, 2000, 4000]);
  } finally {
    await tor.stop();
    log.restore();
  }
});
