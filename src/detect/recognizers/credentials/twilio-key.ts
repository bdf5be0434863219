import type { MatchSite, RecognizerSpec, ValidationResult } from '../../types.js';
import { shannonEntropy } from '../../validators/checksums.js';
import { isPlaceholderToken } from '../../validators/secret-values.js';

/**
 * Twilio credentials (Twilio docs, "API keys and tokens"): API key SIDs `SK` + 32 lowercase hex, account
 * SIDs `AC` + 32 hex, and auth tokens (32 hex with no prefix). A key SID is distinctive enough alone; an
 * account SID is an identifier and needs a Twilio or SID word nearby; an auth token is reported only
 * after an auth-token label with "Twilio" or an account SID within 200 characters. Auth tokens are
 * lowercase hex, as Twilio prints them.
 */
const TWILIO_NEAR = /twilio|\bAC[0-9a-f]{32}\b/i;

export function validateTwilioKey(value: string, site: MatchSite): ValidationResult {
  const hex = value.length === 34 ? value.slice(2) : value;
  if (isPlaceholderToken(hex) || shannonEntropy(hex) < 3.0) return 'invalid';
  if (value.length === 32) {
    const near = site.text.slice(Math.max(0, site.start - 200), Math.min(site.text.length, site.end + 200));
    return TWILIO_NEAR.test(near) ? { validation: 'neutral', score: 0.85 } : 'invalid';
  }
  return 'neutral';
}

export const twilioKey: RecognizerSpec = Object.freeze({
  id: 'twilio-key',
  entity: 'API_KEY',
  version: '1.0.0',
  description: 'Twilio API key SIDs (SK…), account SIDs (AC…) and auth tokens beside a Twilio label',
  // Every match holds 32 lowercase hex digits. The run is found with the class written out 16 times (V8's
  // Boyer-Moore lookahead sees through unrolled classes only: `[0-9a-f]{32}` alone is ten times slower),
  // and the windows reach back over the auth-token label.
  anchor: { pattern: new RegExp(`${'[0-9a-f]'.repeat(16)}[0-9a-f]{16}`, 'g'), before: 24, after: 2 },
  patterns: [
    { name: 'api-key-sid', regex: /SK(?<![A-Za-z0-9]SK)[0-9a-f]{32}(?![A-Za-z0-9])/g, score: 0.6 },
    { name: 'account-sid', regex: /AC(?<![A-Za-z0-9]AC)[0-9a-f]{32}(?![A-Za-z0-9])/g, score: 0.35 },
    {
      name: 'auth-token',
      regex:
        /(?<=[Aa][Uu][Tt][Hh][_ .-]?[Tt][Oo][Kk][Ee][Nn]["'\]]{0,2}[ \t]{0,3}(?:[:=]|=>|[Ii][Ss])?[ \t]{0,3}["']?)[0-9a-f]{32}(?![A-Za-z0-9])/g,
      score: 0.85,
    },
  ],
  validate: validateTwilioKey,
  context: {
    words: [
      'twilio',
      'sid',
      'account sid',
      'accountsid',
      'account_sid',
      'api key',
      'key sid',
      'twilio_account_sid',
      'twilio_api_key',
      'messaging',
    ],
    boost: 0.4,
    floor: 0.7,
  },
});
