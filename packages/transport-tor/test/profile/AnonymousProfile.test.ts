import { ValueType } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AggregationTemporality, DataPointType, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { getMeterworkData } from '@meterwork/core';
import { attachMeterworkData } from '@meterwork/core/internal';
import { SESSION_ID_ATTRIBUTE } from '../../src/anonymity/allowList';
import { AnonymousProfile } from '../../src/profile/AnonymousProfile';
import { roundHrTime } from '../../src/profile/anonymize';
import { isSessionId } from '../../src/session/sessionId';

function metrics(): ResourceMetrics {
  const metric = {
    descriptor: { name: 'http.requests', description: '', unit: '', valueType: ValueType.INT },
    aggregationTemporality: AggregationTemporality.CUMULATIVE,
    dataPointType: DataPointType.SUM as const,
    isMonotonic: true,
    dataPoints: [
      {
        attributes: { route: '/a', 'user.id': 'u1', peer: '10.0.0.7:80' },
        startTime: [100, 999_000_000] as [number, number],
        endTime: [161, 500_000_000] as [number, number],
        value: 3,
      },
    ],
  };
  attachMeterworkData(metric, {
    kind: 'meter',
    descriptor: metric.descriptor,
    points: [
      {
        attributes: { route: '/a', 'user.id': 'u1' },
        startTime: [100, 0],
        endTime: [161, 500_000_000],
        value: { count: 3, m1Rate: 0, m5Rate: 0, m15Rate: 0, meanRate: 0 },
      },
    ],
  });
  return {
    resource: resourceFromAttributes({ 'service.name': 's', 'host.name': 'box', 'process.pid': 7, 'service.instance.id': 'i', 'new.detector.attr': 'x' }),
    scopeMetrics: [{ scope: { name: 'lib', version: '1', schemaUrl: 'https://x' }, metrics: [metric] }],
  };
}

describe('AnonymousProfile', () => {
  it('keeps only allowed attributes (resource and points), adds the session id, rounds timestamps, and keeps the rich form in step', () => {
    const profile = new AnonymousProfile({ attributeKeys: ['route', 'peer'], roundTimestampsMillis: 60_000 });
    const input = metrics();
    const out = profile.anonymize(input);
    expect(out.resource.attributes).toEqual({ 'service.name': 's', [SESSION_ID_ATTRIBUTE]: profile.sessionId });
    expect(isSessionId(profile.sessionId)).toBe(true);
    const metric = out.scopeMetrics[0]!.metrics[0]!;
    expect(out.scopeMetrics[0]!.scope).toEqual({ name: 'lib', version: '1' });
    // 'peer' is allowed but its value is an address: removed too.
    expect(metric.dataPoints[0]).toMatchObject({ attributes: { route: '/a' }, startTime: [60, 0], endTime: [120, 0], value: 3 });
    expect(getMeterworkData(metric)!.points[0]).toMatchObject({ attributes: { route: '/a' }, startTime: [60, 0] });
    // The SDK's objects are untouched.
    expect(input.scopeMetrics[0]!.metrics[0]!.dataPoints[0]!.attributes['user.id']).toBe('u1');
    expect(input.resource.attributes['host.name']).toBe('box');
  });

  it("keeps the attributes meterwork's standard encoding adds (outcome, window, quantile) on points, not on resources", () => {
    const profile = new AnonymousProfile();
    const input = metrics();
    const point = input.scopeMetrics[0]!.metrics[0]!.dataPoints[0]! as { attributes: Record<string, unknown> };
    point.attributes = { outcome: 'no_go', window: '1m', quantile: '0.5', 'otel.metric.overflow': true, host: 'h' };
    const out = profile.anonymize({ ...input, resource: resourceFromAttributes({ outcome: 'x' }) });
    expect(out.scopeMetrics[0]!.metrics[0]!.dataPoints[0]!.attributes).toEqual({
      outcome: 'no_go',
      window: '1m',
      quantile: '0.5',
      'otel.metric.overflow': true,
    });
    expect(out.resource.attributes).toEqual({ [SESSION_ID_ATTRIBUTE]: profile.sessionId });
  });

  it('rotates the session (new key, new id) after rotateEveryHours on the injected clock, and only then', () => {
    let now = 1_000_000;
    const rotated: string[] = [];
    const profile = new AnonymousProfile({ rotateEveryHours: 2, clock: () => now, onRotate: (id) => rotated.push(id) });
    const first = profile.sessionId;
    now += 2 * 3_600_000 - 1;
    expect(profile.sessionId).toBe(first);
    now += 1;
    const second = profile.sessionId;
    expect(second).not.toBe(first);
    expect(rotated).toEqual([second]);
    expect(profile.signRequest({ target: '/write' })['meterwork-session-id']).toBe(second);
  });

  it('makes a new session per profile (per process start)', () => {
    expect(new AnonymousProfile().sessionId).not.toBe(new AnonymousProfile().sessionId);
  });

  it('rounds HrTime down to the interval, or keeps it with 0', () => {
    expect(roundHrTime([1700000012, 345_678_901], 1000)).toEqual([1700000012, 0]);
    expect(roundHrTime([1700000012, 345_678_901], 10)).toEqual([1700000012, 340_000_000]);
    expect(roundHrTime([5, 1], 0)).toEqual([5, 1]);
  });

  it.each([
    [{ rotateEveryHours: 0 }, 'option "rotateEveryHours"'],
    [{ attributeKeys: [''] }, 'option "attributeKeys"'],
    [{ roundTimestampsMillis: 1.5 }, 'option "roundTimestampsMillis"'],
  ])('rejects %p naming the option', (bad, message) => {
    expect(() => new AnonymousProfile(bad as never)).toThrow(message);
  });
});
