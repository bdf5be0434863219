import type { RecognizerVectors } from '../types.js';

const HS256 =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1LTg0MjEzIiwibmFtZSI6Ik1hcmlhIExvcGV6IiwiaWF0IjoxNzE3MDAwMDAwLCJleHAiOjE3MTcwMDM2MDB9.oc7j3UGy53klSQKgViT4O0BST1uDtfM00f1Is3JVP7s';
const RS256 =
  'eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJpc3MiOiJodHRwczovL2F1dGguZXhhbXBsZS5vcmciLCJzdWIiOiI0MiIsImF1ZCI6ImFwaSJ9.vGyej4YwdySEELmUCTYubFT4OKXlJS8ENmkCK6Q5xnCk_fX6jyozh8us1JO5HvQXlihjGSHq-4OLv1wa95hE1mM-Wq3_1Hd8Dys6uYy0RaFlWIZ8giRPD-Dv6uGIoAJStVigFs0hfyb0nbwMDRfVG2bk83PzhwHnhEjPV_dfXMde6XdsiICdfTnRRY727FgdTcVFn4i7qeTvRXF-mLU4oWXRmA1FwixZQ9h4ZEX2gCOPwwdToLnd2NmXYU_hBUmqxC17emLHAMZ1qSvg_tmMyxlrqRi3PFiS8ln0w2tQ_VJFz7ay0Nwfg0zluJab6uCsaNDlIUL3VFlVA2XDvXW9gA';
const UNSIGNED = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiIsInJvbGUiOiJyb290In0.';
const JWE =
  'eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.YQ00Yo95iH3kewxkjnojTuJb8N0kkzVWt3s2H0tlvoP6tTG0lvgXh_-9Xpelt47BzYsj-evdEhVnMADMNj46oKhXfdl2Gkq5ZqxGXoV5xsW_7UIVZTcJNWw3rTDc2otc9ogC5-0zv8vNW4qMrHGXq1_EO8Rpow4efyMbN1EWcLBnWsPA4JJoQWO55R5O8W2lA4_J8SwIGRYwUHiKFxwW-muTx2fOBaU09vB3PXViozgxcFu2QZGDO54-OWxET4UQ_iT7ngMSKMoB0kHaJTPNWD4Ji8YNs8rYW-H25md66ln2tt9JN9NNDTWle3MO3LChHbAv0RR6bNhvxAvR6k3N_A.34CFpacwtZLba38O.AUlE-5tuJlxYmrRaDhRFINfrihN3xe2i6CzlDlXHAn9PL6ocOe_Sgg.2AZxWaeRn4P9EhX7RJKfjg';

export const vectors: RecognizerVectors = {
  recognizer: 'jwt',
  source:
    'RFC 7519 / RFC 7515 / RFC 7516 compact serialisation; tokens constructed with JSON headers and random signatures',
  positives: [
    { text: `Authorization: Bearer ${HS256}`, expect: [{ value: HS256 }] },
    { text: `Set-Cookie: jwt_token=${HS256}; HttpOnly`, expect: [{ value: HS256 }] },
    {
      text: `id_token: ${RS256}.`,
      expect: [{ value: RS256 }],
      note: 'sentence full stop after the signature',
    },
    {
      text: `forged: ${UNSIGNED} (alg none)`,
      expect: [{ value: UNSIGNED }],
      note: 'unsigned token keeps its trailing dot',
    },
    { text: `encrypted ${JWE}`, expect: [{ value: JWE }] },
  ],
  negatives: [
    {
      text: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
      why: 'the jwt.io sample token, published everywhere',
    },
    {
      text: 'eyJmb28iOiJiYXIifQ.eyJzdWIiOiI0MiJ9.oc7j3UGy53klSQKgViT4O0BST1uDtfM00f1Is3JVP7s',
      why: 'header has no "alg"',
    },
    {
      text: 'eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24gYXQgYWxs.oc7j3UGy53klSQKgViT4O0BST1uDtfM00f1Is3JVP7s',
      why: 'payload is not JSON',
    },
    { text: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiJ9.', why: 'signed algorithm with an empty signature' },
    { text: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiJ9', why: 'two segments only' },
    {
      text: 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
      why: 'base64 image data',
    },
  ],
};
