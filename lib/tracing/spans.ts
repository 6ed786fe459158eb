import {
  INPUT_MIME_TYPE,
  INPUT_VALUE,
  METADATA,
  SemanticConventions,
  OUTPUT_MIME_TYPE,
  OUTPUT_VALUE,
  PROMPT_TEMPLATE_TEMPLATE,
  PROMPT_TEMPLATE_VARIABLES,
  PROMPT_TEMPLATE_VERSION,
  SESSION_ID,
  USER_ID,
} from '@arizeai/openinference-semantic-conventions';
import { context, SpanStatusCode, trace, type Attributes, type Span, type Tracer } from '@opentelemetry/api';
import { withPromptTemplate } from './prompt-template';
import { tracingOn } from './state';

export type ChainSpanInput = {
  /** The span's name: the prompt's name, or the model's for a proxy call. */
  name: string;
  template?: string;
  variables?: Record<string, unknown>;
  version?: number | null;
  /** What goes in: the rendered prompt (text) or the messages sent to the model. */
  input: string | unknown[];
  unitId?: string | null;
  sessionId?: string | null;
  metadata: Record<string, unknown>;
};

export type ChainSpan = {
  traceId: string | null;
  spanId: string | null;
  /** The tracer the AI SDK writes its LLM span with, under this span; undefined when tracing is off. */
  tracer: Tracer | undefined;
  /**
   * Runs fn with this span active, so spans started inside become its children; the model
   * call's LLM span also gets this span's prompt template (see prompt-template.ts).
   */
  within<T>(fn: () => Promise<T>): Promise<T>;
  /** `output` may be given as a function, called only when the span records. */
  end(outcome: { output?: string | (() => string); error?: string }): void;
};

const off: ChainSpan = { traceId: null, spanId: null, tracer: undefined, within: (fn) => fn(), end: () => {} };

const json = (value: unknown) => JSON.stringify(value);

/**
 * Starts the OpenInference CHAIN span of one execution, as a root: the framework's request
 * span must not adopt it, and its trace id is the one the execution row stores. `describe` is
 * called only when tracing is on, so with it off the serving path builds no attributes at all;
 * with it on, nothing here may throw into the request.
 */
export function startChainSpan(describe: () => ChainSpanInput): ChainSpan {
  if (!tracingOn()) return off;
  try {
    const input = describe();
    const tracer = trace.getTracer('verso');
    const attributes: Attributes = {
      [SemanticConventions.OPENINFERENCE_SPAN_KIND]: 'CHAIN',
      [INPUT_VALUE]: typeof input.input === 'string' ? input.input : json(input.input),
      [INPUT_MIME_TYPE]: typeof input.input === 'string' ? 'text/plain' : 'application/json',
      [METADATA]: json(input.metadata),
    };
    const template: Attributes = {};
    if (input.template !== undefined) template[PROMPT_TEMPLATE_TEMPLATE] = input.template;
    if (input.variables !== undefined) template[PROMPT_TEMPLATE_VARIABLES] = json(input.variables);
    if (input.version != null) template[PROMPT_TEMPLATE_VERSION] = String(input.version);
    Object.assign(attributes, template);
    if (input.unitId) attributes[USER_ID] = input.unitId;
    if (input.sessionId) attributes[SESSION_ID] = input.sessionId;
    const span = tracer.startSpan(input.name, { root: true, attributes });
    const { traceId, spanId } = span.spanContext();
    return { traceId, spanId, tracer, within: (fn) => context.with(withPromptTemplate(trace.setSpan(context.active(), span), template), fn), end: (outcome) => endSpan(span, outcome) };
  } catch (error) {
    console.warn('[verso] tracing: could not start a span', error);
    return off;
  }
}

function endSpan(span: Span, outcome: { output?: string | (() => string); error?: string }) {
  try {
    const output = typeof outcome.output === 'function' ? outcome.output() : outcome.output;
    if (output !== undefined) span.setAttributes({ [OUTPUT_VALUE]: output, [OUTPUT_MIME_TYPE]: 'text/plain' });
    if (outcome.error !== undefined) span.setStatus({ code: SpanStatusCode.ERROR, message: outcome.error });
    else span.setStatus({ code: SpanStatusCode.OK });
    span.end();
  } catch {
    // A span that cannot be ended is a lost span, not a failed request.
  }
}
