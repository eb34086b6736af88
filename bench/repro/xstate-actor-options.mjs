// Minimal reproduction of the cost XState 5's `Actor` constructor pays for merging its options
// with an object spread, `{ ...defaultOptions, ...options }` (xstate 5.33.3, src/createActor.ts),
// on Node 20 (V8 11.3). Once the function is optimised, every result of a spread that adds keys
// to a copied object gets a hidden class of its own: more heap per object (the map, its
// descriptors and an out-of-object property store) and a slow path per call. `Object.assign`
// gives one shared hidden class. Nothing here imports XState: the two functions below are the
// line in question and its one-line fix, fed the options XState's `spawnChild` passes.
//
//   node --allow-natives-syntax --expose-gc bench/repro/xstate-actor-options.mjs
const defaultOptions = { clock: { setTimeout() {}, clearTimeout() {} }, logger: () => {}, devTools: false };
const options = (i) => ({ id: 'call-0', src: 'call', parent: null, syncSnapshot: false, systemId: undefined, input: i });
const spread = (o) => ({ ...defaultOptions, ...o });
const assign = (o) => Object.assign({}, defaultOptions, o);

for (const [name, merge] of [['spread (xstate 5.33.3)', spread], ['Object.assign', assign]]) {
  for (let i = 0; i < 100_000; i++) merge(options(i)); // warm up: let V8 optimise it
  const sameMap = %HaveSameMap(merge(options(1)), merge(options(2)));
  globalThis.gc();
  const before = process.memoryUsage().heapUsed;
  const kept = [];
  for (let i = 0; i < 100_000; i++) kept.push(merge(options(i)));
  globalThis.gc();
  const bytes = (process.memoryUsage().heapUsed - before) / kept.length;
  const t0 = performance.now();
  for (let i = 0; i < 1_000_000; i++) merge(options(i));
  const ns = ((performance.now() - t0) * 1e6) / 1_000_000;
  console.log(JSON.stringify({ merge: name, sameHiddenClass: sameMap, bytesPerResult: Math.round(bytes), nsPerMerge: Math.round(ns) }));
}
