/**
 * The rollups whose contract names each batch: Scroll's CommitBatch, Linea's DataSubmittedV3 (on
 * the real mainnet submission the Linea world finalizes), Taiko's Proposed, the devnet's
 * BatchCommitted; events encoded with viem, independently of src/.
 */
import { encodeAbiParameters, toEventSelector } from 'viem';
import { describe, expect, it } from 'vitest';
import { hexToBytes, bytesToHex } from '../../../../src/core/bytes.ts';
import { sha256 } from '../../../../src/crypto/sha256.ts';
import { type CommitLog, LINEA_DATA_SUBMITTED_V3, lineaSubmission, SCROLL_COMMIT_BATCH, scrollCommit, TAIKO_PROPOSED, taikoProposal, VIGIL_BATCH_COMMITTED, vigilZkCommit } from '../../../../src/l2/data/commits.ts';
import type { ProvenReceipt, ProvenTx } from '../../../../src/l2/data/location.ts';
import { BLOB, AGGREGATION, ROLLUP } from '../linea/world.ts';

const h = (x: string) => x as `0x${string}`;
const word = (x: bigint) => '0x' + x.toString(16).padStart(64, '0');
const TX = '0x' + 'c0'.repeat(32);
const BLOCK = 22_000_000n;
const VH = (b: string) => '0x01' + b.repeat(31);
const tx = (o: Partial<ProvenTx> = {}): ProvenTx => ({ hash: TX, from: '0x' + '5e'.repeat(20), to: '0x' + 'cc'.repeat(20), type: 3, input: '0x', blobVersionedHashes: [], blockNumber: BLOCK, ...o });
const found = (log: { address: string; topics: string[]; data: string }): CommitLog => ({ ...log, blockNumber: BLOCK, transactionHash: TX });

describe('event topics, as viem computes them from the contracts’ declarations', () => {
  it('CommitBatch, DataSubmittedV3, Proposed', () => {
    expect(SCROLL_COMMIT_BATCH).toBe(toEventSelector('CommitBatch(uint256 indexed batchIndex, bytes32 indexed batchHash)'));
    expect(LINEA_DATA_SUBMITTED_V3).toBe(toEventSelector('DataSubmittedV3(bytes32 parentShnarf, bytes32 indexed shnarf, bytes32 finalStateRootHash)'));
    expect(TAIKO_PROPOSED).toBe(toEventSelector('Proposed(uint48 indexed id, address indexed proposer, bytes32 parentProposalHash, uint48 endOfSubmissionWindowTimestamp, uint8 basefeeSharingPctg, (bool,(bytes32[],uint24,uint48))[] sources)'));
  });
});

describe('Scroll: the finalized batch’s CommitBatch, one blob per batch', () => {
  const CHAIN = '0xa13baf47339d63b743e7da8741db5456dac1e556';
  const commit = (i: bigint, address = CHAIN) => ({ address, topics: [SCROLL_COMMIT_BATCH, word(i), '0x' + 'ba'.repeat(32)], data: '0x' });
  const receipt: ProvenReceipt = { status: '0x1', logs: [commit(500n), commit(501n), commit(502n)] };
  const blobs = tx({ to: CHAIN, blobVersionedHashes: [VH('a0'), VH('a1'), VH('a2')] });

  it('the batch’s own blob: the n-th CommitBatch of the transaction reads its n-th blob', () => {
    const at = scrollCommit(501n, found(commit(501n)), blobs, receipt, CHAIN);
    expect(at).toMatchObject({ where: 'blobs', batch: 'batch 501', tie: 'root', versionedHashes: [VH('a1')], l1: { tx: TX, block: BLOCK } });
  });

  it('a commit without blobs (codec v0): calldata', () => {
    expect(scrollCommit(500n, found(commit(500n)), tx({ to: CHAIN, type: 2 }), receipt, CHAIN).where).toBe('calldata');
  });

  it('hostile: a log from another contract, a receipt whose event is another contract’s, a transaction in no verified block', () => {
    expect(scrollCommit(501n, found(commit(501n, '0x' + 'ee'.repeat(20))), blobs, receipt, CHAIN).where).toBe('unknown');
    const foreign: ProvenReceipt = { status: '0x1', logs: [commit(501n, '0x' + 'ee'.repeat(20))] };
    expect(scrollCommit(501n, found(commit(501n)), blobs, foreign, CHAIN).words).toContain('a log of another contract does not count');
    expect(scrollCommit(501n, found(commit(501n)), tx({ ...blobs, blockNumber: null }), receipt, CHAIN).where).toBe('unknown');
    expect(scrollCommit(502n, found(commit(502n)), tx({ to: CHAIN, blobVersionedHashes: [VH('a0')] }), receipt, CHAIN).where).toBe('unknown');
    expect(scrollCommit(501n, found(commit(500n)), blobs, receipt, CHAIN).where).toBe('unknown');
  });
});

