/**
 * Invalid options throw InvalidOptionError naming the option; a failing,
 * throwing or hung exporter is reported with diag.error naming the policy
 * and the exporter, and never stops the other exporters or later reports;
 * shutdown reports once more and shuts each exporter down once.
 */
import { InvalidOptionError } from '@meterwork/core';
import { PolicyMetricReader, type ReportingPolicy } from '@meterwork/config';
import { RecordingExporter, captureDiag, setup, tick, useFakeTimers, type CapturedDiag } from './helpers';

let shutdown: (() => Promise<void>) | undefined;
let captured: CapturedDiag;
beforeEach(() => {
  useFakeTimers();
  captured = captureDiag();
});
afterEach(async () => {
  await shutdown?.();
  shutdown = undefined;
  captured.restore();
  jest.useRealTimers();
});

const e = new RecordingExporter();
const ok: ReportingPolicy = { name: 'p', report: ['*'], exporters: [e] };

describe('PolicyMetricReader: invalid options', () => {
  it.each<[string, unknown, string]>([
    ['not an object', 'x', 'PolicyMetricReader: option "options" must be an object, got "x"'],
    ['unknown reader key', { policy: [] }, 'PolicyMetricReader: option "policy" is not an option (options: policies, prefix, exporters, metricProducers)'],
    ['policies not an array', { policies: ok }, 'PolicyMetricReader: option "policies" must be an array of policies, got an object'],
    ['empty name', { policies: [{ ...ok, name: '' }] }, 'PolicyMetricReader: option "policies[0].name" must be a non-empty string, got ""'],
    ['duplicate name', { policies: [ok, ok] }, 'PolicyMetricReader: option "policies[1].name" must be unique among the policies, got "p"'],
    [
      'report a string',
      { policies: [{ ...ok, report: 'cpu.*' }] },
      'PolicyMetricReader: option "policies[0].report" must be a non-empty array of metric name patterns, got "cpu.*"',
    ],
    [
      'empty report',
      { policies: [{ ...ok, report: [] }] },
      'PolicyMetricReader: option "policies[0].report" must be a non-empty array of metric name patterns, got an array',
    ],
    [
      'pattern not a string',
      { policies: [{ ...ok, report: ['a', 3] }] },
      'PolicyMetricReader: option "policies[0].report[1]" must be a non-empty string, got 3',
    ],
    [
      'interval in seconds',
      { policies: [{ ...ok, intervalMillis: '10s' }] },
      'PolicyMetricReader: option "policies[0].intervalMillis" must be a positive integer, got "10s"',
    ],
    [
      'interval too long',
      { policies: [{ ...ok, intervalMillis: 2 ** 31 }] },
      'PolicyMetricReader: option "policies[0].intervalMillis" must be at most 2147483647, got 2147483648',
    ],
    ['file-style key', { policies: [{ ...ok, interval: 1000 }] }, 'PolicyMetricReader: option "policies[0].interval" is not an option'],
    [
      'temporality',
      { policies: [{ ...ok, temporality: 'reset' }] },
      `PolicyMetricReader: option "policies[0].temporality" must be 'cumulative' or 'delta', got "reset"`,
    ],
    [
      'reportInactive',
      { policies: [{ ...ok, reportInactive: 'yes' }] },
      'PolicyMetricReader: option "policies[0].reportInactive" must be a boolean, got "yes"',
    ],
    ['no exporter', { policies: [{ name: 'p', report: ['*'] }] }, 'PolicyMetricReader: option "policies[0].exporters" must list at least one exporter'],
    [
      'not an exporter',
      { policies: [{ ...ok, exporters: [{ export() {} }] }] },
      'PolicyMetricReader: option "policies[0].exporters[0]" must be a PushMetricExporter',
    ],
    [
      'export timeout',
      { policies: [{ ...ok, exportTimeoutMillis: 0 }] },
      'PolicyMetricReader: option "policies[0].exportTimeoutMillis" must be a positive integer, got 0',
    ],
    ['prefix with dot', { prefix: 'ui.' }, 'PolicyMetricReader: option "prefix" must be a non-empty name without spaces or leading/trailing dots, got "ui."'],
  ])('%s', (_case, options, message) => {
    let error: unknown;
    try {
      new PolicyMetricReader(options as never);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as Error).message.startsWith(message)).toBe(true);
  });

  it('setPolicy checks the policy and leaves the policies unchanged when it is invalid', () => {
    const reader = new PolicyMetricReader({ policies: [ok] });
    expect(() => reader.setPolicy({ ...ok, report: [] })).toThrow('PolicyMetricReader: option "policy.report" must be a non-empty array');
    expect(() => reader.setPolicies([ok, { ...ok, name: 'q', intervalMillis: -1 }])).toThrow(
      'option "policies[1].intervalMillis" must be a positive integer, got -1',
    );
    expect(reader.policies).toEqual([
      { name: 'p', report: ['*'], intervalMillis: 60_000, reportInactive: false, temporality: 'cumulative', exporters: [e], exportTimeoutMillis: 30_000 },
    ]);
  });

  it('warns when a delta policy sends to an exporter that asks for cumulative data', () => {
    new PolicyMetricReader({ policies: [{ ...ok, temporality: 'delta' }] });
    expect(captured.of('warn')).toEqual([
      'PolicyMetricReader: policy "p" reports deltas to RecordingExporter, which asks for cumulative data: it will show each interval\'s counts, not totals',
    ]);
  });
});

