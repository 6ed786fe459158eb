import { EventTransport, type TransportOptions } from './event-transport.js';
import type { Completion, EventBatchResult, ExecutionEvent, MetricEvent, Rejection } from './types.js';

// Executions and outcomes on their way to POST /api/v1/events. They wait in a bounded buffer and
// leave in batches, one request at a time, so an execution always reaches the server before its
// metrics and its late completion. A batch is retried (event-transport.ts) until Verso answers:
// the server records an execution id once, so a retry after a lost answer cannot count twice. A
// batch the server refuses as a whole (400, 413, 422) is split in halves until the offending event
// stands alone and is reported through onRejected. Nothing is dropped silently: a full buffer
// drops its oldest events, counts them and warns, and so does close() for what it could not send
// before its deadline.

export type EventOptions = TransportOptions & {
  maxBatch: number;
  maxBuffer: number;
  completeWindowMs: number;
  onRejected?: (rejection: Rejection) => void;
};

export type EventStatus = {
  /** Events waiting (held for complete(), queued or in flight). */
  buffered: number;
  sent: { executions: number; metrics: number; completions: number; duplicates: number };
  rejected: number;
  /** Events lost to a full buffer or to close()'s deadline (each one also warned about). */
  dropped: number;
  lastFlush: Date | null;
  lastFlushError: string | null;
};

type Item =
  | { kind: 'execution'; event: ExecutionEvent }
  | { kind: 'metric'; metric: MetricEvent }
  | { kind: 'completion'; executionId: string; completion: Completion };

type Held = { event: ExecutionEvent; metrics: MetricEvent[]; timer: NodeJS.Timeout };

const PERMANENT_WHOLE_BATCH = new Set([400, 413, 422]);


export class EventSender {
  private readonly held = new Map<string, Held>();
  private queue: Item[] = [];
  /** Executions not yet taken into a request, by id: complete() folds its outcome into them. */
  private readonly pending = new Map<string, ExecutionEvent>();
  private inFlight = 0;
  private loop: Promise<void> | null = null;
  private abandoned = false;
  private readonly stats: EventStatus = {
    buffered: 0,
    sent: { executions: 0, metrics: 0, completions: 0, duplicates: 0 },
    rejected: 0,
    dropped: 0,
    lastFlush: null,
    lastFlushError: null,
  };
  private lastWarning = 0;
  private droppedSinceWarning = 0;
  private readonly transport: EventTransport;

  constructor(private readonly options: EventOptions) {
    this.transport = new EventTransport(options, () => this.abandoned);
  }

  /** A new execution: held up to completeWindowMs for complete(), then queued as `resolved`. */
  execution(event: ExecutionEvent) {
    this.pending.set(event.id, event);
    if (this.options.completeWindowMs <= 0) return this.push({ kind: 'execution', event });
    const timer = setTimeout(() => this.release(event.id), this.options.completeWindowMs);
    timer.unref();
    this.held.set(event.id, { event, metrics: [], timer });
    this.bound();
  }

  complete(executionId: string, completion: Completion) {
    const event = this.pending.get(executionId);
    if (event) {
      // Not sent yet: the outcome travels in the execution event itself.
      Object.assign(event, definedOnly(completion));
      this.release(executionId);
    } else {
      this.push({ kind: 'completion', executionId, completion });
    }
  }

  metric(metric: MetricEvent) {
    const held = this.held.get(metric.executionId);
    if (held) {
      held.metrics.push(metric);
      this.bound();
    } else this.push({ kind: 'metric', metric });
  }

  status(): EventStatus {
    return { ...this.stats, sent: { ...this.stats.sent }, buffered: this.size(), lastFlushError: this.transport.lastError };
  }

  hasPending(): boolean {
    return this.size() > 0;
  }

  /** Sends what is ready (the background tick), without waiting for anything held. */
  tick() {
    if (this.queue.length > 0) void this.drain();
  }

  /** Sends everything, held executions included; resolves when the buffer is empty. */
  async flush(): Promise<void> {
    for (const id of [...this.held.keys()]) this.release(id);
    await this.drain();
    // What arrived while the last request was out.
    if (this.queue.length > 0 && !this.abandoned) await this.flush();
  }

  /** Stops sending; what is left is counted as dropped and warned about. */
  abandon() {
    this.abandoned = true;
    for (const h of this.held.values()) clearTimeout(h.timer);
    const left = this.size();
    if (left > 0) this.drop(left, `verso-sdk: closed with ${left} event(s) not sent (Verso did not take them in time)`);
    this.held.clear();
    this.queue = [];
    this.pending.clear();
    // A request still out is given up with the rest (counted above); its answer is ignored.
    this.inFlight = 0;
  }

  private size() {
    let held = 0;
    for (const h of this.held.values()) held += 1 + h.metrics.length;
    return held + this.queue.length + this.inFlight;
  }

  private release(id: string) {
    const held = this.held.get(id);
    if (!held) return;
    clearTimeout(held.timer);
    this.held.delete(id);
    this.queue.push({ kind: 'execution', event: held.event }, ...held.metrics.map((metric) => ({ kind: 'metric' as const, metric })));
    this.afterPush();
  }

  private push(item: Item) {
    this.queue.push(item);
    this.afterPush();
  }

  private afterPush() {
    this.bound();
    if (this.queue.length >= this.options.maxBatch) this.tick();
  }

