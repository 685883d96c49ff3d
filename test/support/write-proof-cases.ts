/**
 * `node --import tsx test/support/write-proof-cases.ts <root>`: writes the Gloas
 * single_merkle_proof cases under <root> in the preset LODESTAR_PRESET names (a process loads
 * @lodestar/types in one preset only; the tests' own process has mainnet's).
 */
import { writeGloasProofCases } from './lc-spectest-vectors.ts';

const root = process.argv[2];
if (root === undefined) throw new Error('usage: write-proof-cases.ts <root>');
for (const dir of writeGloasProofCases(root)) process.stdout.write(dir + '\n');
