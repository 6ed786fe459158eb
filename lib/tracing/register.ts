import { OpenInferenceBatchSpanProcessor } from '@arizeai/openinference-vercel';
import { SEMRESATTRS_PROJECT_NAME } from '@arizeai/openinference-semantic-conventions';
import { context, diag, DiagLogLevel, propagation, trace } from '@opentelemetry/api';
import { loggingErrorHandler, setGlobalErrorHandler } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { Resource } from '@opentelemetry/resources';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { env, type Env } from '@/lib/env';
import { exportable } from './llm-attributes';
import { PromptTemplateSpanProcessor } from './prompt-template';
import { setTracingOn } from './state';

export type Tracing = {
  endpoint: string;
  /** Exports what is queued; a failed export is reported (once), never thrown. */
  flush: () => Promise<void>;
  /** Flushes, then unregisters everything registerTracing installed on the process. */
  shutdown: () => Promise<void>;
};

/** Phoenix takes OTLP at /v1/traces on its UI port; accept either the base URL or the full path. */
export function collectorUrl(endpoint: string): string {
  const base = endpoint.replace(/\/+$/, '');
  return base.endsWith('/v1/traces') ? base : `${base}/v1/traces`;
}

/**
 * Registers the OpenTelemetry tracer provider when PHOENIX_COLLECTOR_ENDPOINT is set; without
 * it nothing is registered and every span call below is skipped. Spans leave in batches from
 * a bounded queue; a collector that is down or slow costs dropped spans and one warning,
 * never a slower or failed request.
 */
export function registerTracing(e: Env = env()): Tracing | null {
  if (!e.PHOENIX_COLLECTOR_ENDPOINT) return null;
  const url = collectorUrl(e.PHOENIX_COLLECTOR_ENDPOINT);
  const headers: Record<string, string> = {};
  if (e.PHOENIX_API_KEY) {
    headers.api_key = e.PHOENIX_API_KEY;
    headers.authorization = `Bearer ${e.PHOENIX_API_KEY}`;
  }
  const warn = warnOnce();
  const processor = new OpenInferenceBatchSpanProcessor({
    exporter: new OTLPTraceExporter({ url, headers, timeoutMillis: 5_000 }),
    spanFilter: exportable,
    config: { maxQueueSize: 4_096, maxExportBatchSize: 512, scheduledDelayMillis: 500, exportTimeoutMillis: 5_000 },
  });
  const provider = new NodeTracerProvider({
    resource: new Resource({ 'service.name': 'verso', [SEMRESATTRS_PROJECT_NAME]: e.PHOENIX_PROJECT_NAME }),
    // In this order: the prompt template is on the LLM span before the exporter converts it.
    spanProcessors: [new PromptTemplateSpanProcessor(), processor],
  });
  provider.register();
  setTracingOn(true);
  const reportFailure = (error: unknown) => warn(`export to the collector failed (${messageOf(error)})`);
  return {
    endpoint: url,
    flush: () => provider.forceFlush().catch(reportFailure),
    shutdown: async () => {
      setTracingOn(false);
      try {
        await provider.shutdown().catch(reportFailure);
      } finally {
        // provider.register() installed the tracer provider, the context manager and the
        // propagator on globalThis; the error handler and logger are ours too.
        trace.disable();
        context.disable();
        propagation.disable();
        diag.disable();
        setGlobalErrorHandler(loggingErrorHandler());
      }
    },
  };
}

// forceFlush and shutdown reject with an array of the processors' errors.
function messageOf(error: unknown): string {
  const first = Array.isArray(error) ? error[0] : error;
  return first instanceof Error ? first.message : String(first);
}

// OpenTelemetry reports a failed export and a full queue through its error handler and diag
// logger; both would otherwise print on every batch while the collector is away.
function warnOnce(): (message: string) => void {
  let warned = false;
  const warn = (message: string) => {
    if (warned) return;
    warned = true;
    console.warn(`[verso] tracing: ${message}. Spans are dropped while this lasts; requests are not affected. (Shown once.)`);
  };
  setGlobalErrorHandler((error) => warn(`export to the collector failed (${messageOf(error)})`));
  diag.setLogger(
    { error: (m) => warn(m), warn: (m) => warn(m), info: () => {}, debug: () => {}, verbose: () => {} },
    { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true },
  );
  return warn;
}
