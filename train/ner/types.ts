/** Labelled text used to train and evaluate the entity recognizer. */

export type NerEntity = 'PERSON' | 'LOCATION' | 'ORGANIZATION';

export const NER_ENTITIES: readonly NerEntity[] = ['PERSON', 'LOCATION', 'ORGANIZATION'];

export interface LabeledSpan {
  /** UTF-16 offsets into `text`, end exclusive. */
  readonly start: number;
  readonly end: number;
  readonly entity: NerEntity;
}

export interface LabeledText {
  readonly text: string;
  /** Non-overlapping, sorted by start. */
  readonly spans: readonly LabeledSpan[];
  /** Where the example comes from, e.g. `template:clinical`, `wnut17-train`, `presidio-synth-v2`. */
  readonly source: string;
}
