import { createContextKey, type Attributes, type Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';

// Phoenix shows a span's Prompt Template card, and fills the playground's variables, only from
// an LLM span; Verso knows the template on its CHAIN span, and the AI SDK writes the LLM span.
// The CHAIN span puts its llm.prompt_template.* attributes in the context its model call runs
// in, and this processor copies them onto the AI SDK's model-call span as it starts.
// createContextKey is Symbol.for: the same key in instrumentation.ts and in the route bundles.
const promptTemplateKey = createContextKey('verso.prompt_template');

/** The AI SDK's spans that openinference-vercel maps to kind LLM: one per request to the model. */
const modelCallSpan = /^ai\.(generateText|streamText|generateObject|streamObject)\.do(Generate|Stream)$/;

/**
 * The context a CHAIN span's model call runs in, carrying the span's prompt template attributes;
 * a CHAIN span without a template (a proxy call) clears any an enclosing one carried.
 */
export function withPromptTemplate(ctx: Context, attributes: Attributes): Context {
  return Object.keys(attributes).length === 0 ? ctx.deleteValue(promptTemplateKey) : ctx.setValue(promptTemplateKey, attributes);
}

/** Registered before the exporting processor, so the attributes are there when the span is converted. */
export class PromptTemplateSpanProcessor implements SpanProcessor {
  onStart(span: Span, parentContext: Context): void {
    if (!modelCallSpan.test(span.name)) return;
    const attributes = parentContext.getValue(promptTemplateKey) as Attributes | undefined;
    if (attributes) span.setAttributes(attributes);
  }

  onEnd(_span: ReadableSpan): void {}

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
