// A render worker: renders what the main thread's concatenation plan cannot, so that a template
// that loops or sorts for a long time stalls this thread, which the pool can terminate, and never
// the server's. Messages: { id, key, sources, scope, limits } → { id, outputs } | { id, failure }.
import { parentPort } from 'node:worker_threads';
import { createEngine, describeError, renderAll } from './liquid-engine.mjs';

const engine = createEngine();

// Versions are immutable, so a version id (the key) names one parsed template forever; drafts
// (no key) are parsed on every call.
const parsedByKey = new Map();
const CACHE_LIMIT = 500;

function parsed(key, sources) {
  const hit = key ? parsedByKey.get(key) : undefined;
  if (hit) return hit;
  const templates = sources.map((source) => engine.parse(source));
  if (key) {
    if (parsedByKey.size >= CACHE_LIMIT) parsedByKey.delete(parsedByKey.keys().next().value);
    parsedByKey.set(key, templates);
  }
  return templates;
}

parentPort.on('message', ({ id, key, sources, scope, limits }) => {
  try {
    // The scope crossed the thread as a plain object: give it back its missing prototype, so that
    // a variable named `constructor` is a value or nothing, as on the main thread.
    const outputs = renderAll(engine, parsed(key, sources), Object.assign(Object.create(null), scope), limits);
    parentPort.postMessage({ id, outputs });
  } catch (error) {
    parentPort.postMessage({ id, failure: describeError(error) });
  }
});
