/**
 * A cheap token estimate for charging token limits before a request is forwarded.
 *
 * BPE tokenizers of current models average about four characters of English per token, while Chinese,
 * Japanese and Korean text costs roughly one token per character or more, so a plain chars/4 would let CJK
 * prompts through at a quarter of their cost. Running the real tokenizer of every model on the hot path is not
 * worth it: the estimate only has to be close, because the gateway corrects it afterwards. Once the response
 * is complete, the completion tokens are debited (RateLimiter.debit) from the upstream's `usage` field
 * (`usage.completion_tokens` for OpenAI, `usage.output_tokens` for Anthropic) when present, and from
 * estimateTokens(completion text) when the upstream does not report usage.
 */

// Han ideographs, kana and Hangul: scripts written without spaces where one character is about one token.
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/** No Han, kana or Hangul code point lies below U+1100 (Hangul Jamo), so most Latin text skips the regex. */
const FIRST_CJK_CODE_POINT = 0x1100;

export function estimateTokens(text: string): number {
  let cjk = 0;
  let other = 0;
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    if (unit < FIRST_CJK_CODE_POINT) {
      other += 1;
      continue;
    }
    // Walk code points, so an astral character (emoji, rare Han) counts once, not as two surrogate halves.
    const codePoint = text.codePointAt(i) ?? unit;
    if (codePoint > 0xffff) i += 1;
    if (CJK.test(String.fromCodePoint(codePoint))) cjk += 1;
    else other += 1;
  }
  return cjk + Math.ceil(other / 4);
}