describe('PolicyMetricReader: failing exporters', () => {
  it('a FAILED result, a throw and a hang are each reported naming policy and exporter; the other exporters and the next reports go on', async () => {
    const failing = new RecordingExporter();
    failing.result = { code: 1, error: new Error('HTTP 503') };
    const throwing = new RecordingExporter();
    throwing.export = () => {
      throw new Error('boom');
    };
    const hung = new RecordingExporter();
    hung.hang = true;
    const good = new RecordingExporter();
    const { meter, provider } = setup({
      policies: [
        { name: 'a', intervalMillis: 1000, report: ['x'], exporters: [failing, throwing, good], reportInactive: true },
        { name: 'h', intervalMillis: 1000, report: ['y'], exporters: [hung], exportTimeoutMillis: 1500 },
      ],
    });
    shutdown = () => provider.shutdown();
    meter.createCounter('x').add(1);
    const y = meter.createCounter('y');
    y.add(1);
    await tick(1000);
    await tick(1000);
    expect(good.take()).toEqual([['x'], ['x']]);
    expect(captured.of('error')).toEqual([
      'PolicyMetricReader: policy "a": RecordingExporter failed to export: HTTP 503',
      'PolicyMetricReader: policy "a": RecordingExporter failed to export: boom',
      'PolicyMetricReader: policy "a": RecordingExporter failed to export: HTTP 503',
      'PolicyMetricReader: policy "a": RecordingExporter failed to export: boom',
    ]);
    // The hung export holds its policy's second tick back (one report at a time) until the timeout.
    expect(hung.reports).toHaveLength(1);
    await tick(500);
    expect(captured.of('error')).toContain('PolicyMetricReader: policy "h": report timed out after 1500 ms (exportTimeoutMillis)');
    y.add(1);
    await tick(1000);
    expect(hung.reports).toHaveLength(2);
    // Shutdown waits for the hung report, bounded by its timeout too.
    shutdown = undefined;
    const done = provider.shutdown();
    await tick(3000);
    await done;
    expect(hung.shutdowns).toBe(1);
  });

  it('forceFlush reports every policy now; shutdown reports once more, stops the timers and shuts each exporter down once', async () => {
    const a = new RecordingExporter();
    const shared = new RecordingExporter();
    const { meter, provider, reader } = setup({
      policies: [
        { name: 'a', intervalMillis: 60_000, report: ['a'], exporters: [a, shared] },
        { name: 'b', intervalMillis: 60_000, report: ['b'], exporters: [shared] },
      ],
    });
    meter.createCounter('a').add(1);
    meter.createCounter('b').add(1);
    await reader.forceFlush();
    expect(a.take()).toEqual([['a']]);
    expect(shared.take().sort()).toEqual([['a'], ['b']]);
    expect([a.flushes, shared.flushes]).toEqual([1, 1]);
    meter.createCounter('a').add(1);
    await provider.shutdown();
    expect(a.take()).toEqual([['a']]);
    expect(shared.take()).toEqual([['a']]);
    expect([a.shutdowns, shared.shutdowns]).toEqual([1, 1]);
    await tick(120_000);
    expect(a.reports).toEqual([]);
  });
});
