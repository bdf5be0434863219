import { postgresTestStore } from '../store/databases.js';
import { runVaultSuite } from './vault-conformance.js';

runVaultSuite('postgres', postgresTestStore);
