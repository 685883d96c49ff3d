/**
 * `vigil verify-proof --state-root <0x…> <file>`: verifies an eth_getProof result and prints
 * what it proves.
 * @module
 */
import { parseArgs } from 'node:util';
import { bigIntToHex, bytesToHex, hexToBytes } from '../../core/bytes.ts';
import { InputError } from '../../core/errors.ts';
import { parseGetProofResponse, verifyGetProofResponse } from '../../proofs/eip1186.ts';
import { readJsonFile } from '../io.ts';

export const usage = `vigil verify-proof --state-root <0x…32 bytes> <file>
  Verifies an eth_getProof result (bare, or inside a JSON-RPC response) against a state root.
  Prints {address, exists, balance, nonce, codeHash, storageHash, storage:[{key,value}]}.
  Exit 0 verified; 1 does not verify (stderr names the code and what differed); 2 unusable input.`;

export function verifyProofCommand(argv: string[]): string {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { 'state-root': { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (values['state-root'] === undefined) throw new InputError('missing --state-root');
  if (positionals.length !== 1) throw new InputError(`expected one proof file, got ${positionals.length}`);
  const stateRoot = hexToBytes(values['state-root'], 32, '--state-root');
  const response = parseGetProofResponse(readJsonFile(positionals[0]!, 'proof'));
  const proven = verifyGetProofResponse(stateRoot, response);
  const { account } = proven;
  return JSON.stringify({
    address: bytesToHex(proven.address),
    exists: account.exists,
    balance: bigIntToHex(account.balance),
    nonce: bigIntToHex(account.nonce),
    codeHash: bytesToHex(account.codeHash),
    storageHash: bytesToHex(account.storageHash),
    storage: proven.storage.map((s) => ({ key: s.key, value: bigIntToHex(s.value) })),
  });
}
