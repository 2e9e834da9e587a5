export { MeterworkDataKey } from './data/types';
export type {
  MeterworkDescriptor,
  SummaryValue,
  MeterValue,
  TimerValue,
  GoNoGoStats,
  GoNoGoValue,
  TaggedHistogramValue,
  MeterworkDataPoint,
  SummaryMetricData,
  TimerMetricData,
  MeterMetricData,
  GoNoGoMetricData,
  TaggedHistogramMetricData,
  MeterworkMetricData,
} from './data/types';
export { getMeterworkData, attachMeterworkData, splitMeterworkMetrics } from './data/split';
