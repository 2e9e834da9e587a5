/** The owner named in option errors: `InfluxMetricExporter: option "batchLines" must be ...`. */
export const OWNER = 'InfluxMetricExporter';
