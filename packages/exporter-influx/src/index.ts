// The public surface: what users construct and configure, and the data they read.
// The write-request builder and the escaping functions are internal: the
// exporter and the encoder apply them, and the README documents their rules.
export { InfluxMetricExporter } from './InfluxMetricExporter';
export type { InfluxMetricExporterOptions, InfluxV1Target, InfluxV2Target, WriteRequest } from './options/types';
export type { DeliveryStats } from './delivery/Delivery';
export { LineProtocolEncoder } from './encode/LineProtocolEncoder';
export type { EncoderOptions, ResourceAttributeSelection } from './encode/options';
export { DEFAULT_RESOURCE_ATTRIBUTES } from './encode/options';
export type { SchemaName } from './schema/types';
export type { Precision } from './lineprotocol/format';
