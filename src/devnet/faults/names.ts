/**
 * Every fault the devnet's switchboard can switch on, what it does and what the client must
 * answer. docs/devnet.md ("Fault switchboard") lists these; tests iterate over them.
 * @module
 */

/** Lies about proven state: eth_getProof and the plain reads a verified read replaces. */
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

/**
 * Lies about everything else a dApp reads through the execution API: access-list hints, blocks,
 * transactions, receipts, logs, plain calls and estimates. Each answer stays well-formed.
 */
export const EXECUTION_API_FAULTS = {
  'access-list-omit':
    'eth_createAccessList hides the last address and every storage key: a verified call must still come out right, fetching and proving what it touches on demand',
  'header-unlinked':
    'eth_getBlockByNumber/eth_getBlockByHash answer a header whose stateRoot differs (one bit) under the same claimed hash: its RLP no longer hashes to it',
  'tx-forge':
    'eth_getTransactionByHash/ByBlock…AndIndex and full blocks\' transactions carry value + 1 ether under the same hash and signature',
  'receipt-forge':
    'eth_getTransactionReceipt/eth_getBlockReceipts flip one bit of the first log data byte of each receipt (cumulativeGasUsed + 1 for a receipt with no log data): the receipts root no longer matches',
  'logs-drop':
    'eth_getLogs leaves out each block\'s first log (logIndex 0; with none in the answer, its first log) and receipts leave that log out too: the receipts root no longer matches',
  'logs-omit':
    'eth_getLogs answers without the logs of the last block its answer names (the highest block number); receipts are untouched, so every log it gives still proves: only a bloom scan or a reconciliation of proven balances can notice',
  'receipts-withhold':
    'eth_getBlockReceipts and eth_getTransactionReceipt answer null, as a node that lacks the receipts: proven logs cannot be read, and a scan must fail rather than list fewer transfers',
  'call-result': 'plain eth_call answers other bytes (the last byte flipped; 0x00 for an empty result): only an unverified client believes it',
  'estimate-gas': 'eth_estimateGas answers 1000 more than the node: only an unverified estimate believes it',
  'fee-inflate':
    'eth_maxPriorityFeePerGas answers 5000 gwei, eth_gasPrice the node\'s + 5000 gwei, eth_feeHistory every reward 5000 gwei: a tip from verified blocks ignores it (advice may only lower it)',
} as const;

/**
 * Actions rather than switches: one request does it (`POST /faults {"fault": "reorg", "depth": N,
 * "drop": bool}`) and answers what it did.
 */
export const DEVNET_ACTIONS = {
  reorg:
    'the execution node and the beacon chain drop their last `depth` blocks (fewer than since the finalized one, at most 16) and build a longer branch ending at a later slot, its first block empty, the dropped transactions mined again in later blocks (`drop` false) or left out (`drop` true): the light client follows the new branch within 3 slots; what the wallet took from a dropped block is re-checked',
} as const;

/** The deepest reorg the devnet can make: a state is kept per block for it. */
export const REORG_MAX_DEPTH = 16;

