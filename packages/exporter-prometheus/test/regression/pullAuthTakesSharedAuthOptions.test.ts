import { request } from 'http';
import { InvalidOptionError } from '@meterwork/core';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { PromClientBridgeReader } from '../../src/promclient/PromClientBridgeReader';
import { PromClientProducer } from '../../src/promclient/PromClientProducer';
import { PrometheusPullReader } from '../../src/pull/PrometheusPullReader';

function status(url: string, authorization?: string): Promise<{ status: number; challenge: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: authorization === undefined ? {} : { Authorization: authorization } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, challenge: res.headers['www-authenticate'] }));
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * Issue 8: the pull endpoint takes the one credentials shape of every
 * meterwork package, `{ bearer } | { basic: { username, password } }`
 * (before: `{ type: 'bearer', token }`), validated with InvalidOptionError;
 * the 401 challenge stays.
 */
describe('regression: pull endpoint auth takes the shared AuthOptions', () => {
  it.each([
    [{ bearer: 't0ken' }, 'Bearer t0ken', 'Bearer realm="metrics"'],
    [{ basic: { username: 'prom', password: 'p:w' } }, 'Basic ' + Buffer.from('prom:p:w').toString('base64'), 'Basic realm="metrics", charset="UTF-8"'],
  ] as const)(
    '%j: 401 with a challenge without credentials, 200 with them',
    async (auth, header, challenge) => {
      const reader = new PrometheusPullReader({ host: '127.0.0.1', port: 0, auth });
      const provider = new MeterProvider({ readers: [reader] });
      try {
        const { url } = await reader.startServer();
        expect(await status(url)).toEqual({ status: 401, challenge });
        expect((await status(url, header + 'x')).status).toBe(401);
        expect((await status(url, header)).status).toBe(200);
      } finally {
        await provider.shutdown();
      }
    },
    30_000,
  );

  it.each([
    [{ type: 'bearer', token: 'x' }, 'auth'],
    [{ bearer: '' }, 'auth.bearer'],
    [{ basic: { username: 'a:b', password: '' } }, 'auth.basic.username'],
  ])('rejects %j with InvalidOptionError naming %s', (auth, option) => {
    let error: unknown;
    try {
      new PrometheusPullReader({ auth: auth as never });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).option).toBe(option);
  });
});

describe('regression: option errors are InvalidOptionError naming the component that was constructed', () => {
  it.each([
    [() => new PrometheusPullReader({ withScopeLabels: 'yes' as never }), 'PrometheusPullReader: option "withScopeLabels" must be a boolean, got "yes"'],
    [() => new PrometheusPullReader({ maxExponentialBuckets: 0 }), 'PrometheusPullReader: option "maxExponentialBuckets" must be a positive integer, got 0'],
    [() => new PrometheusPullReader({ port: 70000 }), 'PrometheusPullReader: option "port" must be an integer in [0, 65535], got 70000'],
    [() => new PromClientProducer({ registry: undefined as never }), 'PromClientProducer: option "registry" must be a prom-client Registry, got undefined'],
    [() => new PromClientBridgeReader({ withTargetInfo: 1 as never }), 'PromClientBridgeReader: option "withTargetInfo" must be a boolean, got 1'],
  ])('%#', (construct, message) => {
    expect(construct).toThrow(InvalidOptionError);
    expect(construct).toThrow(message);
  });
});
