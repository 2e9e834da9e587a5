'use strict';
// See timeout-unit.js: the integration project's bound (real servers and child processes).
jest.setTimeout(120_000);
