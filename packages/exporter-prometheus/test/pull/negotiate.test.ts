import { acceptsGzip, negotiateFormat } from '../../src/pull/negotiate';

describe('negotiateFormat', () => {
  it.each([
    [undefined, 'prometheus-text'],
    ['', 'prometheus-text'],
    // Prometheus 2.42's scrape Accept header
    ['application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1', 'openmetrics'],
    ['text/plain;version=0.0.4;q=0.9,application/openmetrics-text;version=1.0.0;q=0.5', 'prometheus-text'],
    ['application/openmetrics-text; version=1.0.0; q=0.6, text/plain; q=0.5', 'openmetrics'],
    ['application/openmetrics-text', 'openmetrics'],
    ['application/openmetrics-text;version=0.0.1', 'prometheus-text'],
    ['application/openmetrics-text;version=1.0.0;q=0', 'prometheus-text'],
    ['text/plain, application/openmetrics-text', 'prometheus-text'],
    ['application/openmetrics-text, text/plain', 'openmetrics'],
    ['*/*', 'prometheus-text'],
    ['application/json', 'prometheus-text'],
    ['garbage;;;,,', 'prometheus-text'],
    ['application/openmetrics-text;q=0.5, */*;q=1', 'prometheus-text'],
    ['APPLICATION/OpenMetrics-Text;Version=1.0.0', 'openmetrics'],
  ])('%j -> %s', (accept, expected) => {
    expect(negotiateFormat(accept)).toBe(expected);
  });
});

describe('acceptsGzip', () => {
  it.each([
    [undefined, false],
    ['gzip', true],
    ['deflate, gzip;q=0.5', true],
    ['gzip;q=0', false],
    ['identity', false],
    ['*', true],
    ['*;q=0, gzip', true],
    ['br, *;q=0', false],
  ])('%j -> %j', (header, expected) => {
    expect(acceptsGzip(header)).toBe(expected);
  });
});