export const BEACON_FAULTS = {
  'beacon-withhold-updates': 'the beacon API withholds light-client updates: the client keeps its head and reports STALE_HEAD',
  'beacon-delay-updates': 'the beacon API answers light-client requests late (`ms`, default 3000): heads lag, nothing wrong is accepted',
  'beacon-invalid-signature': 'updates carry an invalid sync-committee signature (SYNC_SIGNATURE_INVALID)',
  'beacon-finality-stall': 'finality stops advancing: the finalized head stays put while optimistic heads go on',
  'beacon-forged-branch':
    'light-client updates (all three kinds) carry an attested header whose execution branch has one bit flipped: the execution block (Gloas: its hash) is not proven (LC_INVALID_HEADER)',
  'beacon-withhold-payload':
    'from the Gloas fork on (vigil devnet --gloas-epoch), each slot\'s execution payload is withheld: no EL block is mined for it, so the next Gloas header still proves the last delivered block\'s hash (the proven head lags)',
  'beacon-withhold-columns':
    'the beacon API serves no blob data (data column sidecars, blob sidecars, blobs: empty lists, as a node that pruned them); `endpoint` "primary" or "mirror" limits it to one of the devnet\'s two beacon APIs (default both): the tie proves the commitments from the block, and sampling finds no columns (unsampled, never called unavailable on one endpoint\'s word)',
  'beacon-bad-cell':
    'each data column sidecar served carries altered cells (each blob\'s cell: its first field element changed; a blob sidecar: its blob\'s), still valid field elements, the proofs unchanged, so their KZG proofs fail (BLOB_PROOF_INVALID); `endpoint` as for beacon-withhold-columns: the endpoint that serves it is demoted',
  'beacon-participation':
    'only `fraction` of the sync committee (default 0.5, its first members) signs each new block: at two thirds or more the wallet signs as before; below, the light client follows heads only as far as the spec lets it (more participants than half the most it saw lately), each marked thinly signed, and the wallet refuses to sign (HEAD_THINLY_SIGNED), naming the head it needs; after a sync-committee period without finality the forced update takes a thin header, which is not counted as finalized',
} as const;

/**
 * Faults of the devnet's validity rollup (`vigil devnet --rollup`): its sequencer and prover stop
 * while L1 goes on, so the client's liveness rules and the forced exit can be exercised.
 */
export const ROLLUP_FAULTS = {
  'sequencer-stall':
    'the rollup\'s sequencer forms no batch at all: L1 queue entries (deposits, forced withdrawals) age until freeze() is allowed after forcedDeadline; lastBatchAt ages (delayed, then stalled)',
  'prover-stall':
    'the rollup\'s sequencer still forms batches (L2 transfers are taken), but none is proven or committed to L1: lastBatchAt and the queue age as with a stalled sequencer',
  'l2-proof-balance':
    'the L2 RPC\'s vigil_getAccountProof claims balance + 1 ether in the leaf; the siblings are untouched (L2_PROOF_ROOT_MISMATCH)',
  'l2-commit-hint':
    'the L2 RPC\'s vigil_getBatch names the L1 transaction of the batch before as the commit (L2_COMMIT_MISMATCH: its event is another batch\'s)',
} as const;

export type ExecutionFault = keyof typeof EXECUTION_FAULTS;
export type ExecutionApiFault = keyof typeof EXECUTION_API_FAULTS;
/** Every fault the execution proxy acts on. */
export type ExecutionLayerFault = ExecutionFault | ExecutionApiFault;
export type BeaconFault = keyof typeof BEACON_FAULTS;
export type RollupFault = keyof typeof ROLLUP_FAULTS;
export type FaultName = ExecutionLayerFault | BeaconFault | RollupFault;

export const FAULT_NAMES = [
  ...Object.keys(EXECUTION_FAULTS),
  ...Object.keys(EXECUTION_API_FAULTS),
  ...Object.keys(BEACON_FAULTS),
  ...Object.keys(ROLLUP_FAULTS),
] as FaultName[];

export function isFaultName(name: unknown): name is FaultName {
  return typeof name === 'string' && (FAULT_NAMES as string[]).includes(name);
}

export function isExecutionFault(name: FaultName): name is ExecutionLayerFault {
  return name in EXECUTION_FAULTS || name in EXECUTION_API_FAULTS;
}

export function isRollupFault(name: FaultName): name is RollupFault {
  return name in ROLLUP_FAULTS;
}

export function describeFault(name: FaultName): string {
  if (name in EXECUTION_FAULTS) return EXECUTION_FAULTS[name as ExecutionFault];
  if (name in EXECUTION_API_FAULTS) return EXECUTION_API_FAULTS[name as ExecutionApiFault];
  if (name in ROLLUP_FAULTS) return ROLLUP_FAULTS[name as RollupFault];
  return BEACON_FAULTS[name as BeaconFault];
}
