import type { RecognizerVectors } from '../types.js';

export const vectors: RecognizerVectors = {
  recognizer: 'username',
  source: 'constructed; credential layouts of configuration files, connection commands and prose',
  positives: [
    { text: 'username: jdoe', expect: [{ value: 'jdoe' }] },
    { text: 'Username = "alice.smith"', expect: [{ value: 'alice.smith' }] },
    {
      text: 'user=admin&password=S3cret!',
      expect: [{ value: 'admin' }],
      note: 'weak label with a password beside it',
    },
    { text: 'login: ziggy\npassword: hunter2', expect: [{ value: 'ziggy' }] },
    { text: 'User ID: bob_1984', expect: [{ value: 'bob_1984' }] },
    { text: 'spring.datasource.username=dbadmin', expect: [{ value: 'dbadmin' }] },
    { text: 'mysql -u root -pS3cr3t inventory', expect: [{ value: 'root' }] },
    { text: 'psql -U postgres -h localhost', expect: [{ value: 'postgres' }] },
    { text: 'curl -u alice:Wonderland1 https://api.example.com', expect: [{ value: 'alice' }] },
    { text: '<Username>jsmith</Username>', expect: [{ value: 'jsmith' }] },
    { text: 'Login details: Username: jdoe42 / Password: hunter2', expect: [{ value: 'jdoe42' }] },
    { text: 'Benutzername: mmuster', expect: [{ value: 'mmuster' }] },
    { text: 'POSTGRES_USER=appuser\nPOSTGRES_PASSWORD=Pg!2024secret', expect: [{ value: 'appuser' }] },
  ],
  negatives: [
    { text: 'User: hello, can you help me with my homework?', why: 'chat transcript role label' },
    { text: 'User: What is the capital of France?', why: 'chat transcript role label' },
    { text: 'the user clicked the button and logged out', why: 'ordinary prose' },
    { text: 'Last login: Mon Jan  8 10:12:01 2024 from 10.0.0.1', why: 'ssh banner' },
    { text: 'user_id: 12345', why: 'numeric database key without a password nearby' },
    { text: 'git push -u origin main', why: '-u of git is not a user flag' },
    { text: 'username: <your-username>', why: 'placeholder' },
    { text: 'username = os.environ["DB_USER"]', why: 'code reference' },
    { text: 'Username: required', why: 'form validation message' },
    { text: 'user agent: Mozilla/5.0', why: 'not a user-name label' },
  ],
};
