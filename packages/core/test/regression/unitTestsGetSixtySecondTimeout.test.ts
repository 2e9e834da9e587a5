/**
 * jest ignores `testTimeout` set inside `projects`: unit tests that wait on a child
 * process timed out at jest's 5 s default on a loaded machine although the config
 * said 60 s. The unit project now sets it in test/helpers/timeout-unit.js.
 */
export {};

const TEST_TIMEOUT = Symbol.for('TEST_TIMEOUT_SYMBOL'); // where jest.setTimeout() keeps the bound

it('runs unit tests with the 60 s bound, not jest 5 s default', () => {
  expect((globalThis as Record<symbol, unknown>)[TEST_TIMEOUT]).toBe(60_000);
});
