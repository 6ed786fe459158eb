import { randomUUID } from 'node:crypto';
import { chooseVariant, getBucketRanges, hash } from './assignment.js';
import { VersoSdkError } from './errors.js';
import { EventSender, type EventStatus } from './event-sender.js';
import { DEFAULT_RENDER_LIMITS, Renderer } from './render.js';
import { SnapshotSource, type SnapshotStatus } from './snapshot-source.js';
import { isTargeted } from './targeting.js';
import type { Completion, ExecutionEvent, Rejection, ResolveOptions, Resolved, ServingSnapshot, SnapshotExperiment, SnapshotVariant, UnitAttributes } from './types.js';

export type VersoOptions = {
  /** Where Verso runs, e.g. https://verso.example.com. */
  baseUrl: string;
  /** An API key with the service role. */
  apiKey: string;
  /** How often the snapshot is refreshed (a 304 when nothing changed). */
  refreshIntervalMs?: number;
  /** Served from while Verso has never been reached (e.g. a snapshot saved at build time). */
  fallback?: ServingSnapshot;
  /** How often ready events are sent. */
  flushIntervalMs?: number;
  /** Executions (and metrics) per request, at most 1,000. */
  maxBatch?: number;
  /** Events kept while Verso is unreachable; past it the oldest are dropped, counted and warned about. */
  maxBufferedEvents?: number;
  /** How long an execution waits for complete() to travel with it; after that it is sent as `resolved`. */
  completeWindowMs?: number;
  requestTimeoutMs?: number;
  /** How long close() (and the exit flush) keeps trying before it gives up on what is left. */
  closeTimeoutMs?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** The server's render limits (VERSO_RENDER_TIMEOUT_MS, VERSO_RENDER_MAX_BYTES) when they are not the defaults. */
  renderLimits?: { timeoutMs: number; maxBytes: number };
  /** Called for each event Verso refused (it is not retried). Default: console.warn. */
  onRejected?: (rejection: Rejection) => void;
  /** Flush and close on the process's 'beforeExit'. Default true. */
  flushOnExit?: boolean;
  fetch?: typeof globalThis.fetch;
};

export type VersoStatus = SnapshotStatus & { events: EventStatus };

const MAX_BATCH = 1_000;

export class Verso {
  private readonly source: SnapshotSource;
  private readonly sender: EventSender;
  private readonly renderer: Renderer;
  private readonly flushTimer: NodeJS.Timeout;
  private readonly closeTimeoutMs: number;
  private closing: Promise<void> | null = null;
  private readonly onBeforeExit = () => {
    if (this.sender.hasPending()) void this.close();
  };

  constructor(options: VersoOptions) {
    if (!options.baseUrl) throw new TypeError('verso-sdk: baseUrl is required');
    if (!options.apiKey) throw new TypeError('verso-sdk: apiKey is required');
    const url = options.baseUrl.replace(/\/+$/, '');
    const fetch = options.fetch ?? globalThis.fetch;
    const requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
    this.closeTimeoutMs = options.closeTimeoutMs ?? 10_000;
    this.renderer = new Renderer(options.renderLimits ?? DEFAULT_RENDER_LIMITS);
    this.source = new SnapshotSource({ url: `${url}/api/v1/serving`, apiKey: options.apiKey, fetch, timeoutMs: requestTimeoutMs, fallback: options.fallback });
    this.source.start(options.refreshIntervalMs ?? 30_000);
    this.sender = new EventSender({
      url,
      apiKey: options.apiKey,
      fetch,
      maxBatch: Math.max(1, Math.min(MAX_BATCH, options.maxBatch ?? 500)),
      maxBuffer: options.maxBufferedEvents ?? 100_000,
      completeWindowMs: options.completeWindowMs ?? 5_000,
      requestTimeoutMs,
      retryBaseMs: options.retryBaseMs ?? 250,
      retryMaxMs: options.retryMaxMs ?? 30_000,
      onRejected: options.onRejected,
    });
    this.flushTimer = setInterval(() => this.sender.tick(), options.flushIntervalMs ?? 1_000);
    this.flushTimer.unref();
    if (options.flushOnExit ?? true) process.on('beforeExit', this.onBeforeExit);
  }

  /**
   * Resolves once the first snapshot is loaded, or the first attempt failed and the fallback
   * serves; rejects when there is neither (resolve() would throw; refreshing goes on).
   */
  async ready(): Promise<void> {
    await this.source.first;
    if (!this.source.current()) {
      throw new VersoSdkError('unavailable', `Verso could not be reached (${this.source.status().lastError}) and no fallback snapshot was given.`);
    }
  }

