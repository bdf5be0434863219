import type { RecognizerVectors } from '../types.js';

export const vectors: RecognizerVectors = {
  recognizer: 'stripe-key',
  source: 'Stripe docs, "API keys" (key prefixes); key bodies constructed at random',
  positives: [
    {
      text: 'stripe.api_key = "sk_live_MoOdI1pemyY2UbKPO3VvKd8f"',
      expect: [{ value: 'sk_live_MoOdI1pemyY2UbKPO3VvKd8f' }],
    },
    {
      text: 'STRIPE_RESTRICTED_KEY=rk_test_KxC22If5EM9WuiPRNspZeCfp',
      expect: [{ value: 'rk_test_KxC22If5EM9WuiPRNspZeCfp' }],
    },
    {
      text: 'sk_test_yaaFJvHGT03n0kEeLj1iwukvWxrD4zBkhbDrm1RFYapJgVbMSPv32uAlzNkzKwTpiOvyzrvK8s5wpT1bdeSyaX9T03rdeqqpnzF',
      expect: [
        {
          value:
            'sk_test_yaaFJvHGT03n0kEeLj1iwukvWxrD4zBkhbDrm1RFYapJgVbMSPv32uAlzNkzKwTpiOvyzrvK8s5wpT1bdeSyaX9T03rdeqqpnzF',
        },
      ],
      note: 'long newer-format key',
    },
    {
      text: 'publishableKey: pk_live_UHf4MdQicM7PI3Ep58L5RO3n',
      expect: [{ value: 'pk_live_UHf4MdQicM7PI3Ep58L5RO3n' }],
      note: 'publishable, lower score',
    },
    {
      text: 'STRIPE_WEBHOOK_SECRET=whsec_LBh9b6en0oDHqX84hYAnJuAEqqEPYXAM',
      expect: [{ value: 'whsec_LBh9b6en0oDHqX84hYAnJuAEqqEPYXAM' }],
    },
  ],
  negatives: [
    { text: 'sk_test_4eC39HqLyjWDarjtT1zdp7dc', why: "Stripe's documentation key" },
    { text: 'sk_live_xxxxxxxxxxxxxxxxxxxxxxxx', why: 'placeholder' },
    { text: 'sk_live_MoOdI1pemyY2UbKPO3Vv', why: 'too short' },
    { text: 'pk_test_UHf4MdQicM7PI3Ep58L5RO3n', why: 'test publishable key: public by design' },
    { text: 'ask_live_MoOdI1pemyY2UbKPO3VvKd8f', why: 'inside a longer identifier' },
  ],
};
