// Why a line supervisor's children have integer-like keys only (machines/line.ts, PROVIDER_CHILD).
// XState 5 copies a parent's `children` object at every spawn (`{ ...children, [id]: ref }`, in
// resolveSpawn) and every stop (`{ ...children }` then `delete`, in resolveStop). On Node 20 the
// cost of that copy depends on the keys: an object whose keys are all integer-like is copied as
// one block of elements; one named key among them (the provider service's `provider`) sends every
// copy down a path that costs per key, so a line holding 100 calls pays for 100 keys twice per
// call. Nothing here imports XState: the two functions are the two lines in question.
//
//   node bench/repro/children-copy.mjs
const spawn = (children, id, ref) => ({ ...children, [id]: ref });
const stop = (children, id) => {
  const copy = { ...children };
  delete copy[id];
  return copy;
};

function nsPerCall(initial, calls) {
  let children = initial;
  for (const id of calls) children = spawn(children, id, {});
  const rounds = 100_000;
  const t0 = performance.now();
  for (let k = 0; k < rounds; k++) {
    const id = calls[k % calls.length];
    children = stop(children, id);
    children = spawn(children, id, { k });
  }
  return Math.round(((performance.now() - t0) * 1e6) / rounds);
}

const slots = (n) => Array.from({ length: n }, (_, i) => String(i + 1));
// Run the fast shape first: once the copy sites have seen many shapes (megamorphic), every shape is slow.
for (const calls of [4, 100]) {
  console.log(JSON.stringify({ calls, keys: "'0' (the provider) and '1'…: integer-like only", nsPerSpawnAndStop: nsPerCall(spawn({}, '0', {}), slots(calls)) }));
}
for (const calls of [4, 100]) {
  console.log(JSON.stringify({ calls, keys: "'provider' and '1'…: one named key", nsPerSpawnAndStop: nsPerCall({ provider: {} }, slots(calls)) }));
}
