/**
 * Vocabulary of the injection and jailbreak detector. Like the entity findings, nothing here carries the
 * text it was computed from: spans are offsets into the caller's text.
 */
import type { Finding } from '../types.js';

/** Where a text sits: the user's own words, or a document / tool result the model reads (indirect injection). */
export type InjectionRole = 'user' | 'document';

/** A document-level verdict, as written to `verdicts.injection` and `verdicts.jailbreak`. */
export interface Verdict {
  /** 0..1, rounded to three decimals. */
  readonly score: number;
  readonly flagged: boolean;
}

export interface InjectionVerdicts {
  readonly injection: Verdict;
  readonly jailbreak: Verdict;
}

export interface InjectionResult {
  readonly verdicts: InjectionVerdicts;
  /** Suspicious spans (entity `PROMPT_INJECTION`, `JAILBREAK` or `OBFUSCATION`), offsets into the input. */
  readonly findings: readonly Finding[];
}

export interface InjectionOptions {
  /** Default `user`. Documents are flagged at their own (lower) threshold. */
  readonly role?: InjectionRole;
}

/** Something that scores a text for prompt injection and jailbreaks. */
export interface InjectionDetector {
  readonly version: string;
  detect(text: string, options?: InjectionOptions): InjectionResult;
}
