import type { RecognizerVectors } from '../types.js';

export const vectors: RecognizerVectors = {
  recognizer: 'generic-secret',
  source:
    'constructed; configuration, HTTP header, cookie, Markdown, XML and prose layouts with random values',
  positives: [
    {
      text: 'api_key = "8Zk3pLw4TbM7mQ9sN6xUvZGtR5kLjY1"',
      expect: [{ value: '8Zk3pLw4TbM7mQ9sN6xUvZGtR5kLjY1' }],
    },
    {
      text: "SECRET_KEY = 'django-insecure-k8!2@x7f9#qz$w%3b^m&v*1l-r0t-u_y'",
      expect: [{ value: 'django-insecure-k8!2@x7f9#qz$w%3b^m&v*1l-r0t-u_y' }],
    },
    {
      text: 'client_secret: Q7mZp2Lw9xK4vB8nR3tY6uJ1hG5fD0sA',
      expect: [{ value: 'Q7mZp2Lw9xK4vB8nR3tY6uJ1hG5fD0sA' }],
    },
    {
      text: 'curl -H "Authorization: Bearer sV9pB2tLx7Qm4Kz8Rw1Ny6Hc3Jd5Fg0A" https://api.example.com/v1/items',
      expect: [{ value: 'sV9pB2tLx7Qm4Kz8Rw1Ny6Hc3Jd5Fg0A' }],
    },
    { text: 'X-API-Key: a8f3k29dkf93jfL0qP2xZ7', expect: [{ value: 'a8f3k29dkf93jfL0qP2xZ7' }] },
    {
      text: 'Set-Cookie: user_session=a8Kd93jfL0qP2x; Path=/; HttpOnly',
      expect: [{ value: 'a8Kd93jfL0qP2x' }],
    },
    {
      text: '<apiKey>sP7dK8nYmZ2rWxQ1tLvC3aH5jR9tUvM4</apiKey>',
      expect: [{ value: 'sP7dK8nYmZ2rWxQ1tLvC3aH5jR9tUvM4' }],
    },
    {
      text: '| API Key | sP7dK8nYmZ2rWxQ1tLvC3aH5jR9tUvM4 |',
      expect: [{ value: 'sP7dK8nYmZ2rWxQ1tLvC3aH5jR9tUvM4' }],
    },
    {
      text: '- **API Key:** api_dev_8Zk3pLw4TbM7mQ9sN6xUvZGtR5kLjY1',
      expect: [{ value: 'api_dev_8Zk3pLw4TbM7mQ9sN6xUvZGtR5kLjY1' }],
    },
    {
      text: 'Authorization: Basic dXNlcjpwYXNzd29yZDEyMw==',
      expect: [{ value: 'dXNlcjpwYXNzd29yZDEyMw==' }],
      note: 'base64 of user:password123',
    },
    {
      text: 'access_token: 0f3c9a7be21d4c58a9e6b1f27d83c4a5',
      expect: [{ value: '0f3c9a7be21d4c58a9e6b1f27d83c4a5' }],
      note: 'hex token',
    },
    {
      text: 'api_token = "e5a8b34c-9d2f-4b7a-8c1e-3f6a9b2d4e7c"',
      expect: [{ value: 'e5a8b34c-9d2f-4b7a-8c1e-3f6a9b2d4e7c' }],
      note: 'UUID under a token label',
    },
  ],
  negatives: [
    { text: 'api_key = os.environ["API_KEY"]', why: 'environment lookup' },
    { text: 'api_key: YOUR_API_KEY', why: 'placeholder' },
    { text: 'token: <token>', why: 'placeholder' },
    { text: 'max_tokens = 4096', why: 'a number' },
    { text: 'public_key: "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA"', why: 'public key' },
    { text: 'commit sha: 3f786850e387550fdab836ed7e6dc881de23001b', why: 'hex digest under a hash label' },
    { text: 'checksum_key: 3f786850e387550fdab836ed7e6dc881de23001b', why: 'checksum label' },
    { text: 'request_id: 4f1c2d3e-5a6b-4c7d-8e9f-0a1b2c3d4e5f', why: 'UUID in an ordinary context' },
    { text: 'session_id: 4f1c2d3e-5a6b-4c7d-8e9f-0a1b2c3d4e5f', why: 'UUID without a secret or token label' },
    { text: 'key: "Enter"', why: 'plain word' },
    { text: 'token_type: "bearer"', why: 'plain word' },
    { text: 'secret_name: prod/db/password', why: 'a path' },
    { text: 'tokenizer = AutoTokenizer.from_pretrained("bert-base-uncased")', why: 'code' },
    { text: 'Key Performance Indicators: Increase revenue', why: 'heading' },
    { text: 'NextToken: eyJ2IjoxfQ==abcdEFGH12345678', why: 'pagination token' },
    { text: 'secret_key = "MySecretKeyValueHere"', why: 'identifier-like placeholder' },
    { text: 'api_key: abcd1234abcd1234abcd', why: 'repeated pattern' },
  ],
};