  /** A full buffer loses its oldest events, counted and warned about. */
  private bound() {
    let over = this.size() - this.options.maxBuffer;
    if (over <= 0) return;
    let dropped = 0;
    while (over > 0 && this.queue.length > 0) {
      const item = this.queue.shift()!;
      if (item.kind === 'execution') this.pending.delete(item.event.id);
      over--;
      dropped++;
    }
    for (const [id, h] of this.held) {
      if (over <= 0) break;
      clearTimeout(h.timer);
      this.held.delete(id);
      this.pending.delete(id);
      over -= 1 + h.metrics.length;
      dropped += 1 + h.metrics.length;
    }
    this.drop(dropped, `verso-sdk: the event buffer is full (${this.options.maxBuffer}); dropped the oldest events`);
  }

  private drop(count: number, message: string) {
    this.stats.dropped += count;
    this.droppedSinceWarning += count;
    const now = Date.now();
    // One warning per 10 s at most, with the count since the last one.
    if (now - this.lastWarning < 10_000 && !this.abandoned) return;
    console.warn(`${message} (${this.droppedSinceWarning} dropped, ${this.stats.dropped} in all)`);
    this.lastWarning = now;
    this.droppedSinceWarning = 0;
  }

  private drain(): Promise<void> {
    this.loop ??= this.run().finally(() => {
      this.loop = null;
    });
    return this.loop;
  }

  private async run() {
    while (this.queue.length > 0 && !this.abandoned) {
      const items = this.take();
      this.inFlight = items.length;
      try {
        if (items[0]!.kind === 'completion') await this.sendCompletion(items[0]!);
        else await this.sendBatch(items);
        this.stats.lastFlush = new Date();
      } catch (error) {
        // Not a failure of Verso's (a value JSON cannot hold, say): retrying would not help.
        for (const item of items) this.rejectItem(item, `could not be sent: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        this.inFlight = 0;
      }
    }
  }

  /** The next request's items: one completion, or executions and metrics up to maxBatch of each. */
  private take(): Item[] {
    if (this.queue[0]!.kind === 'completion') return this.queue.splice(0, 1);
    let executions = 0;
    let metrics = 0;
    let n = 0;
    for (; n < this.queue.length; n++) {
      const item = this.queue[n]!;
      if (item.kind === 'completion') break;
      if (item.kind === 'execution' && ++executions > this.options.maxBatch) break;
      if (item.kind === 'metric' && ++metrics > this.options.maxBatch) break;
    }
    const items = this.queue.splice(0, n);
    for (const item of items) if (item.kind === 'execution') this.pending.delete(item.event.id);
    return items;
  }

  private async sendBatch(items: Item[]): Promise<void> {
    const executions = items.flatMap((i) => (i.kind === 'execution' ? [i.event] : []));
    const metrics = items.flatMap((i) => (i.kind === 'metric' ? [i.metric] : []));
    let payload: string;
    try {
      payload = JSON.stringify({ executions, metrics });
    } catch (error) {
      // A value JSON cannot hold (a BigInt, a cycle): find it as a refused batch is searched.
      if (items.length > 1) return this.sendHalves(items);
      return this.rejectItem(items[0]!, `could not be sent: ${error instanceof Error ? error.message : String(error)}`);
    }
    const answer = await this.transport.send('/api/v1/events', 'POST', payload);
    if (!answer) return;
    if (answer.ok) {
      const result = answer.body as EventBatchResult;
      this.stats.sent.executions += result.executions.recorded;
      this.stats.sent.duplicates += result.executions.duplicates;
      this.stats.sent.metrics += result.metrics.recorded;
      for (const r of result.executions.rejected) this.reject({ kind: 'execution', id: r.id, reason: r.reason });
      for (const r of result.metrics.rejected) this.reject({ kind: 'metric', executionId: r.executionId, name: r.name, reason: r.reason });
      return;
    }
    // One bad event refuses the whole request.
    if (PERMANENT_WHOLE_BATCH.has(answer.status) && items.length > 1) return this.sendHalves(items);
    for (const item of items) this.rejectItem(item, `${answer.status}: ${answer.message}`);
  }

  /** Halves, in order: an execution still goes before its metrics. */
  private async sendHalves(items: Item[]) {
    const half = Math.ceil(items.length / 2);
    await this.sendBatch(items.slice(0, half));
    await this.sendBatch(items.slice(half));
  }

  private async sendCompletion(item: Extract<Item, { kind: 'completion' }>) {
    // PATCH /executions/{id} takes no model or provider: those go only with the execution event.
    const { status, latencyMs, inputTokens, outputTokens, output, error } = item.completion;
    const body = JSON.stringify(definedOnly({ status, latencyMs, inputTokens, outputTokens, output, error }));
    const answer = await this.transport.send(`/api/v1/executions/${encodeURIComponent(item.executionId)}`, 'PATCH', body);
    if (!answer) return;
    if (answer.ok) this.stats.sent.completions++;
    else this.rejectItem(item, `${answer.status}: ${answer.message}`);
  }

  private rejectItem(item: Item, reason: string) {
    if (item.kind === 'execution') this.reject({ kind: 'execution', id: item.event.id, reason });
    else if (item.kind === 'metric') this.reject({ kind: 'metric', executionId: item.metric.executionId, name: item.metric.name, reason });
    else this.reject({ kind: 'completion', executionId: item.executionId, reason });
  }

  private reject(rejection: Rejection) {
    this.stats.rejected++;
    if (!this.options.onRejected) {
      console.warn(`verso-sdk: Verso refused an event: ${JSON.stringify(rejection)}`);
      return;
    }
    try {
      this.options.onRejected(rejection);
    } catch (error) {
      console.warn('verso-sdk: onRejected threw', error);
    }
  }
}

function definedOnly<T extends Record<string, unknown>>(object: T): Partial<T> {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined)) as Partial<T>;
}
