/**
 * Protection operators: pure functions that turn a sensitive value into something safe to pass on.
 * Keys come in as parameters (the keyring that manages them is separate), so every operator can be
 * tested with plain values.
 */

/** What an operator knows about the value it replaces. */
export interface OperatorInput {
  /** The entity type the detector reported, e.g. `CREDIT_CARD`. */
  readonly entity: string;
  /** The sensitive value itself. */
  readonly value: string;
}
