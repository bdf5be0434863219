/**
 * Core vocabulary of the detection engine. A Finding never carries the matched value: callers that need
 * the value slice it from the text they own, so audit records, logs and errors cannot leak it by accident.
 */

/** Result of a structural or checksum validator. `neutral` means "no checksum exists, keep the pattern score". */
export type Validation = 'valid' | 'invalid' | 'neutral';

/** A validator may also set the score itself, when the evidence depends on the value's shape (for example a
 * phone number written with an area code in parentheses is stronger evidence than a bare digit run). */
export interface ScoredValidation {
  readonly validation: 'valid' | 'neutral';
  readonly score: number;
}

export type ValidationResult = Validation | ScoredValidation;

export interface Explanation {
  /** Name of the pattern that matched (or `deny-list`, `custom:<id>`). */
  readonly pattern: string;
  /** Score the pattern gave before the validator and context changed it. */
  readonly baseScore: number;
  /** Outcome of the validator, when the recognizer has one. */
  readonly validation?: Validation;
  /** Context words found near the match that raised the score. */
  readonly contextWords?: readonly string[];
  /** Context words found near the match that lowered the score. */
  readonly negativeWords?: readonly string[];
}

export interface Finding {
  readonly entity: string;
  /** UTF-16 code-unit offset into the original text (a JavaScript string index). */
  readonly start: number;
  /** Exclusive end offset. */
  readonly end: number;
  /** Confidence 0..1, rounded to two decimals. */
  readonly score: number;
  /** Stable id of the recognizer that produced the finding. */
  readonly detector: string;
  readonly explanation: Explanation;
}

export interface PatternSpec {
  /** Short name shown in explanations, unique within the recognizer. */
  readonly name: string;
  /**
   * A global (`g`) regular expression whose whole match is the value. Use lookarounds, not capture groups,
   * for the surroundings the value needs (e.g. `(?<![\w-])` as a boundary).
   */
  readonly regex: RegExp;
  /** Base score 0..1 before validation and context. */
  readonly score: number;
  /** Windows for this pattern only, overriding the recognizer's `anchor` (see RecognizerSpec.anchor). */
  readonly anchor?: Anchor;
}

/** A cheap literal and how far around it a match can extend; see RecognizerSpec.anchor. */
export interface Anchor {
  readonly pattern: RegExp;
  readonly before: number;
  readonly after: number;
}

export interface ContextSpec {
  /** Lowercase words or short phrases; found within the window they raise the score. */
  readonly words: readonly string[];
  /** Lowercase words that, found within the window, lower the score (e.g. "order", "invoice"). */
  readonly negative?: readonly string[];
  /** Added to the score when a context word is found (default 0.35). */
  readonly boost?: number;
  /** Floor for the score when a context word is found (default 0.4). */
  readonly floor?: number;
  /** Subtracted when a negative word is found (default 0.3). */
  readonly penalty?: number;
  /** Characters before the match searched for context (default 48). */
  readonly before?: number;
  /** Characters after the match searched for context (default 16). */
  readonly after?: number;
}

/** What a validator can look at besides the value: the whole (normalised) text and the span. */
export interface MatchSite {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

export interface RecognizerSpec {
  /** Stable detector id, kebab-case, unique across the registry (e.g. `us-ssn`). */
  readonly id: string;
  /** Entity type reported (e.g. `US_SSN`). */
  readonly entity: string;
  /** Version of the recognizer's behaviour; bump when patterns, validator or scores change. */
  readonly version: string;
  readonly description: string;
  readonly patterns: readonly PatternSpec[];
  readonly context?: ContextSpec;
  /** Checksum or structure check; `invalid` drops the candidate. */
  readonly validate?: (value: string, site: MatchSite) => ValidationResult;
  /** Score given to a `valid` candidate (default 1.0). */
  readonly validScore?: number;
  /**
   * Cheap test on the whole text: when it does not match, none of the patterns can, and the recognizer is
   * skipped. Use it for literal prefixes (`AKIA`, `-----BEGIN`) and required characters (`@`).
   */
  readonly trigger?: RegExp;
  /**
   * Run the patterns only in windows around occurrences of a cheap anchor (a literal such as `@` or `://`),
   * `before` characters to its left and `after` to its right. Patterns whose first character is a broad
   * class (letters) would otherwise be tried at every position of the text. Matches touching a window's
   * edge are re-checked against the whole text, so the result is the same as without the anchor as long as
   * every match contains the anchor within those bounds.
   */
  readonly anchor?: Anchor;
  /** ISO 639-1 codes the context words are written for; absent means any language. */
  readonly languages?: readonly string[];
  /**
   * Name of a shipped statistical model that finds this recognizer's spans instead of `patterns` (which
   * is then empty). The scanner asks its `models` source for it when first needed.
   */
  readonly model?: string;
  /**
   * Matches for which this returns true are kept only when one of the context words is near: a name
   * that is also a common word ("May", "Will", "Bill") needs a title, a salutation or a label.
   */
  readonly needsContext?: (value: string) => boolean;
}

/** A span found by a statistical model, scored 0..1. */
export interface ModelMatch {
  readonly entity: string;
  readonly start: number;
  readonly end: number;
  readonly score: number;
}

/** A loaded statistical model: finds spans of the entity types it knows in a text. */
export interface EntityModel {
  readonly version: string;
  find(text: string): readonly ModelMatch[];
}

/** Supplies the named models that model recognizers need (the library gives the shipped ones). */
export type ModelSource = (name: string) => EntityModel;

export interface ScanOptions {
  /** Only report these entity types (default: all enabled). */
  readonly entities?: readonly string[];
  /** Only run these detectors (default: all enabled). */
  readonly detectors?: readonly string[];
  /** Minimum score to report (default: the scanner's threshold). */
  readonly threshold?: number;
  /** ISO 639-1 language of the text; recognizers written for other languages are skipped. */
  readonly language?: string;
}
