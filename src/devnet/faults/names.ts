/**
 * Every fault the devnet's switchboard can switch on, what it does and what the client must
 * answer. The README lists these; tests iterate over them.
 * @module
 */

export const EXECUTION_FAULTS = {
  'proof-balance': 'eth_getProof claims balance + 1 ether; the proof is untouched (PROOF_VALUE_MISMATCH)',
  'proof-nonce': 'eth_getProof claims nonce + 1; the proof is untouched (PROOF_VALUE_MISMATCH)',
  'proof-storage-value': 'eth_getProof claims every storage value + 1; the proofs are untouched (PROOF_VALUE_MISMATCH)',
  'proof-account-node':
    'eth_getProof rewrites the account leaf node to hold balance + 1 ether and claims that balance (PROOF_NODE_HASH_MISMATCH, PROOF_ROOT_MISMATCH for a one-node proof)',
  'proof-storage-node':
    'eth_getProof rewrites each storage leaf node to hold value + 1 and claims that value (PROOF_NODE_HASH_MISMATCH, PROOF_ROOT_MISMATCH for a one-node proof)',
  'proof-other-block':
    'eth_getProof answers with the proof of an older block whose state root differs (PROOF_ROOT_MISMATCH)',
  'rpc-balance': 'plain eth_getBalance answers balance + 1 ether (unverified: only a verified read catches it)',
  'rpc-code': 'eth_getCode answers other bytecode (CODE_HASH_MISMATCH)',
} as const;

export const BEACON_FAULTS = {
  'beacon-withhold-updates': 'the beacon API withholds light-client updates: the client keeps its head and reports STALE_HEAD',
  'beacon-delay-updates': 'the beacon API answers light-client requests late (`ms`, default 3000): heads lag, nothing wrong is accepted',
  'beacon-invalid-signature': 'updates carry an invalid sync-committee signature (SYNC_SIGNATURE_INVALID)',
  'beacon-finality-stall': 'finality stops advancing: the finalized head stays put while optimistic heads go on',
} as const;

export type ExecutionFault = keyof typeof EXECUTION_FAULTS;
export type BeaconFault = keyof typeof BEACON_FAULTS;
export type FaultName = ExecutionFault | BeaconFault;

export const FAULT_NAMES = [...Object.keys(EXECUTION_FAULTS), ...Object.keys(BEACON_FAULTS)] as FaultName[];

export function isFaultName(name: unknown): name is FaultName {
  return typeof name === 'string' && (FAULT_NAMES as string[]).includes(name);
}

export function isExecutionFault(name: FaultName): name is ExecutionFault {
  return name in EXECUTION_FAULTS;
}

export function describeFault(name: FaultName): string {
  return isExecutionFault(name) ? EXECUTION_FAULTS[name] : BEACON_FAULTS[name];
}
