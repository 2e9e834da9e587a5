'use strict';
// Two projects: `unit` (per-package, no external servers) and `integration`
// (real Prometheus, Pushgateway, InfluxDB, VictoriaMetrics started as child
// processes). Tests run from TypeScript sources; `npm run typecheck` type-checks
// them, so ts-jest only transpiles here (isolatedModules) to keep runs fast.
const path = require('path');

const moduleNameMapper = {
  '^@meterwork/core/internal$': path.join(__dirname, 'packages/core/src/internal.ts'),
  '^@meterwork/(core|exporter-prometheus|exporter-influx|config|transport-tor|tasks)$': path.join(__dirname, 'packages/$1/src/index.ts'),
};
const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: path.join(__dirname, 'tsconfig.test.json'), diagnostics: false }],
};

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
      moduleNameMapper,
      // Logic is timed with injected clocks; this only bounds tests that wait on a
      // child process or a local socket, which took 10-13 s at load 15 on 2 cores
      // (jest's 5 s default failed them).
      testTimeout: 60000,
    },
    {
      displayName: 'integration',
      rootDir: __dirname,
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      testEnvironment: 'node',
      transform,
      moduleNameMapper,
      testTimeout: 120000,
    },
  ],
};
