import { ANONYMOUS_ATTRIBUTE_KEYS, SESSION_ID_ATTRIBUTE, anonymousKeyFilter, isIdentifyingValue } from '../../src';

describe('anonymous attribute allow-list', () => {
  it('holds the session id and what names the software, nothing naming the machine', () => {
    expect(ANONYMOUS_ATTRIBUTE_KEYS).toContain(SESSION_ID_ATTRIBUTE);
    expect(ANONYMOUS_ATTRIBUTE_KEYS).toContain('service.name');
    const allowed = anonymousKeyFilter();
    for (const key of [
      'host.name',
      'host.id',
      'process.pid',
      'process.owner',
      'process.command_line',
      'os.type',
      'service.instance.id',
      'container.id',
      'k8s.pod.name',
      'cloud.region',
      'user',
      'ip',
    ]) {
      expect(allowed(key)).toBe(false);
    }
    expect(Object.isFrozen(ANONYMOUS_ATTRIBUTE_KEYS)).toBe(true);
  });

  it('takes extra keys the vendor chose to collect', () => {
    const allowed = anonymousKeyFilter(['route', 'status']);
    expect(allowed('route')).toBe(true);
    expect(allowed('session.id')).toBe(true);
    expect(allowed('host.name')).toBe(false);
  });

  it.each([
    '10.0.0.7',
    '10.0.0.7:8080',
    'from 192.168.1.20',
    '::1',
    '[fe80::1%eth0]:80',
    '2001:db8::42',
    'de:ad:be:ef:00:01',
    'DE-AD-BE-EF-00-01',
    'alice@example.org',
  ])('flags %s as identifying', (value) => expect(isIdentifyingValue(value)).toBe(true));

  it.each(['/api/users', 'GET', '200', '0.5', '+Inf', '2.12.0', 'file-server', '12:30:00', 'a:b', 'https://example.org/x'])('passes %s', (value) =>
    expect(isIdentifyingValue(value)).toBe(false),
  );
});
