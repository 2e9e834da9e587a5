import { createAuthChecker } from '../../src/options/authChecker';
import { InvalidOptionError } from '../../src/options/errors';

describe('createAuthChecker', () => {
  it('accepts exactly the bearer token, with the scheme in any case', () => {
    const checker = createAuthChecker('Endpoint', { bearer: 's3cret' }, 'metrics');
    expect(checker.challenge).toBe('Bearer realm="metrics"');
    expect(checker.check('Bearer s3cret')).toBe(true);
    expect(checker.check('bearer s3cret')).toBe(true);
    expect(checker.check('Bearer s3cret2')).toBe(false);
    expect(checker.check('Bearer S3CRET')).toBe(false);
    expect(checker.check(undefined)).toBe(false);
    expect(checker.check(['Bearer s3cret'])).toBe(false);
  });

  it('accepts exactly the basic credentials', () => {
    const checker = createAuthChecker('Endpoint', { basic: { username: 'prom', password: 'pw' } }, 'present');
    expect(checker.challenge).toBe('Basic realm="present", charset="UTF-8"');
    expect(checker.check('Basic ' + Buffer.from('prom:pw').toString('base64'))).toBe(true);
    expect(checker.check('Basic ' + Buffer.from('prom:px').toString('base64'))).toBe(false);
    expect(checker.check('Bearer pw')).toBe(false);
  });

  it('rejects invalid options with an error naming the owner', () => {
    expect(() => createAuthChecker('Endpoint', { bearer: '' }, 'metrics')).toThrow(InvalidOptionError);
    expect(() => createAuthChecker('Endpoint', { token: 'x' }, 'metrics')).toThrow(/^Endpoint: option "auth"/);
  });
});
