/**
 * Shape of a recognizer's test vectors. Each registered recognizer has `test/vectors/<area>/<id>.vectors.ts`
 * exporting `vectors`; test/detect/vectors.test.ts runs them all against the full default scanner.
 */
export interface PositiveVector {
  /** Text containing the value(s). */
  readonly text: string;
  /** Each expected finding, located by its exact value (first occurrence unless `occurrence` is given). */
  readonly expect: readonly {
    readonly value: string;
    readonly entity?: string;
    readonly occurrence?: number;
  }[];
  readonly note?: string;
}

export interface NegativeVector {
  /** Text in which this recognizer's entity must not be reported. */
  readonly text: string;
  /** Why it must not match (checksum near-miss, wrong length, missing context, ...). */
  readonly why: string;
}

export interface RecognizerVectors {
  /** The recognizer id these vectors are for. */
  readonly recognizer: string;
  /** Where the values come from: a specification, a published example, or "constructed" with the algorithm. */
  readonly source: string;
  readonly positives: readonly PositiveVector[];
  /** Realistic non-matches and checksum near-misses (one digit changed, transposed digits). */
  readonly negatives: readonly NegativeVector[];
}
