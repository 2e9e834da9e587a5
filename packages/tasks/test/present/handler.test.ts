import * as http from 'http';
import type { AddressInfo } from 'net';
import express from 'express';
import Fastify from 'fastify';
import { InvalidOptionError } from '@meterwork/core';
import { createPresentHandler, type PresentServer, type PresentServerOptions } from '../../src';
import { presentHandlerFor } from '../../src/present/createPresentHandler';
import { listenWith } from '../../src/present/startPresentServer';
import { dist, FakeSource, func } from './fakeSource';

function source(): FakeSource {
  const s = new FakeSource();
  s.functions.push(func(1, 'vlite', 'HandleHTTP', { success: 2, highwater: 1, successTimes: dist([1e6, 2e6]) }));
  s.functions.push(func(2, 'vlite', 'Proxy', { parentIds: [1], entry: false, success: 2, successTimes: dist([5e5, 6e5]) }));
  s.extraStats = [{ measurement: 'env', tags: { kind: 'process' }, field: 'uptime', value: 3 }];
  return s;
}

/** The endpoint over the fake source on its own server. */
function serve(options: PresentServerOptions & { source: FakeSource }): Promise<PresentServer> {
  return listenWith(presentHandlerFor(options.source, options), options);
}

/** GET that resolves once the response headers arrive, with the request to abort and a promise of the body. */
function open(url: string, headers: http.OutgoingHttpHeaders = {}): Promise<{ res: http.IncomingMessage; req: http.ClientRequest; body: Promise<string> }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      const body = new Promise<string>((done, fail) => {
        res.on('data', (c: string) => (text += c));
        res.on('end', () => done(text));
        res.on('error', fail);
      });
      body.catch(() => undefined);
      resolve({ res, req, body });
    });
    req.on('error', reject);
  });
}

