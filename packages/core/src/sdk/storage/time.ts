import type { HrTime } from '@opentelemetry/api';

/** Wall clock as OTel `HrTime` ([seconds, nanoseconds]). */
export function millisToHrTime(millis: number): HrTime {
  const seconds = Math.floor(millis / 1000);
  return [seconds, Math.min(999_999_999, Math.round((millis - seconds * 1000) * 1e6))];
}

export function nowHrTime(): HrTime {
  return millisToHrTime(Date.now());
}
