/** Operations per second of `run(i)`: a warm-up of 5,000 calls, then batches of 1,000 for `seconds`. */
export function operationsPerSecond(run: (i: number) => unknown, seconds: number): number {
  for (let i = 0; i < 5000; i++) run(i);
  const t0 = performance.now();
  let n = 0;
  while (performance.now() - t0 < seconds * 1000) {
    for (let k = 0; k < 1000; k++) run(n++);
  }
  return n / ((performance.now() - t0) / 1000);
}
