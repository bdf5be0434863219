import type { RecognizerVectors } from '../types.js';

export const vectors: RecognizerVectors = {
  recognizer: 'slack-token',
  source:
    'Slack API docs, "Token types" and "Sending messages using incoming webhooks"; ids and secrets constructed at random',
  positives: [
    {
      text: 'SLACK_BOT_TOKEN=xoxb-401206534650-3878955923867-vdJJN1RnehWbiW0qeYPLIETm',
      expect: [{ value: 'xoxb-401206534650-3878955923867-vdJJN1RnehWbiW0qeYPLIETm' }],
    },
    {
      text: 'user token xoxp-56626069623-12330754228-9972561516841-db31ebe3429caf1e524cb814513e3399 (legacy)',
      expect: [{ value: 'xoxp-56626069623-12330754228-9972561516841-db31ebe3429caf1e524cb814513e3399' }],
    },
    {
      text: 'SLACK_APP_TOKEN=xapp-1-AL32H1O4EC2-9793784503229-eb1cb543af85e86edce403aca8895ebe715d92982d97a689b0cedb4b0d4c243d',
      expect: [
        {
          value:
            'xapp-1-AL32H1O4EC2-9793784503229-eb1cb543af85e86edce403aca8895ebe715d92982d97a689b0cedb4b0d4c243d',
        },
      ],
    },
    {
      text: 'curl -X POST -d @msg.json https://hooks.slack.com/services/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',
      expect: [{ value: 'https://hooks.slack.com/services/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' }],
    },
  ],
  negatives: [
    { text: 'SLACK_BOT_TOKEN=xoxb-your-bot-token-here', why: 'placeholder' },
    { text: 'xoxb-XXXXXXXXXXXX-XXXXXXXXXXXXX-XXXXXXXXXXXXXXXXXXXXXXXX', why: 'masked token' },
    {
      text: 'https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX',
      why: 'Slack documentation placeholder webhook',
    },
    { text: 'xoxo-401206534650-3878955923867-vdJJN1RnehWbiW0qeYPLIETm', why: 'not a Slack token type' },
  ],
};
