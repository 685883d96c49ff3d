/**
 * circuits/SPEC.md's `commitBatchBlob` as a viem ABI, written from SPEC for the independent
 * encoder and decoder the tests and the fuzz target compare src/l2/vigil-zk/calldata.ts with (K = 2).
 */
export const COMMIT_BATCH_BLOB_ABI = [
  {
    type: 'function',
    name: 'commitBatchBlob',
    stateMutability: 'nonpayable',
    outputs: [],
    inputs: [
      { name: 'newRoot', type: 'uint256' },
      { name: 'queueEnd', type: 'uint256' },
      { name: 'txDataHash', type: 'uint256' },
      { name: 'payouts', type: 'uint256[2][2]' },
      { name: 'y', type: 'uint256' },
      { name: 'commitment', type: 'bytes' },
      { name: 'kzgProof', type: 'bytes' },
      { name: 'proof', type: 'uint256[8]' },
    ],
  },
] as const;
