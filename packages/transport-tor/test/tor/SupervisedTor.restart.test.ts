// Restart-on-crash, backoff and stop of SupervisedTor on a fake clock with fake tor processes.
import { SupervisedTor } from '../../src/tor/SupervisedTor';
import type { SupervisedTorOptions } from '../../src/tor/options';
import { captureDiagLines, fakeRuntime, type DiagLog, type FakeRuntime } from './fakeRuntime';

const OPTIONS: SupervisedTorOptions = {
  restart: { initialDelayMillis: 1000, maxDelayMillis: 8000 },
  healthyAfterMillis: 30000,
  stopTimeoutMillis: 5000,
};

describe('SupervisedTor supervision (fake clock)', () => {
  let runtime: FakeRuntime;
  let log: DiagLog;
  let tor: SupervisedTor;
  let events: string[];

  async function start(options: SupervisedTorOptions = OPTIONS): Promise<void> {
    tor = await SupervisedTor._startWith(options, runtime);
    for (const name of ['ready', 'down', 'restarting', 'stopped'])
      tor.on(name, (arg: unknown) => events.push(arg === undefined ? name : `${name} ${JSON.stringify(arg)}`));
  }

  beforeEach(() => {
    runtime = fakeRuntime();
    log = captureDiagLines();
    events = [];
  });
  afterEach(async () => {
    await tor?.stop();
    log.restore();
  });

  it('restarts a crashed tor after the backoff delay, with diag messages and events', async () => {
    await start();
    expect(tor.state).toBe('ready');
    expect(tor.socksPort).toBe(9050);
    expect(log.lines).toContain('info @meterwork/transport-tor SupervisedTor: tor bootstrap 100% (Done)');

    runtime.tors[0]!.exit(null, 'SIGKILL');
    expect(tor.state).toBe('down');
    expect(events).toEqual(['down {"code":null,"signal":"SIGKILL"}', 'restarting {"attempt":1,"delayMillis":1000}']);
    expect(log.lines.some((l) => l.startsWith('warn') && l.includes('tor exited (code null, signal SIGKILL); restart 1 in 1000 ms'))).toBe(true);
    expect(log.lines.some((l) => l.includes('no direct connection is made'))).toBe(true);

    await runtime.timers.advance(999);
    expect(runtime.tors).toHaveLength(1);
    await runtime.timers.advance(1);
    expect(runtime.tors).toHaveLength(2);
    expect(tor.state).toBe('ready');
    expect(tor.restarts).toBe(1);
    expect(tor.pid).toBe(1001);
    expect(events.at(-1)).toBe('ready');
    expect(log.lines).toContain('info @meterwork/transport-tor SupervisedTor: tor restarted on SOCKS port 9050; exports resume');
  });

  it('doubles the delay on repeated crashes up to maxDelayMillis', async () => {
    await start();
    const delays: number[] = [];
    tor.on('restarting', (e: { delayMillis: number }) => delays.push(e.delayMillis));
    for (let i = 0; i < 5; i++) {
      runtime.tors.at(-1)!.exit(1, null); // crashes soon after each bootstrap, before the healthy period
      await runtime.timers.advance(delays.at(-1)!);
      expect(tor.state).toBe('ready');
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000, 8000]);
    expect(tor.restarts).toBe(5);
  });

  it('grows the delay when restarts themselves fail, and says why', async () => {
    await start();
    runtime.plan.push('exit', 'exit');
    runtime.tors[0]!.exit(1, null);
    await runtime.timers.advance(1000); // restart 1 fails
    await runtime.timers.advance(2000); // restart 2 fails
    expect(events.filter((e) => e.startsWith('restarting'))).toEqual([
      'restarting {"attempt":1,"delayMillis":1000}',
      'restarting {"attempt":2,"delayMillis":2000}',
      'restarting {"attempt":3,"delayMillis":4000}',
    ]);
    expect(log.lines.some((l) => l.includes('restart failed: @meterwork/transport-tor SupervisedTor: tor exited during start (code 1'))).toBe(true);
    await runtime.timers.advance(4000);
    expect(tor.state).toBe('ready');
    expect(tor.restarts).toBe(1);
  });

  it('starts the backoff again from initialDelayMillis once tor stayed up for healthyAfterMillis', async () => {
    await start();
    runtime.tors[0]!.exit(1, null);
    await runtime.timers.advance(1000);
    await runtime.timers.advance(30000); // healthy
    runtime.tors[1]!.exit(1, null);
    expect(events.at(-1)).toBe('restarting {"attempt":1,"delayMillis":1000}');
  });

  it('gives up after maxRetries with a diag error and the stopped event', async () => {
    await start({ ...OPTIONS, restart: { maxRetries: 1, initialDelayMillis: 1000, maxDelayMillis: 8000 } });
    runtime.tors[0]!.exit(1, null);
    await runtime.timers.advance(1000);
    runtime.tors[1]!.exit(1, null);
    expect(tor.state).toBe('stopped');
    expect(events.at(-1)).toBe('stopped');
    expect(log.lines.some((l) => l.startsWith('error') && l.includes('giving up after 1 restarts'))).toBe(true);
    await runtime.timers.advance(100000);
    expect(runtime.tors).toHaveLength(2);
  });

  it('does not restart after stop(), even with a restart pending', async () => {
    await start();
    runtime.tors[0]!.exit(1, null);
    expect(tor.state).toBe('down');
    await tor.stop();
    expect(tor.state).toBe('stopped');
    await runtime.timers.advance(100000);
    expect(runtime.tors).toHaveLength(1);
    expect(runtime.timers.pending).toBe(0);
  });

  it('stops with SIGTERM; a tor that ignores it gets SIGKILL after stopTimeoutMillis', async () => {
    await start();
    const child = runtime.tors[0]!;
    child.ignoreSigterm = true;
    let stopped = false;
    const stopping = tor.stop().then(() => (stopped = true));
    await runtime.timers.advance(4999);
    expect(child.signals).toEqual(['SIGTERM']);
    expect(stopped).toBe(false);
    await runtime.timers.advance(1);
    await stopping;
    expect(child.signals).toEqual(['SIGTERM', 'SIGKILL']);
    expect(child.signalCode).toBe('SIGKILL');
    expect(events).toEqual(['stopped']); // an exit during stop is no crash: no down/restarting
    await runtime.timers.advance(100000);
    expect(runtime.tors).toHaveLength(1);
  });

  it('stops with SIGTERM alone when tor exits on it', async () => {
    await start();
    await tor.stop();
    expect(runtime.tors[0]!.signals).toEqual(['SIGTERM']);
    expect(runtime.tors[0]!.signalCode).toBe('SIGTERM');
  });
});
