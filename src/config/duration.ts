/** Durations as configuration spells them: `90s`, `5m`, `12h`, `30d`, or `never`. */

/** `30d` → milliseconds; `never` → null. */
export function durationMs(value: string): number | null {
  if (value === 'never') return null;
  const n = Number(value.slice(0, -1));
  const unit = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[value.slice(-1) as 's' | 'm' | 'h' | 'd'];
  return n * unit;
}
