import { sqliteTestStore } from './databases.js';
import { runApiKeyStoreConformance } from './api-key-conformance.js';

runApiKeyStoreConformance('sqlite', sqliteTestStore);
