import { groupingKeyPath, validateGroupingKey } from '../../src/pushgateway/grouping-key';

describe('groupingKeyPath', () => {
  it('builds /metrics/job/<job>/<label>/<value> with percent-encoding', () => {
    expect(groupingKeyPath('batch')).toBe('/metrics/job/batch');
    expect(groupingKeyPath('batch', { instance: 'host 1', zone: 'eu-west?1' })).toBe('/metrics/job/batch/instance/host%201/zone/eu-west%3F1');
  });

  it('base64url-encodes values with a slash, and empty values as =', () => {
    // from the Pushgateway README: /var/tmp -> L3Zhci90bXA
    expect(groupingKeyPath('directory_cleaner', { path: '/var/tmp' })).toBe('/metrics/job/directory_cleaner/path@base64/L3Zhci90bXA');
    expect(groupingKeyPath('a/b')).toBe('/metrics/job@base64/YS9i');
    expect(groupingKeyPath('batch', { instance: '' })).toBe('/metrics/job/batch/instance@base64/=');
    // URL-safe alphabet: '?>' in standard base64 would contain '/'
    expect(groupingKeyPath('j', { v: '/?>' })).toBe('/metrics/job/j/v@base64/Lz8-');
  });

  it('base64url-encodes the dot segments . and .. (a URL parser would resolve them to another group)', () => {
    expect(groupingKeyPath('..', { instance: '.' })).toBe('/metrics/job@base64/Li4/instance@base64/Lg');
    expect(groupingKeyPath('a..b', { instance: '...' })).toBe('/metrics/job/a..b/instance/...');
    expect(new URL('http://gw:9091' + groupingKeyPath('..', { instance: 'x' })).pathname).toBe('/metrics/job@base64/Li4/instance/x');
  });

  it('validation names the option', () => {
    expect(() => validateGroupingKey('', {})).toThrow(/"job"/);
    expect(() => validateGroupingKey('j', { 'bad-name': 'x' })).toThrow(/"groupingKey".*bad-name/);
    expect(() => validateGroupingKey('j', { __reserved: 'x' })).toThrow(/"groupingKey"/);
    expect(() => validateGroupingKey('j', { job: 'x' })).toThrow(/"groupingKey"/);
    expect(() => validateGroupingKey('j', { a: 1 as unknown as string })).toThrow(/"groupingKey.a"/);
    expect(() => validateGroupingKey('j', { instance: 'x', _ok: '' })).not.toThrow();
  });
});
