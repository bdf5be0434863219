import { sqliteTestStore } from '../store/databases.js';
import { runVaultSuite } from './vault-conformance.js';

runVaultSuite('sqlite', sqliteTestStore);