async function waitFor(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('present endpoint routes', () => {
  let s: FakeSource;
  let server: PresentServer;
  beforeAll(async () => {
    s = source();
    server = await serve({ source: s, port: 0 });
  });
  afterAll(() => server.close());

  it('listens on loopback by default', () => {
    expect(server.host).toBe('127.0.0.1');
  });

  it.each([
    ['/', 'text/html; charset=utf-8', '<a href="/funcs/dot">'],
    ['/funcs', 'text/plain; charset=utf-8', '[1] vlite.HandleHTTP\n  parents: entry\n'],
    ['/funcs/text', 'text/plain; charset=utf-8', '[2] vlite.Proxy\n  parents: 1\n'],
    ['/funcs/dot', 'text/plain; charset=utf-8', ' f1 -> f2;\n'],
    ['/funcs/json', 'application/json; charset=utf-8', '"parent_ids":[1]'],
    ['/stats', 'text/plain; charset=utf-8', 'function,name=Proxy,scope=vlite successes=2.000000\n'],
    ['/stats/json', 'application/json; charset=utf-8', '["env",{"kind":"process"},"uptime",3]'],
    ['/ps', 'text/plain; charset=utf-8', ''],
    ['/ps/json', 'application/json; charset=utf-8', '[]'],
    ['/dashboard', 'text/html; charset=utf-8', 'dashboard-config'],
  ])('%s answers %s', async (path, type, fragment) => {
    const res = await fetch(server.url + path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(type);
    expect(await res.text()).toContain(fragment);
  });

  it('answers the same bytes twice for an idle process (sorted output)', async () => {
    const a = await (await fetch(server.url + '/funcs/json')).text();
    const b = await (await fetch(server.url + '/funcs/json')).text();
    expect(a).toBe(b);
  });

  it('404 and 400 as monkit words them', async () => {
    const notFound = await fetch(server.url + '/x');
    expect(notFound.status).toBe(404);
    expect(await notFound.text()).toBe('Not Found: path not found: /x\n');
    const cases: Array<[string, string]> = [
      ['/trace/svg', "Bad Request: at least one of 'regex' or 'trace_id' query parameters required\n"],
      ['/trace/json?regex=(', 'Bad Request: invalid regex "(": '],
      ['/trace/json?regex=Nothing', 'Bad Request: regex preselect matches 0 functions\n'],
      ['/trace/json?trace_id=zz', 'Bad Request: trace_id expected to be a hex unsigned number below 2^53: "zz"\n'],
      ['/trace/json?trace_id=ffffffffffffffff', 'Bad Request: trace_id expected to be a hex unsigned number below 2^53'],
    ];
    for (const [path, message] of cases) {
      const res = await fetch(server.url + path);
      expect(res.status).toBe(400);
      expect(await res.text()).toContain(message);
    }
  });

  it('405 for other methods', async () => {
    const res = await fetch(server.url + '/funcs', { method: 'POST' });
    expect(res.status).toBe(405);
  });

  it('captures a trace by regex while tasks run: headers at once, the matched task is the root, unrelated tasks left out', async () => {
    const pending = await open(server.url + '/trace/json?regex=HandleHTTP');
    expect(pending.res.statusCode).toBe(200); // headers came before any task matched
    expect(pending.res.headers['content-type']).toBe('application/json; charset=utf-8');
    await waitFor(() => s.watches.size === 1, 'the trace observer');
    const unrelated = s.start('vlite', 'Proxy');
    const root = s.start('vlite', 'HandleHTTP', undefined, ['GET /']);
    const child = s.start('vlite', 'Proxy', root);
    s.nowMillis += 3;
    s.end(child, { err: 'upstream closed' });
    s.end(unrelated);
    s.nowMillis += 1;
    s.end(root);
    const spans = JSON.parse(await pending.body);
    expect(spans.map((x: { id: number }) => x.id)).toEqual([root.id, child.id]);
    expect(spans[0].func).toEqual({ package: 'vlite', name: 'HandleHTTP' });
    expect(spans[0].finish - spans[0].start).toBe(4_000_000);
    expect(spans[1]).toMatchObject({ parent_id: root.id, err: 'upstream closed', panicked: false });
    expect(s.watches.size).toBe(0);
  });

  it('captures by trace_id (hex), with preselect=false for functions not seen yet, as SVG', async () => {
    const pending = await open(server.url + '/trace/svg?regex=NotYetSeen&preselect=false');
    expect(pending.res.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
    await waitFor(() => s.watches.size === 1, 'the trace observer');
    const span = s.start('vlite', 'NotYetSeen');
    s.end(span);
    expect(await pending.body).toContain('vlite.NotYetSeen');

    const traced = s.start('vlite', 'Other');
    const byId = await open(`${server.url}/trace/json?trace_id=${traced.traceId.toString(16)}`);
    await waitFor(() => s.watches.size === 1, 'the trace observer');
    const inTrace = s.start('vlite', 'Proxy', traced);
    s.end(inTrace);
    const spans = JSON.parse(await byId.body);
    expect(spans[0].trace.id).toBe(traced.traceId);
    s.end(traced);
  });

  it('stops waiting when the client goes away', async () => {
    const pending = await open(server.url + '/trace/json?regex=HandleHTTP');
    await waitFor(() => s.watches.size === 1, 'the trace observer');
    pending.req.destroy();
    await waitFor(() => s.watches.size === 0, 'the observer to be removed after the disconnect');
    expect(s.watches.size).toBe(0);
  });
});

describe('keepalive', () => {
  it('writes a newline every keepaliveMillis while a trace waits', async () => {
    const s = source();
    const server = await serve({ source: s, port: 0, keepaliveMillis: 20 });
    try {
      const pending = await open(server.url + '/trace/json?regex=Proxy');
      let received = '';
      pending.res.on('data', (c: string) => (received += c));
      await waitFor(() => received.length >= 2, 'two keepalives');
      expect(received.trim()).toBe('');
      pending.req.destroy();
    } finally {
      await server.close();
    }
  });

  it('close() ends waiting traces', async () => {
    const s = source();
    const server = await serve({ source: s, port: 0 });
    const pending = await open(server.url + '/trace/json?regex=Proxy');
    await waitFor(() => s.watches.size === 1, 'the trace observer');
    await server.close();
    expect(s.watches.size).toBe(0);
    pending.req.destroy();
  });
});

describe('auth', () => {
  it.each([
    [{ bearer: 'secret' }, 'Bearer secret', 'bearer secret', 'Bearer wrong'],
    [{ basic: { username: 'u', password: 'p' } }, 'Basic dTpw', 'basic dTpw', 'Basic dTp4'],
  ])('%j: 401 without or with wrong credentials, 200 with them (scheme case-insensitive)', async (auth, good, goodLower, bad) => {
    const server = await serve({ source: source(), port: 0, auth });
    try {
      const none = await fetch(server.url + '/funcs');
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toMatch(/realm="present"/);
      expect((await fetch(server.url + '/funcs', { headers: { authorization: bad } })).status).toBe(401);
      expect((await fetch(server.url + '/funcs', { headers: { authorization: good } })).status).toBe(200);
      expect((await fetch(server.url + '/dashboard/events', { headers: { authorization: bad } })).status).toBe(401);
      expect((await fetch(server.url + '/funcs', { headers: { authorization: goodLower } })).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('invalid options throw InvalidOptionError naming them', () => {
    expect(() => presentHandlerFor(source(), { auth: { bearer: '' } })).toThrow(
      new InvalidOptionError('createPresentHandler', 'auth.bearer', 'must be a non-empty string', ''),
    );
    expect(() => presentHandlerFor(source(), { basePath: 'debug' })).toThrow(/option "basePath"/);
    expect(() => presentHandlerFor(source(), { keepaliveMillis: 0 })).toThrow(/option "keepaliveMillis"/);
    expect(() => createPresentHandler({ registry: {} as never })).toThrow(/option "registry"/);
    expect(() => presentHandlerFor(source(), { dashboard: { intervalMillis: -1 } })).toThrow(/option "dashboard.intervalMillis"/);
  });
});

describe('mounting', () => {
  async function listen(server: http.Server): Promise<string> {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('node http with basePath; other paths are the application’s', async () => {
    const present = presentHandlerFor(source(), { basePath: '/debug' });
    const server = http.createServer((req, res) => {
      if (req.url?.startsWith('/debug')) return present.requestHandler(req, res);
      res.end('app');
    });
    const base = await listen(server);
    try {
      expect(await (await fetch(base + '/debug/funcs')).text()).toContain('vlite.Proxy');
      expect(await (await fetch(base + '/debug/')).text()).toContain('href="/debug/funcs"');
      expect(await (await fetch(base + '/debug/dashboard')).text()).toContain('"/debug/dashboard/events"');
      expect(await (await fetch(base + '/other')).text()).toBe('app');
    } finally {
      present.close();
      server.close();
    }
  });

  it('express: app.use(path, handler), unknown paths fall through to next()', async () => {
    const present = presentHandlerFor(source(), {});
    const app = express();
    app.use('/debug', present.requestHandler);
    app.use((_req, res) => res.status(418).send('fell through'));
    const server = http.createServer(app);
    const base = await listen(server);
    try {
      expect(await (await fetch(base + '/debug/funcs/dot')).text()).toContain('digraph G');
      expect(await (await fetch(base + '/debug/dashboard')).text()).toContain('"/debug/funcs/dot"');
      expect((await fetch(base + '/debug/nope')).status).toBe(418);
    } finally {
      present.close();
      server.close();
    }
  });

  it('fastify: reply.hijack() and the raw request/response', async () => {
    const present = presentHandlerFor(source(), { basePath: '/debug' });
    const app = Fastify();
    app.get('/debug/*', (request, reply) => {
      reply.hijack();
      present.requestHandler(request.raw, reply.raw);
    });
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const res = await fetch(base + '/debug/stats/json');
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(await res.text()).toContain('"function"');
    } finally {
      present.close();
      await app.close();
    }
  });
});
