/**
 * The `injection` detector: normalisation (deobfuscate.ts) → rules for known techniques (heuristics.ts) →
 * the shipped classifier (classifier.ts), on the text and on every segment hidden in it by an encoding.
 *
 * Scores. Each classifier head's logit is shifted so that its trained threshold maps to 0.5, which makes
 * `score >= 0.5` mean "flagged at the default operating point" for every head and role. Rule hits and
 * obfuscation signals are independent evidence and are combined with the classifier by noisy-or:
 * score = 1 - Π(1 - pᵢ). Profiles may flag at another threshold per role.
 */
import type { Finding } from '../types.js';
import type { InjectionClassifier, WindowScore } from './classifier.js';
import { deobfuscate, type Deobfuscated, type ObfuscationKind } from './deobfuscate.js';
import { matchRules } from './heuristics.js';
import type { InjectionDetector, InjectionOptions, InjectionResult, InjectionRole } from './types.js';

export const INJECTION_DETECTOR_ID = 'injection';

/** Flag thresholds on the combined 0..1 scores; 0.5 is the trained operating point. */
export interface InjectionThresholds {
  readonly user: number;
  readonly document: number;
  readonly jailbreak: number;
}

export const DEFAULT_INJECTION_THRESHOLDS: InjectionThresholds = Object.freeze({
  user: 0.5,
  document: 0.5,
  jailbreak: 0.5,
});

/**
 * How much an obfuscation signal alone says about an attack. Smuggling text in invisible Unicode tag
 * characters has no benign use in a prompt; the others have (accents typed with look-alikes, a ZWJ in a
 * name), so they only add a little unless the decoded text itself scores.
 */
const SIGNAL_SCORES: Readonly<Record<ObfuscationKind, number>> = {
  'unicode-tag': 0.9,
  'bidi-control': 0.3,
  'zero-width': 0.25,
  homoglyph: 0.3,
  leetspeak: 0.15,
  base64: 0.05,
  hex: 0.05,
  rot13: 0.2,
  'url-encoding': 0.02,
};

/** At most this many decoded segments are scored (deobfuscate bounds their number and size too). */
const MAX_DECODED_SCORED = 8;

const logit = (p: number): number => Math.log(p / (1 - p));
const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));
const clamp01 = (p: number): number => Math.min(1 - 1e-9, Math.max(1e-9, p));
/** Shift a probability's logit so that `threshold` maps to 0.5. */
const recentre = (p: number, threshold: number): number =>
  sigmoid(logit(clamp01(p)) - logit(clamp01(threshold)));
const round3 = (x: number): number => Math.round(x * 1000) / 1000;

interface Evidence {
  injection: number[];
  jailbreak: number[];
  findings: Finding[];
}

export function createInjectionDetector(
  classifier: InjectionClassifier,
  thresholds: InjectionThresholds = DEFAULT_INJECTION_THRESHOLDS,
): InjectionDetector {
  const t = classifier.thresholds;

  const scoreFolded = (
    folded: string,
    role: InjectionRole,
    ev: Evidence,
    span: (start: number, end: number) => [number, number],
    boost: number,
  ): void => {
    const s = classifier.score(folded);
    const head: WindowScore = role === 'user' ? s.injection : s.indirect;
    const p = recentre(head.score, role === 'user' ? t.injection : t.indirect);
    const j = recentre(s.jailbreak.score, t.jailbreak);
    ev.injection.push(Math.min(1, p * boost));
    ev.jailbreak.push(j);
    if (p >= 0.5 && head.end > head.start) {
      const [start, end] = span(head.start, head.end);
      ev.findings.push(finding('PROMPT_INJECTION', start, end, p, 'classifier'));
    }
    if (j >= 0.5 && s.jailbreak.end > s.jailbreak.start) {
      const [start, end] = span(s.jailbreak.start, s.jailbreak.end);
      ev.findings.push(finding('JAILBREAK', start, end, j, 'classifier'));
    }
    for (const hit of matchRules(folded, role)) {
      const [start, end] = span(hit.start, hit.end);
      (hit.rule.verdict === 'jailbreak' ? ev.jailbreak : ev.injection).push(hit.rule.score);
      if (hit.rule.verdict === 'jailbreak') ev.injection.push(hit.rule.score * 0.9);
      ev.findings.push(
        finding(
          hit.rule.verdict === 'jailbreak' ? 'JAILBREAK' : 'PROMPT_INJECTION',
          start,
          end,
          hit.rule.score,
          hit.rule.id,
        ),
      );
    }
  };

  return {
    version: classifier.version,
    detect(text: string, options: InjectionOptions = {}): InjectionResult {
      const role = options.role ?? 'user';
      const d: Deobfuscated = deobfuscate(text);
      const ev: Evidence = { injection: [], jailbreak: [], findings: [] };
      const toOriginal = (start: number, end: number): [number, number] => [
        d.origin[start] ?? text.length,
        d.origin[end] ?? text.length,
      ];
      scoreFolded(d.folded, role, ev, toOriginal, 1);
      for (const seg of d.decoded.slice(0, MAX_DECODED_SCORED)) {
        // an instruction that was hidden behind an encoding is worth more than the same words in clear
        scoreFolded(seg.text, role, ev, () => [seg.start, seg.end], 1.15);
      }
      for (const sig of d.signals) {
        ev.injection.push(SIGNAL_SCORES[sig.kind]);
        ev.findings.push(finding('OBFUSCATION', sig.start, sig.end, SIGNAL_SCORES[sig.kind], sig.kind));
      }
      const injection = noisyOr(ev.injection);
      const jailbreak = noisyOr(ev.jailbreak);
      const limit = role === 'user' ? thresholds.user : thresholds.document;
      return {
        verdicts: {
          injection: { score: round3(injection), flagged: injection >= limit },
          jailbreak: { score: round3(jailbreak), flagged: jailbreak >= thresholds.jailbreak },
        },
        findings: ev.findings.sort((a, b) => a.start - b.start || b.score - a.score),
      };
    },
  };
}

function noisyOr(ps: readonly number[]): number {
  let miss = 1;
  for (const p of ps) miss *= 1 - Math.min(1, Math.max(0, p));
  return 1 - miss;
}

function finding(entity: string, start: number, end: number, score: number, pattern: string): Finding {
  return {
    entity,
    start,
    end,
    score: Math.round(score * 100) / 100,
    detector: INJECTION_DETECTOR_ID,
    explanation: { pattern, baseScore: Math.round(score * 100) / 100 },
  };
}
