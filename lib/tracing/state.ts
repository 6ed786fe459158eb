// On globalThis: instrumentation.ts and the route bundles are separate modules in Next.js.
const g = globalThis as unknown as { __versoTracing?: boolean };

/** True once registerTracing has installed a provider: until then spans are not even started. */
export const tracingOn = (): boolean => g.__versoTracing === true;

export function setTracingOn(on: boolean) {
  g.__versoTracing = on;
}
