/**
 * monkit buffers the headers and keepalives of a waiting `/trace` request
 * and never notices the client leaving, so its observer stays registered
 * forever. Ours sends the headers at once and unsubscribes on disconnect.
 */
import * as http from 'http';
import { Registry, startPresentServer } from '../../src';

it('a waiting trace request gets its headers at once and leaves no observer behind when the client goes away', async () => {
  const registry = new Registry({ otelSpans: false });
  const mon = registry.scope('app');
  await mon.task('Work', () => 1)();
  const server = await startPresentServer({ registry, port: 0 });
  try {
    const { req, res } = await new Promise<{ req: http.ClientRequest; res: http.IncomingMessage }>((resolve, reject) => {
      const r = http.get(server.url + '/trace/svg?regex=Work', (response) => resolve({ req: r, res: response }));
      r.on('error', reject);
    });
    expect(res.statusCode).toBe(200); // no task matched yet: only the headers came
    expect(registry._subscriptions.length).toBe(1);
    req.destroy();
    for (let i = 0; i < 1000 && registry._subscriptions.length > 0; i++) await new Promise((r) => setTimeout(r, 5));
    expect(registry._subscriptions.length).toBe(0);
  } finally {
    await server.close();
  }
});
