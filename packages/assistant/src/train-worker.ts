// A worker thread's entry (`@parley/assistant/train-worker`): trains an intent classifier off the main
// thread. workerData: the examples. Posts `{ model, trainMs }`, the model as JSON text (a string crosses
// threads as one copy, and is stored as it is), or `{ error }`.
import { parentPort, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { trainIntentClassifier, type IntentExample } from './train-intent-classifier.js';

function isExample(value: unknown): value is IntentExample {
  return typeof value === 'object' && value !== null && 'text' in value && typeof value.text === 'string' && 'intent' in value && typeof value.intent === 'string';
}

const examples: unknown = workerData;
if (!Array.isArray(examples) || !examples.every(isExample)) {
  parentPort?.postMessage({ error: 'workerData must be an array of { text, intent } examples' });
} else {
  const started = performance.now();
  const model = JSON.stringify(trainIntentClassifier(examples));
  parentPort?.postMessage({ model, trainMs: performance.now() - started });
}
