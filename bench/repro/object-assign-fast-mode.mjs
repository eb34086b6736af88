// How many properties an object built the way XState builds every new context,
// `Object.assign({}, context, update)`, keeps before V8 turns it into a hash table
// ("dictionary mode"): on Node 20, 19. From 20 on, every context is a hash table: about 1 KB
// more per object and slower to read and copy.
//
//   for n in 18 19 20 21 23; do node --allow-natives-syntax bench/repro/object-assign-fast-mode.mjs $n; done
//
// Each n in a fresh process: V8's maps are shared within one, which blurs the edge.
const n = Number(process.argv[2] ?? 20);
const keys = Array.from({ length: n }, (_, i) => `field${i}`);
const literal = new Function(`return ({ ${keys.map((k, i) => `${k}: ${i}`).join(', ')} })`)();
let context = Object.assign({}, {}, literal); // XState's first assign: the context factory's result
const fast = [%HasFastProperties(context)];
for (let step = 0; step < 3; step++) {
  context = Object.assign({}, context, { field1: step }); // each later step's assign
  fast.push(%HasFastProperties(context));
}
console.log(`${n} properties: fast mode after each assign: ${fast.join(' ')}`);
