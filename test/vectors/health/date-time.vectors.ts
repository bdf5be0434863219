import type { RecognizerVectors } from '../types.js';

export const vectors: RecognizerVectors = {
  recognizer: 'date-time',
  source:
    'ISO 8601 and common written/numeric date and time layouts; calendar rules (month lengths, leap years); sentences modelled on the Presidio synthetic benchmark; values constructed',
  positives: [
    { text: 'When: 2000-04-16 11:34:35\nWhere: Upton Scudamore', expect: [{ value: '2000-04-16 11:34:35' }] },
    {
      text: 'Deadline: 2024-02-29T23:59:59Z for all entries',
      expect: [{ value: '2024-02-29T23:59:59Z' }],
      note: '2024 is a leap year',
    },
    { text: 'The orchestra was founded in 1977. Since then it has grown.', expect: [{ value: '1977' }] },
    { text: 'Mr. Leiva flew to Leppen on Tuesday morning.', expect: [{ value: 'Tuesday' }] },
    {
      text: 'The hearing is on March 5, 2021 at 9:00 am in room B.',
      expect: [{ value: 'March 5, 2021 at 9:00 am' }],
    },
    { text: 'Admitted 30.12.1951 to the cardiology ward', expect: [{ value: '30.12.1951' }] },
    { text: "It's like that since 12/1/1981", expect: [{ value: '12/1/1981' }] },
    {
      text: 'Follow-up on 05-Mar-2021, seen by the nurse at 14:30.',
      expect: [{ value: '05-Mar-2021' }, { value: '14:30' }],
    },
    {
      text: 'We met on 5 March 2021 and again in March 2022.',
      expect: [{ value: '5 March 2021' }, { value: 'March 2022' }],
    },
    { text: 'Title VII of the Civil Rights Act of 1964 protects individuals', expect: [{ value: '1964' }] },
    { text: 'Termin am 5. März 2021 um 10 Uhr', expect: [{ value: '5. März 2021' }] },
  ],
  negatives: [
    {
      text: 'Dates 31/04/2021 and 29/02/2023 are not on the calendar',
      why: 'April has 30 days; 2023 is not a leap year',
    },
    {
      text: 'Version 1.10.22 was released with build 2021',
      why: 'a version number, and a four-digit number without a year word',
    },
    { text: 'In 2000 patients were enrolled, out of 2000 people screened.', why: 'counts, not years' },
    { text: 'See John 3:16 and mix at a ratio 1:10 before use', why: 'a verse and a ratio, not clock times' },
    { text: 'Room 1977 is on floor 12, price $2019', why: 'a room number and an amount' },
    { text: 'Server 192.168.10.12 answered on port 2020', why: 'an IP address and a port' },
  ],
};
