export { Verso, assignVariant, type VersoOptions, type VersoStatus } from './verso.js';
export { VersoSdkError, type VersoErrorCode } from './errors.js';
export { fnv1a32, hash, normaliseWeights, getBucketRanges, chooseVariant, type BucketRange } from './assignment.js';
export { isTargeted, evalCondition } from './targeting.js';
export { Renderer, bindVariables, DEFAULT_RENDER_LIMITS, type Rendered } from './render.js';
export type { SnapshotStatus } from './snapshot-source.js';
export type { EventStatus } from './event-sender.js';
export type * from './types.js';
