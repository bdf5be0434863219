import { postgresTestStore } from './databases.js';
import { runApiKeyStoreConformance } from './api-key-conformance.js';

runApiKeyStoreConformance('postgres', postgresTestStore);
