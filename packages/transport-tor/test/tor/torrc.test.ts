import { parseBootstrapStatus } from '../../src/tor/bootstrap';
import { resolveSupervisedTorOptions } from '../../src/tor/options';
import { buildTorrc, parseListenerPort } from '../../src/tor/torrc';

describe('supervised tor configuration', () => {
  const input = {
    dataDirectory: '/d',
    socksPort: 'auto' as const,
    controlPortFile: '/d/cp',
    cookieFile: '/d/cookie',
    ownerPid: 42,
    extraLines: ['TestingTorNetwork 1'],
  };

  it('isolates circuits by SOCKS credentials, uses automatic ports, cookie auth and ownership', () => {
    const lines = buildTorrc(input).split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        'DataDirectory /d',
        'SocksPort 127.0.0.1:auto IsolateSOCKSAuth ExtendedErrors',
        'ControlPort 127.0.0.1:auto',
        'ControlPortWriteToFile /d/cp',
        'CookieAuthentication 1',
        'CookieAuthFile /d/cookie',
        '__OwningControllerProcess 42',
        'TestingTorNetwork 1',
      ]),
    );
    expect(buildTorrc({ ...input, socksPort: 9150 })).toContain('SocksPort 127.0.0.1:9150 ');
  });

  it('reads ports from ControlPortWriteToFile and GETINFO net/listeners/socks', () => {
    expect(parseListenerPort('PORT=127.0.0.1:45123\n')).toBe(45123);
    expect(parseListenerPort('"127.0.0.1:9050"')).toBe(9050);
    expect(parseListenerPort('')).toBeUndefined();
  });

  it('parses bootstrap status lines, with warnings', () => {
    expect(parseBootstrapStatus('NOTICE BOOTSTRAP PROGRESS=100 TAG=done SUMMARY="Done"')).toEqual({ progress: 100, tag: 'done', summary: 'Done' });
    expect(parseBootstrapStatus('WARN BOOTSTRAP PROGRESS=10 TAG=conn SUMMARY="Connecting" WARNING="Connection refused"')).toMatchObject({
      progress: 10,
      warning: 'Connection refused',
    });
    expect(parseBootstrapStatus('NOTICE CIRCUIT_ESTABLISHED')).toBeUndefined();
  });

  it.each([
    [{ socksPort: 0 }, 'option "socksPort"'],
    [{ torrcLines: ['a\nb'] }, 'option "torrcLines[0]" must not contain a line break'],
    [{ bootstrapTimeoutMillis: -1 }, 'option "bootstrapTimeoutMillis"'],
    [{ restart: { initialDelayMillis: NaN } }, 'option "restart.initialDelayMillis"'],
    [{ torPath: '' }, 'option "torPath"'],
  ])('rejects %p naming the option', (bad, message) => {
    expect(() => resolveSupervisedTorOptions(bad as never)).toThrow(message);
  });

  it('defaults: tor on PATH, automatic SOCKS port, endless restarts from 1 s up to 60 s', () => {
    expect(resolveSupervisedTorOptions({})).toMatchObject({
      torPath: 'tor',
      socksPort: 'auto',
      bootstrapTimeoutMillis: 180000,
      stopTimeoutMillis: 5000,
      restart: { maxRetries: Infinity, initialDelayMillis: 1000, maxDelayMillis: 60000 },
    });
  });
});
