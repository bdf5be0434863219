/** Command-line options of the benchmark scripts: `--name value`. */
export const args = process.argv.slice(2);

/** The value after `name`, if given. */
export function stringOption(name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

/** The positive number after `name`, or `fallback` when absent or not a positive number. */
export function positiveOption(name: string, fallback: number): number {
  const v = Number(stringOption(name));
  return Number.isFinite(v) && v > 0 ? v : fallback;
}
