// Types for liquid-engine.mjs, which stays plain JavaScript so that the render worker can load it.
import type { Context, Liquid, Template } from 'liquidjs';

export type RenderLimits = { timeoutMs: number; maxBytes: number };
export type LimitName = 'time' | 'bytes' | 'memory';
export type RenderFailure = { kind: 'limit'; limit: LimitName } | { kind: 'template'; line: number; column: number; message: string };

export function createEngine(): Liquid;

export class RenderLimitExceeded extends Error {
  constructor(limit: LimitName);
  readonly limit: LimitName;
}

export class RenderBudget {
  constructor(limits: RenderLimits);
  spend(chars: number): void;
  context(engine: Liquid, scope: Record<string, unknown>): Context;
  check(outputs: string[]): void;
}

export function renderNodes(engine: Liquid, nodes: Template[], ctx: Context, budget: RenderBudget): string;
export function renderAll(engine: Liquid, templates: Template[][], scope: Record<string, unknown>, limits: RenderLimits): string[];
export function describeError(error: unknown): RenderFailure;
