import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { testRegistry, tick } from '../util';

describe('tasks as OTel spans', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const tracer = provider.getTracer('test');
  let manager: AsyncLocalStorageContextManager;

  beforeAll(() => {
    manager = new AsyncLocalStorageContextManager().enable();
    context.setGlobalContextManager(manager);
    trace.setGlobalTracerProvider(provider);
  });
  afterAll(async () => {
    await provider.shutdown();
    context.disable();
    trace.disable();
  });
  beforeEach(() => exporter.reset());

  it('makes each task a span, nested as the tasks are, inside the active OTel span', async () => {
    const { reg } = testRegistry({ otelSpans: tracer });
    const mon = reg.scope('svc');
    const leaf = mon.task(async function leaf() {
      await tick();
    });
    const handler = mon.task(async function handler() {
      await leaf();
      await leaf();
    });
    await tracer.startActiveSpan('request', async (outer) => {
      await handler();
      outer.end();
    });
    const spans = exporter.getFinishedSpans();
    const byName = (n: string) => spans.filter((s) => s.name === n);
    const outer = byName('request')[0]!;
    const h = byName('svc.handler')[0]!;
    expect(byName('svc.leaf')).toHaveLength(2);
    expect(h.parentSpanContext?.spanId).toBe(outer.spanContext().spanId);
    expect(h.spanContext().traceId).toBe(outer.spanContext().traceId);
    for (const l of byName('svc.leaf')) expect(l.parentSpanContext?.spanId).toBe(h.spanContext().spanId);
    expect(h.attributes['code.function.name']).toBe('svc.handler');
  });

  it('marks a failed task ERROR with its error name and the exception', async () => {
    const { reg } = testRegistry({ otelSpans: tracer });
    const f = reg.scope('svc').task(async function fails() {
      await tick();
      throw Object.assign(new Error('refused'), { code: 'ECONNREFUSED' });
    });
    await expect(f()).rejects.toThrow('refused');
    const [span] = exporter.getFinishedSpans();
    expect(span!.status).toEqual({ code: SpanStatusCode.ERROR, message: 'refused' });
    expect(span!.attributes['error.type']).toBe('ECONNREFUSED');
    expect(span!.events.map((e) => e.name)).toEqual(['exception']);
  });

  it('makes the task span the active span inside the task', () => {
    const { reg } = testRegistry({ otelSpans: tracer });
    const f = reg.scope('svc').task(function inside() {
      return trace.getActiveSpan();
    });
    const active = f();
    expect(exporter.getFinishedSpans()[0]!.spanContext().spanId).toBe(active!.spanContext().spanId);
  });

  it('lets a task opt in or out of spans', () => {
    const { reg } = testRegistry();
    const mon = reg.scope('svc');
    mon.task({ name: 'traced', otelSpan: true }, () => 1)();
    mon.task('plain', () => 1)();
    const { reg: tracedReg } = testRegistry({ otelSpans: tracer });
    tracedReg.scope('svc').task({ name: 'quiet', otelSpan: false }, () => 1)();
    expect(exporter.getFinishedSpans().map((s) => s.name)).toEqual(['svc.traced']);
  });

  it('makes no spans unless asked', () => {
    const { reg } = testRegistry();
    reg.scope('svc').task(function plain() {})();
    expect(exporter.getFinishedSpans()).toHaveLength(0);
  });
});
