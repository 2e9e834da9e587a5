/**
 * jest ignores `testTimeout` set inside `projects` (real-server tests got jest's
 * 5 s default). The integration project sets 120 s in test/helpers/timeout-integration.js.
 */
export {};

const TEST_TIMEOUT = Symbol.for('TEST_TIMEOUT_SYMBOL'); // where jest.setTimeout() keeps the bound

it('runs integration tests with the 120 s bound, not jest 5 s default', () => {
  expect((globalThis as Record<symbol, unknown>)[TEST_TIMEOUT]).toBe(120_000);
});
