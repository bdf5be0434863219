/**
 * The seeded generator of the training scripts and benchmarks (mulberry32): small, fast, and the same
 * sequence on every machine, so generated data and shuffles are reproducible. Never for secrets.
 */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
