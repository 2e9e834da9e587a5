import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import { parseClientAuthPublicKey } from '../../src';
import { runCli } from '../../src/cli/run';
import { EXIT, parseHostPort } from '../../src/cli/io';

function io() {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: (t: string) => (out.stdout += t), stderr: (t: string) => (out.stderr += t), stopSignal: new Promise<string>(() => {}) } };
}

describe('meterwork-receiver CLI', () => {
  it('prints help and exits 0 for --help, 2 without a command', async () => {
    const a = io();
    expect(await runCli(['--help'], a.io)).toBe(EXIT.ok);
    expect(a.out.stdout).toContain('Commands:');
    const b = io();
    expect(await runCli([], b.io)).toBe(EXIT.usage);
    const c = io();
    expect(await runCli(['serve', '--help'], c.io)).toBe(EXIT.ok);
    expect(c.out.stdout).toContain('--client-auth');
    const d = io();
    expect(await runCli(['help', 'keygen'], d.io)).toBe(EXIT.ok);
    expect(d.out.stdout).toContain('ONION_CLIENT_AUTH_ADD');
  });

  it('exits 2 with a pointer to --help on unknown commands and options', async () => {
    const a = io();
    expect(await runCli(['publish'], a.io)).toBe(EXIT.usage);
    expect(a.out.stderr).toContain('unknown command "publish"');
    const b = io();
    expect(await runCli(['keygen', '--bogus'], b.io)).toBe(EXIT.usage);
    expect(b.out.stderr).toContain("Run 'meterwork-receiver keygen --help'");
  });

  it('keygen prints the three forms, for a given onion address', async () => {
    const onion = 'b'.repeat(56);
    const a = io();
    expect(await runCli(['keygen', '--onion', onion + '.onion', '--name', 'vendor'], a.io)).toBe(EXIT.ok);
    const lines = a.out.stdout.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
    expect(lines).toHaveLength(3);
    expect(parseClientAuthPublicKey(lines[0]!)).toBeDefined();
    expect(lines[1]).toMatch(new RegExp(`^${onion}:descriptor:x25519:[A-Z2-7]{52}$`));
    expect(lines[2]).toMatch(new RegExp(`^ONION_CLIENT_AUTH_ADD ${onion} x25519:[A-Za-z0-9+/]{43}=$`));
    expect(a.out.stdout).toContain('authorized_clients/vendor.auth');
    const j = io();
    expect(await runCli(['keygen', '--json'], j.io)).toBe(EXIT.ok);
    expect(JSON.parse(j.out.stdout)).toMatchObject({ name: 'client', clientLine: expect.stringMatching(/^<onion-address>:descriptor:x25519:/) });
    const bad = io();
    expect(await runCli(['keygen', '--onion', 'short'], bad.io)).toBe(EXIT.usage);
  });

  it.each([
    [['serve'], '--upstream <url> is required'],
    [['serve', '--upstream', 'http://127.0.0.1:8086'], '--control'],
    [['serve', '--upstream', 'http://127.0.0.1:8086', '--control', '9051'], '--no-client-auth to publish for anyone'],
    [['serve', '--upstream', 'https://db.example', '--control', '9051', '--no-client-auth'], 'must be an http: URL'],
    [['serve', '--upstream', 'http://127.0.0.1:8086', '--control', 'x:y', '--no-client-auth'], '--control must be [host:]port'],
    [
      ['serve', '--upstream', 'http://127.0.0.1:8086', '--control', '9051', '--client-auth', 'descriptor:x25519:NOPE'],
      '--client-auth: expected descriptor:x25519:',
    ],
    [['serve', '--upstream', 'http://127.0.0.1:8086', '--control', '9051', '--no-client-auth', '--format', 'graphite'], '--format must be one of'],
    [
      ['serve', '--upstream', 'http://127.0.0.1:8086', '--control', '9051', '--no-client-auth', '--lines-per-minute', '0'],
      '--lines-per-minute must be a positive integer',
    ],
    [['serve', '--upstream', 'http://127.0.0.1:8086', '--control', '9051', '--no-client-auth', '--detach'], '--detach needs --no-proxy'],
  ])('serve %j: usage error (exit 2)', async (args, message) => {
    const a = io();
    expect(await runCli(args, a.io)).toBe(EXIT.usage);
    expect(a.out.stderr).toContain(message);
  });

  it('reads --client-auth-file (comments, blank lines) and names a bad line', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'meterwork-cli-'));
    const file = path.join(dir, 'clients');
    fs.writeFileSync(file, '# vendor keys\n\nnot-a-key\n');
    const a = io();
    expect(await runCli(['serve', '--upstream', 'http://127.0.0.1:8086', '--control', '9051', '--client-auth-file', file], a.io)).toBe(EXIT.usage);
    expect(a.out.stderr).toContain(`${file}:3: expected descriptor:x25519:`);
    fs.rmSync(dir, { recursive: true });
  });

  it('exits 1 with a clear message when the tor control port is unreachable, and closes the proxy', async () => {
    const s = net.createServer();
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    const port = (s.address() as AddressInfo).port;
    await new Promise<void>((r) => s.close(() => r()));
    const a = io();
    expect(await runCli(['serve', '--upstream', 'http://127.0.0.1:8086', '--control', String(port), '--no-client-auth'], a.io)).toBe(EXIT.failure);
    expect(a.out.stderr).toContain(`could not publish the onion service: tor control port 127.0.0.1:${port}`);
  });

  it('exits 1 when tor refuses ADD_ONION (a fake control port answering 512)', async () => {
    const fake = net.createServer((socket) => {
      socket.on('data', (d: Buffer) => {
        for (const line of d.toString().split('\r\n').filter(Boolean)) {
          if (line.startsWith('PROTOCOLINFO')) socket.write('250-PROTOCOLINFO 1\r\n250-AUTH METHODS=NULL\r\n250-VERSION Tor="0.4.9"\r\n250 OK\r\n');
          else if (line.startsWith('ADD_ONION')) socket.write('512 Bad arguments to ADD_ONION\r\n');
          else socket.write('250 OK\r\n');
        }
      });
    });
    await new Promise<void>((r) => fake.listen(0, '127.0.0.1', r));
    const a = io();
    const code = await runCli(
      ['serve', '--upstream', 'http://127.0.0.1:8086', '--control', String((fake.address() as AddressInfo).port), '--no-client-auth'],
      a.io,
    );
    fake.close();
    expect(code).toBe(EXIT.failure);
    expect(a.out.stderr).toContain('512 Bad arguments to ADD_ONION');
  });

  it('parses [host:]port', () => {
    expect(parseHostPort('x', '9051')).toEqual({ host: '127.0.0.1', port: 9051 });
    expect(parseHostPort('x', '10.0.0.1:9051')).toEqual({ host: '10.0.0.1', port: 9051 });
    expect(parseHostPort('x', '[::1]:9051')).toEqual({ host: '::1', port: 9051 });
    expect(() => parseHostPort('x', '70000')).toThrow('--x must be [host:]port');
  });
});
