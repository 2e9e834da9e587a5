/**
 * A go/no-go value carries the start of its current period, which moves when
 * a period rolls over even if nothing was recorded. Comparing whole `totals`
 * read that as activity, so a skip-inactive policy re-sent idle go/no-go
 * metrics after every period. Activity now leaves the period start out.
 */
import { RecordingExporter, setup, tick, useFakeTimers } from '../policy/helpers';

beforeEach(() => useFakeTimers());
afterEach(() => jest.useRealTimers());

it('a go/no-go period that rolls over without values is not activity', async () => {
  const e = new RecordingExporter();
  const { meter, provider } = setup({ policies: [{ name: 'p', intervalMillis: 30_000, report: ['jobs'], exporters: [e] }] });
  const jobs = meter.createHistogram('jobs');
  jobs.record(1);
  await tick(30_000);
  expect(e.reports).toHaveLength(1);
  await tick(120_000); // two 60 s periods roll over, nothing recorded
  expect(e.reports).toHaveLength(1);
  jobs.record(1);
  await tick(30_000);
  expect(e.reports).toHaveLength(2);
  await provider.shutdown();
});
