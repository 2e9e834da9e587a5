import { testRegistry } from './util';

const { reg } = testRegistry();
const mon = reg.scope('dec');

class Service {
  constructor(private readonly base: number) {}

  @mon.task()
  add(x: number): number {
    return this.base + x;
  }

  @mon.task('customName')
  async later(x: number): Promise<number> {
    await Promise.resolve();
    return this.base * x;
  }

  @mon.task()
  static create(): Service {
    return new Service(1);
  }
}

describe('method decorator', () => {
  it('instruments methods with standard decorators, named <Class>.<method> or explicitly', async () => {
    const s = new Service(10);
    expect(s.add(1)).toBe(11);
    expect(await s.later(3)).toBe(30);
    expect(Service.create()).toBeInstanceOf(Service);
    expect(reg.funcs().map((f) => [f.name, f.success])).toEqual([
      ['Service.add', 1],
      ['Service.create', 1],
      ['customName', 1],
    ]);
  });

  it('works as an experimentalDecorators (legacy) method decorator', () => {
    const { reg: r } = testRegistry();
    class Legacy {
      double(x: number): number {
        return 2 * x;
      }
    }
    const descriptor = Object.getOwnPropertyDescriptor(Legacy.prototype, 'double')!;
    const decorated = r.scope('leg').task()(Legacy.prototype, 'double', descriptor);
    Object.defineProperty(Legacy.prototype, 'double', decorated);
    expect(new Legacy().double(4)).toBe(8);
    expect(r.scope('leg').func('Legacy.double').success).toBe(1);
  });

  it('refuses to decorate a field', () => {
    expect(() => (mon.task() as unknown as (v: unknown, c: { kind: string; name: string }) => unknown)(undefined, { kind: 'field', name: 'x' })).toThrow(
      TypeError,
    );
  });
});
