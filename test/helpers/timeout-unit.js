'use strict';
// jest honours `testTimeout` only as a global option: inside `projects` it shows in
// --showConfig but is ignored (tests got jest's 5 s default). So each project sets
// its bound here (setupFilesAfterEnv). Unit tests: logic is timed with injected
// clocks; this bounds tests that wait on a child process or a local socket, which
// took 10-13 s at load 15 on 2 cores.
jest.setTimeout(60_000);
