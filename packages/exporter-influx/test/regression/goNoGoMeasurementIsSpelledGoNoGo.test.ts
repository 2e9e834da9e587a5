import { LineProtocolEncoder } from '../../src/encode/LineProtocolEncoder';
import { resourceMetrics, rich, richData, T0_NS } from '../util';

// Go/no-go has one spelling across options (`go_no_go`), rich data (kind `go_no_go`), Prometheus
// (`outcome="no_go"`) and Influx fields (`go_*`, `no_go_*`); the go-metrics measurement suffix was `.gonogo`.
describe('go-metrics schema: go/no-go measurement', () => {
  it('ends in .go_no_go', () => {
    const stats = (n: number) => ({ count: n, sum: n * 2, periodCount: n, mean: 2, min: 1, max: 3 });
    const data = richData('go_no_go', 'jobs', [
      { attributes: {}, value: { go: stats(4), noGo: stats(1), outliers: 0, periodStartMillis: 0, periodMillis: 60_000 } },
    ]);
    const [line] = new LineProtocolEncoder({ schema: 'go-metrics', scopeTags: false }).encode(resourceMetrics([rich(data)]));
    expect(line).toBe(
      `jobs.go_no_go,service.name=svc go_count=4,go_sum=8,go_mean=2,go_min=1,go_max=3,no_go_count=1,no_go_sum=2,no_go_mean=2,no_go_min=1,no_go_max=3,outliers=0 ${T0_NS}`,
    );
  });
});