describe('Linea: the finalization’s last submission (the real mainnet blob of the Linea world)', () => {
  const shnarf = AGGREGATION.finalShnarf as string;
  const submitted = { address: ROLLUP, topics: [LINEA_DATA_SUBMITTED_V3, shnarf], data: encodeAbiParameters([{ type: 'bytes32' }, { type: 'bytes32' }], [h(BLOB.prevShnarf!), h(BLOB.finalStateRootHash!)]) };
  // kzg_to_versioned_hash: 0x01 ‖ sha256(commitment)[1:], computed here from the prover's commitment.
  const digest = sha256(hexToBytes(BLOB.commitment!));
  digest[0] = 0x01;
  const versioned = bytesToHex(digest);

  it('the prover’s data hash is the versioned hash of its KZG commitment', () => {
    expect(versioned).toBe(BLOB.dataHash);
    expect(AGGREGATION.dataHashes).toEqual([versioned]);
  });

  it('submitBlobs: the blob of the submission whose shnarf the finalization names', () => {
    const at = lineaSubmission(shnarf, found(submitted), tx({ to: ROLLUP, blobVersionedHashes: [versioned] }), { status: '0x1', logs: [submitted] }, ROLLUP);
    expect(at).toMatchObject({ where: 'blobs', versionedHashes: [versioned], tie: 'root' });
  });

  it('submitDataAsCalldata: calldata; hostile: another shnarf’s submission', () => {
    expect(lineaSubmission(shnarf, found(submitted), tx({ to: ROLLUP, type: 2, input: '0x1234' }), { status: '0x1', logs: [submitted] }, ROLLUP).where).toBe('calldata');
    const other = { ...submitted, topics: [LINEA_DATA_SUBMITTED_V3, '0x' + '77'.repeat(32)] };
    expect(lineaSubmission(shnarf, found(other), tx({ to: ROLLUP, blobVersionedHashes: [versioned] }), { status: '0x1', logs: [other] }, ROLLUP).where).toBe('unknown');
  });
});

