// The wire types of Verso's serving API, copied from the server's contract
// (lib/serving/schemas.ts, lib/executions/resolve.ts) so that the SDK stands alone.

export type ChatMessage = { role: 'system' | 'user' | 'assistant'; content: string };

export type VariableSpec = {
  name: string;
  required: boolean;
  type: 'string' | 'number' | 'boolean' | 'json';
  default?: unknown;
  description?: string;
};

export type ModelConfig = Record<string, unknown> & {
  provider?: string;
  model?: string;
  temperature?: number;
  maxTokens?: number;
  topP?: number;
  stop?: string[];
  extra?: Record<string, unknown>;
};

/** A unit's attributes for targeting: flat names, scalar values. */
export type UnitAttributes = Record<string, string | number | boolean>;

/** A GrowthBook condition (MongoDB-style) over the unit's attributes. */
export type TargetingCondition = Record<string, unknown>;

export type SnapshotVersion = {
  version: number;
  type: 'text' | 'chat';
  template?: string;
  messages?: ChatMessage[];
  variables: VariableSpec[];
  modelConfig: ModelConfig;
};

export type SnapshotVariant = { key: string; version: number; control: boolean; modelConfig: ModelConfig };

export type SnapshotExperiment = {
  key: string;
  /** The salt: GrowthBook's `seed`. */
  seed: string;
  hashVersion: 2;
  coverage: number;
  /** Normalised, in the order of `variants`. */
  weights: number[];
  /** [start, end) per variant, as GrowthBook's getBucketRanges builds them. */
  ranges: [number, number][];
  targeting: TargetingCondition | null;
  variants: SnapshotVariant[];
};

export type SnapshotPrompt = {
  name: string;
  /** label → version number. */
  labels: Record<string, number>;
  versions: SnapshotVersion[];
  experiment: SnapshotExperiment | null;
};

/** What GET /api/v1/serving answers: everything serving reads, for every prompt. */
export type ServingSnapshot = {
  revision: string;
  generatedAt: string;
  prompts: SnapshotPrompt[];
};

export type ResolveOptions = {
  /** What is randomised, usually the end user's id. Without one, a variant is drawn at random per call. */
  unitId?: string;
  variables?: Record<string, unknown>;
  /** Attributes for experiment targeting (country, plan …); `id` is the unit id. */
  attributes?: UnitAttributes;
  /** Served when the unit is in no experiment; default `production`. */
  label?: string;
  metadata?: Record<string, unknown>;
  sessionId?: string;
};

/** The same shape as POST /api/v1/prompts/{name}/resolve answers. */
export type Resolved = {
  executionId: string;
  name: string;
  version: number;
  experiment: { key: string; variant: string } | null;
  type: 'text' | 'chat';
  text?: string;
  messages?: ChatMessage[];
  modelConfig: ModelConfig;
};

export type ExecutionStatus = 'resolved' | 'success' | 'error' | 'timeout';

/** One execution, as POST /api/v1/events takes it. */
export type ExecutionEvent = {
  id: string;
  prompt: string;
  version: number;
  label: string | null;
  experiment: { key: string; variant: string } | null;
  unitId?: string;
  variables: Record<string, unknown>;
  attributes?: UnitAttributes;
  metadata?: Record<string, unknown>;
  sessionId?: string;
  createdAt?: string;
  status: ExecutionStatus;
  provider?: string;
  model?: string;
  latencyMs?: number;
  inputTokens?: number;
  outputTokens?: number;
  output?: string;
  error?: string;
};

export type MetricEvent = { executionId: string; name: string; value: number };

export type EventBatch = { executions: ExecutionEvent[]; metrics: MetricEvent[] };

export type EventBatchResult = {
  executions: { recorded: number; duplicates: number; rejected: { id: string; reason: string }[] };
  metrics: { recorded: number; rejected: { executionId: string; name: string; reason: string }[] };
};

/** The model call's outcome, reported by the application. */
export type Completion = {
  status: 'success' | 'error' | 'timeout';
  output?: string;
  error?: string;
  latencyMs?: number;
  inputTokens?: number;
  outputTokens?: number;
  model?: string;
  provider?: string;
};

/** An event the server refused (it is not retried). */
export type Rejection =
  | { kind: 'execution'; id: string; reason: string }
  | { kind: 'metric'; executionId: string; name: string; reason: string }
  | { kind: 'completion'; executionId: string; reason: string };