  /** Assigns, renders and records an execution, locally: the same answer as POST /api/v1/prompts/{name}/resolve. */
  async resolve(name: string, options: ResolveOptions = {}): Promise<Resolved> {
    let snapshot = this.source.current();
    if (!snapshot) {
      await this.source.first;
      snapshot = this.source.current();
    }
    if (!snapshot) {
      throw new VersoSdkError('unavailable', `Verso could not be reached (${this.source.status().lastError ?? 'no answer yet'}) and no fallback snapshot was given.`);
    }
    const prompt = snapshot.prompts.find((p) => p.name === name);
    if (!prompt) throw new VersoSdkError('not_found', `Prompt "${name}" does not exist (it is not in the serving snapshot).`);
    const variant = prompt.experiment ? assignVariant(prompt.experiment, options.unitId, options.attributes) : null;
    // A unit outside the experiment (not targeted, or outside coverage) gets the label, not the control.
    const label = variant ? null : (options.label ?? 'production');
    const number = variant ? variant.version : prompt.labels[label!];
    if (number === undefined) throw new VersoSdkError('not_found', `Prompt "${name}" has no label "${label}".`);
    const version = prompt.versions.find((v) => v.version === number);
    if (!version) throw new VersoSdkError('not_found', `Prompt "${name}" has no version ${number} in the serving snapshot.`);
    const variables = options.variables ?? {};
    const rendered = this.renderer.render(version, variables);
    const experiment = variant ? { key: prompt.experiment!.key, variant: variant.key } : null;
    const event: ExecutionEvent = {
      id: randomUUID(),
      prompt: name,
      version: version.version,
      label,
      experiment,
      variables,
      createdAt: new Date().toISOString(),
      status: 'resolved',
    };
    if (options.unitId !== undefined) event.unitId = options.unitId;
    if (options.attributes !== undefined) event.attributes = options.attributes;
    if (options.metadata !== undefined) event.metadata = options.metadata;
    if (options.sessionId !== undefined) event.sessionId = options.sessionId;
    this.sender.execution(event);
    return {
      executionId: event.id,
      name,
      version: version.version,
      experiment,
      ...rendered,
      modelConfig: { ...version.modelConfig, ...(variant?.modelConfig ?? {}) },
    };
  }

  /** The model call's outcome: travels with the execution if it has not left yet, else as PATCH /executions/{id}. */
  complete(executionId: string, completion: Completion) {
    if (!['success', 'error', 'timeout'].includes(completion.status)) {
      throw new TypeError(`verso-sdk: a completion's status is success, error or timeout, not ${String(completion.status)}`);
    }
    this.sender.complete(executionId, completion);
  }

  /** An outcome (conversion = 1, rating = 4): the same (execution, name) counts once, its last value kept. */
  metric(executionId: string, name: string, value: number) {
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new TypeError(`verso-sdk: a metric value is a finite number, not ${String(value)}`);
    this.sender.metric({ executionId, name, value });
  }

  /** Sends every buffered event now; resolves when Verso has taken (or refused) them all. */
  flush(): Promise<void> {
    return this.sender.flush();
  }

  /** Refreshes the snapshot now (never rejects; see status()). */
  refresh(): Promise<void> {
    return this.source.refresh();
  }

  /** The snapshot being served (null before the first one), e.g. to save as a fallback. */
  snapshot(): ServingSnapshot | null {
    return this.source.current();
  }

  status(): VersoStatus {
    return { ...this.source.status(), events: this.sender.status() };
  }

  /** Stops refreshing and flushes, for at most closeTimeoutMs; what is left then is counted as dropped and warned about. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.source.stop();
      clearInterval(this.flushTimer);
      process.off('beforeExit', this.onBeforeExit);
      let deadline: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        deadline = setTimeout(() => resolve('timeout'), this.closeTimeoutMs);
      });
      const outcome = await Promise.race([this.sender.flush().then(() => 'done' as const), timedOut]);
      clearTimeout(deadline);
      if (outcome === 'timeout') this.sender.abandon();
    })();
    return this.closing;
  }
}

/**
 * The server's assignVariant: targeting first, then hash v2 of seed + unit id into the
 * variants' ranges; at random per call without a unit id. Null: not in the experiment.
 */
export function assignVariant(experiment: SnapshotExperiment, unitId: string | undefined, attributes?: UnitAttributes): SnapshotVariant | null {
  if (!isTargeted(experiment.targeting, unitId, attributes)) return null;
  const n = unitId === undefined ? Math.random() : hash(experiment.seed, unitId);
  const ranges = experiment.ranges.length === experiment.variants.length ? experiment.ranges : getBucketRanges(experiment.variants.length, experiment.coverage, experiment.weights);
  const index = chooseVariant(n, ranges);
  return index < 0 ? null : experiment.variants[index]!;
}
