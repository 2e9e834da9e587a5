import { startMetrics, ConfigFileError } from '@meterwork/config';
import { HEADER, writeConfig } from './helpers';

// An application that did not install @meterwork/transport-tor: requiring it fails as Node does.
jest.mock('@meterwork/transport-tor', () => {
  const error = new Error("Cannot find module '@meterwork/transport-tor'") as Error & { code: string };
  error.code = 'MODULE_NOT_FOUND';
  throw error;
});

it('transport: tor without @meterwork/transport-tor installed is one problem naming the package, at the tor block', async () => {
  const file = writeConfig(
    HEADER +
      `distribution:
  meterwork:
    readers:
      - periodic: { exporter: { influxdb: { url: "http://abc.onion", v1: { database: d }, transport: tor } } }
    tor:
      attach: { socks_port: 9050 }
`,
  );
  const error = (await startMetrics({ file, setGlobal: false }).catch((e: unknown) => e)) as ConfigFileError;
  expect(error).toBeInstanceOf(ConfigFileError);
  expect(error.problems).toEqual([
    {
      path: '/distribution/meterwork/tor',
      message: 'needs the package @meterwork/transport-tor, which is not installed: npm install @meterwork/transport-tor',
    },
  ]);
});
