/**
 * Operations per second of `run(i)`: a warm-up of a quarter of a second (enough for V8 to optimise the
 * code under test, which 5,000 calls were not for the first row of a run), then batches of 1,000 for
 * `seconds`.
 */
export function operationsPerSecond(run: (i: number) => unknown, seconds: number): number {
  const warm = performance.now();
  for (let i = 0; performance.now() - warm < 250; i += 1000) {
    for (let k = 0; k < 1000; k++) run(i + k);
  }
  const t0 = performance.now();
  let n = 0;
  while (performance.now() - t0 < seconds * 1000) {
    for (let k = 0; k < 1000; k++) run(n++);
  }
  return n / ((performance.now() - t0) / 1000);
}