describe('Taiko (Shasta): the last finalized proposal’s Proposed log and its blobs', () => {
  const INBOX = '0x6f21c543a4af5189ebdb0723827577e1ef57ef1f';
  const sources = (list: [boolean, string[]][]) =>
    encodeAbiParameters(
      [{ type: 'bytes32' }, { type: 'uint48' }, { type: 'uint8' }, { type: 'tuple[]', components: [{ type: 'bool' }, { type: 'tuple', components: [{ type: 'bytes32[]' }, { type: 'uint24' }, { type: 'uint48' }] }] }],
      [h('0x' + '9a'.repeat(32)), 1_700_000_000, 75, list.map(([forced, hashes]) => [forced, [hashes.map(h), 0, 1_700_000_000]] as const)],
    );
  const proposed = (list: [boolean, string[]][], id = 4_242n) => ({ address: INBOX, topics: [TAIKO_PROPOSED, word(id), '0x' + '00'.repeat(12) + '5e'.repeat(20)], data: sources(list) });

  it('a proposal’s regular source names the proposing transaction’s own blobs; forced inclusions’ blobs come from earlier transactions', () => {
    const log = proposed([[true, [VH('f0')]], [false, [VH('b1'), VH('b2')]]]);
    const at = taikoProposal(4_242n, found(log), tx({ to: INBOX, blobVersionedHashes: [VH('b1'), VH('b2')] }), { status: '0x1', logs: [log] }, INBOX);
    expect(at).toMatchObject({ where: 'blobs', batch: 'proposal 4242', versionedHashes: [VH('f0'), VH('b1'), VH('b2')] });
    expect(at.checked.at(-1)).toContain('1 of them forced');
  });

  it('hostile: a regular source naming a blob the transaction does not carry, a proposal of another id', () => {
    const log = proposed([[false, [VH('b9')]]]);
    expect(taikoProposal(4_242n, found(log), tx({ to: INBOX, blobVersionedHashes: [VH('b1')] }), { status: '0x1', logs: [log] }, INBOX).where).toBe('unknown');
    const other = proposed([[false, [VH('b1')]]], 4_241n);
    expect(taikoProposal(4_242n, found(other), tx({ to: INBOX, blobVersionedHashes: [VH('b1')] }), { status: '0x1', logs: [other] }, INBOX).where).toBe('unknown');
    const garbled = { ...proposed([[false, [VH('b1')]]]), data: '0x1234' };
    expect(taikoProposal(4_242n, found(garbled), tx({ to: INBOX, blobVersionedHashes: [VH('b1')] }), { status: '0x1', logs: [garbled] }, INBOX).words).toContain('does not decode');
  });
});

describe('vigil-zk (the devnet): calldata today, blobs with issue 54', () => {
  const CONTRACT = '0x' + '7a'.repeat(20);
  const committed = (batch: bigint, address = CONTRACT) => ({ address, topics: [VIGIL_BATCH_COMMITTED, word(batch)], data: '0x' + '00'.repeat(160) });
  const receipt = (address = CONTRACT): ProvenReceipt => ({ status: '0x1', logs: [committed(7n, address)] });

  it('the topic is BatchCommitted’s', () => {
    expect(VIGIL_BATCH_COMMITTED).toBe(toEventSelector('BatchCommitted(uint256 indexed batch, uint256 oldRoot, uint256 newRoot, uint256 txDataHash, uint256 queueStart, uint256 queueEnd)'));
  });

  it('a commitBatch in calldata, and the same commit carrying blobs', () => {
    expect(vigilZkCommit(7n, tx({ to: CONTRACT, type: 2, input: '0xabcdef' }), receipt(), CONTRACT)).toMatchObject({ where: 'calldata', tie: 'root', batch: 'batch 7' });
    expect(vigilZkCommit(7n, tx({ to: CONTRACT, blobVersionedHashes: [VH('d1')] }), receipt(), CONTRACT)).toMatchObject({ where: 'blobs', versionedHashes: [VH('d1')] });
  });

  it('hostile: the L2 RPC names a transaction to another contract, or one whose event is another contract’s, or one in no verified block', () => {
    expect(vigilZkCommit(7n, tx({ to: '0x' + 'ee'.repeat(20), type: 2 }), receipt(), CONTRACT).where).toBe('unknown');
    expect(vigilZkCommit(7n, tx({ to: CONTRACT, type: 2 }), receipt('0x' + 'ee'.repeat(20)), CONTRACT).where).toBe('unknown');
    expect(vigilZkCommit(7n, tx({ to: CONTRACT, type: 2, blockNumber: null }), receipt(), CONTRACT).where).toBe('unknown');
    expect(vigilZkCommit(8n, tx({ to: CONTRACT, type: 2 }), receipt(), CONTRACT).where).toBe('unknown');
  });
});
