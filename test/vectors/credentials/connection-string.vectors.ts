import type { RecognizerVectors } from '../types.js';

export const vectors: RecognizerVectors = {
  recognizer: 'connection-string',
  source:
    'RFC 3986 userinfo; PostgreSQL, MongoDB, Redis, AMQP URI formats; ADO.NET and Azure Storage connection strings; passwords constructed',
  positives: [
    {
      text: 'DATABASE_URL=postgresql://app:Wk7jQ9zRp2@db.internal:5432/app',
      expect: [{ value: 'postgresql://app:Wk7jQ9zRp2@db.internal:5432/app' }],
    },
    {
      text: 'mongodb+srv://admin:S3cr%40t@cluster0.ab1cd.mongodb.net/test?retryWrites=true&w=majority',
      expect: [
        { value: 'mongodb+srv://admin:S3cr%40t@cluster0.ab1cd.mongodb.net/test?retryWrites=true&w=majority' },
      ],
    },
    {
      text: 'REDIS_URL="redis://:Redis!Pass99@cache.local:6379/0"',
      expect: [{ value: 'redis://:Redis!Pass99@cache.local:6379/0' }],
    },
    {
      text: 'broker: amqps://svc:p4ss@w0rd@mq.acme-corp.io:5671/vhost.',
      expect: [{ value: 'amqps://svc:p4ss@w0rd@mq.acme-corp.io:5671/vhost' }],
      note: "an '@' inside the password",
    },
    {
      text: 'jdbc:mysql://root:Tr0ub4dor@10.0.0.12:3306/shop',
      expect: [{ value: 'jdbc:mysql://root:Tr0ub4dor@10.0.0.12:3306/shop' }],
    },
    {
      text: 'git clone https://x-access-token:Zq8nR2mLp4@github.com/org/repo.git',
      expect: [{ value: 'https://x-access-token:Zq8nR2mLp4@github.com/org/repo.git' }],
    },
    {
      text: '"ConnectionString": "Server=tcp:myserver.database.windows.net,1433;Initial Catalog=mydb;User ID=sqladmin;Password=Str0ng!Pass;Encrypt=True;"',
      expect: [
        {
          value:
            'Server=tcp:myserver.database.windows.net,1433;Initial Catalog=mydb;User ID=sqladmin;Password=Str0ng!Pass;Encrypt=True;',
        },
      ],
    },
    {
      text: 'DefaultEndpointsProtocol=https;AccountName=mystore;AccountKey=APXnMy1KxPzgqJHi/jUEy0SuQR6Y0K19LeT0dSUMqq8Ab12==;EndpointSuffix=core.windows.net',
      expect: [
        {
          value:
            'DefaultEndpointsProtocol=https;AccountName=mystore;AccountKey=APXnMy1KxPzgqJHi/jUEy0SuQR6Y0K19LeT0dSUMqq8Ab12==;EndpointSuffix=core.windows.net',
        },
      ],
    },
    {
      text: 'conn = "Data Source=db01;Initial Catalog=app;User ID=svc;PassWord=Str0ng!Pass;"',
      expect: [{ value: 'Data Source=db01;Initial Catalog=app;User ID=svc;PassWord=Str0ng!Pass;' }],
      note: 'ADO.NET keys are case-insensitive',
    },
  ],
  negatives: [
    { text: 'mongodb+srv://<username>:<password>@cluster0.mongodb.net/', why: 'placeholders' },
    { text: 'postgres://user:password@localhost/db', why: 'documentation example password' },
    { text: 'postgres://app:${DB_PASSWORD}@db:5432/app', why: 'template reference' },
    { text: 'https://user@example.com/path', why: 'user name without a password' },
    {
      text: 'see https://example.com:8080/docs and email admin@example.com',
      why: 'port and e-mail, no userinfo',
    },
    { text: "const myURL = new URL('https://abc:xyz@example.com');", why: 'documentation domain (RFC 2606)' },
    { text: 'href: https://a:b@host.internal/', why: 'one-letter example credentials' },
    {
      text: 'Server=myserver;Database=mydb;Trusted_Connection=True;',
      why: 'integrated security, no password',
    },
    { text: 'Server=myserver;Database=mydb;User Id=sa;Password=<password>;', why: 'placeholder password' },
  ],
};
