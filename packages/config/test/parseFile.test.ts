import { readFileSync } from 'fs';
import { dirname, join } from 'path';
import { officialParserApi, parseWithOfficialParser } from '../src/file/parseFile';
import { ConfigFileError } from '@meterwork/config';
import { HEADER, writeConfig } from './helpers';

/** The installed @opentelemetry/configuration's version (0.223.x on the Node 20 lane, 0.30x on the Node 24 lane). */
function installedVersion(): string {
  let dir = dirname(require.resolve('@opentelemetry/configuration'));
  while (!dir.endsWith('configuration')) dir = dirname(dir);
  return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

describe('the official parser, either line', () => {
  it('uses the API the installed version exports (createConfigFactory on 0.223.x, parseConfigFile on 0.30x)', () => {
    const minor = Number(installedVersion().split('.')[1]);
    expect(officialParserApi()).toBe(minor >= 300 ? 'parseConfigFile' : 'createConfigFactory');
  });

  it('0.30x: passes the path to parseConfigFile', () => {
    const calls: string[] = [];
    const model = parseWithOfficialParser('/x.yaml', { parseConfigFile: (f) => (calls.push(f), { a: 1 }) });
    expect(calls).toEqual(['/x.yaml']);
    expect(model).toEqual({ a: 1 });
  });

  it('0.223: names the file through OTEL_CONFIG_FILE for the call only, then restores it', () => {
    const saved = process.env.OTEL_CONFIG_FILE;
    process.env.OTEL_CONFIG_FILE = '/other.yaml';
    let seen: string | undefined;
    try {
      parseWithOfficialParser('/x.yaml', {
        createConfigFactory: () => ({
          getConfigModel: () => {
            seen = process.env.OTEL_CONFIG_FILE;
            return {};
          },
        }),
      });
      expect(seen).toBe('/x.yaml');
      expect(process.env.OTEL_CONFIG_FILE).toBe('/other.yaml');
    } finally {
      if (saved === undefined) delete process.env.OTEL_CONFIG_FILE;
      else process.env.OTEL_CONFIG_FILE = saved;
    }
  });

  it('keeps the vendor block as written and substitutes ${VAR:-default} once', () => {
    const file = writeConfig(HEADER + 'distribution:\n  meterwork:\n    prefix: ${MW_PREFIX_UNSET_FOR_TEST:-ui}\n    anything: [1]\n');
    expect(parseWithOfficialParser(file).distribution).toEqual({ meterwork: { prefix: 'ui', anything: [1] } });
  });

  it('an unquoted file_format (a number) is the official error', () => {
    const file = writeConfig('file_format: 1.0\n');
    expect(() => parseWithOfficialParser(file)).toThrow(ConfigFileError);
  });
});
