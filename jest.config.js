'use strict';
// Two projects: `unit` (per-package, no external servers) and `integration`
// (real Prometheus, Pushgateway, InfluxDB, VictoriaMetrics started as child
// processes). Tests run from TypeScript sources; `npm run typecheck` type-checks
// them, so ts-jest only transpiles here (isolatedModules) to keep runs fast.
const path = require('path');

const ESM_ONLY = ['socks-proxy-agent', 'agent-base'];
const moduleNameMapper = {
  '^@meterwork/core/internal$': path.join(__dirname, 'packages/core/src/internal.ts'),
  '^@meterwork/(core|exporter-prometheus|exporter-influx|config|transport-tor|tasks)$': path.join(__dirname, 'packages/$1/src/index.ts'),
};
const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: path.join(__dirname, 'tsconfig.test.json'), diagnostics: false }],
  // socks-proxy-agent 10 and its agent-base 9 are ESM only; Node >= 20.19 require()s them natively,
  // jest's module registry does not (before Node 24.9), so they are transpiled to CommonJS here.
  [`/node_modules/(${ESM_ONLY.join('|')})/.+\\.js$`]: [
    'ts-jest',
    { tsconfig: { allowJs: true, module: 'commonjs', target: 'ES2022', esModuleInterop: true, isolatedModules: true }, diagnostics: false },
  ],
};
const transformIgnorePatterns = [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`];

module.exports = {
  // Integration tests skipped for a missing server binary are listed once at the end.
  reporters: ['default', '<rootDir>/test/helpers/skip-summary-reporter.js'],
  projects: [
    {
      displayName: 'unit',
      rootDir: __dirname,
      testMatch: ['<rootDir>/packages/*/test/**/*.test.ts'],
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
      moduleNameMapper,
      // 60 s per test (see the file: `testTimeout` is ignored inside `projects`).
      setupFilesAfterEnv: ['<rootDir>/test/helpers/timeout-unit.js'],
    },
    {
      displayName: 'integration',
      rootDir: __dirname,
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
      moduleNameMapper,
      // 120 s per test (see the file).
      setupFilesAfterEnv: ['<rootDir>/test/helpers/timeout-integration.js'],
    },
  ],
};
