/**
 * The devnet's validity rollup `vigil-zk-v1` (circuits/SPEC.md), started by `startDevnet({ rollup })`
 * once the L1 chain runs: deploys its L1 side (./deploy.ts: the Poseidon libraries, the circuit's
 * Groth16 verifier, VigilRollup), keeps the L2 state in memory (./sequencer.ts's ledger; rebuilt
 * from the commit transactions' calldata when attaching to a rollup that already has batches),
 * runs the sequencer, the prover (./prover.ts, snarkjs in a child process) and the L2 RPC
 * (./l2-rpc.ts), and writes the rollup config (SPEC's "rollup config") for clients.
 *
 * Batches are posted in blobs (SPEC "Batches in blobs": the commit a type-3 transaction signed
 * with the committer's key, its blob's KZG in ./blob-kzg.ts's worker), or in calldata with
 * `posting: 'calldata'` (`vigil devnet --rollup-calldata`).
 *
 * The switchboard's `sequencer-stall` and `prover-stall` are read by the sequencer and the prover.
 * @module
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeEventLog, encodeEventTopics, type Hex } from 'viem';
import { bigIntToHex, bytesToHex, hexToBigInt, hexToBytes } from '../../core/bytes.ts';
import { keccak256 } from '../../crypto/keccak.ts';
import { kzgToVersionedHash } from '../../crypto/kzg.ts';
import { commitBatchBlobSelector, decodeCommitBatch, decodeCommitBatchBlob, wordsToProof } from '../../l2/vigil-zk/calldata.ts';
import { parseRollupConfig, ROLLUP_KIND, ROLLUP_SLOTS, verificationKeyHash } from '../../l2/vigil-zk/config.ts';
import { applyCommittedBatch, type CommittedBatch, type RebuildCheckpoint } from '../../l2/vigil-zk/rebuild.ts';
import { RollupState } from '../../l2/vigil-zk/state.ts';
import { DEFAULT_BATCH_SIZE } from '../../l2/vigil-zk/transactions.ts';
import { DEFAULT_DEPTH } from '../../l2/vigil-zk/tree.ts';
import { jsonRpcCall } from '../../rpc/http.ts';
import type { FaultSwitchboard } from '../faults/switchboard.ts';
import { devAccounts, devCommon, type DevFork } from '../execution/node/genesis.ts';
import { Stoppers } from '../stoppers.ts';
import { type BatchBlob, BatchBlobKzg } from './blob-kzg.ts';
import type { BlobSigner } from './commit.ts';
import { ARTIFACTS } from './contracts/artifacts.ts';
import { deployRollup } from './deploy.ts';
import { startL2Rpc } from './l2-rpc.ts';
import { type CircuitFiles, defaultCircuitFiles, Prover } from './prover.ts';
import { ProvingLoop } from './proving-loop.ts';
import { type BatchPosting, type RollupBatch, RollupLedger, Sequencer } from './sequencer.ts';

/** The devnet L2's chain id: 0x7a6a + 1 (31339), beside Hardhat's 31337 (0x7a69). */
export const ROLLUP_CHAIN_ID = 0x7a6a + 1;
/** Default seconds a queue entry may wait before anyone may freeze the devnet rollup. */
export const DEFAULT_FORCED_DEADLINE = 60;
/** Default seconds without a batch after which the sequencer commits an empty one. */
export const DEFAULT_HEARTBEAT_SECONDS = 10;

const RPC = { timeoutMs: 15_000, maxBytes: 1 << 24 };
const ROLLUP_ABI = ARTIFACTS.VigilRollup.abi;

export interface RollupOptions {
  /** The execution node's own JSON-RPC (its dev accounts are unlocked). */
  rpc: string;
  /** The node's unlocked dev accounts: [0] deploys, the last one commits batches. */
  accounts: readonly string[];
  l1ChainId: number;
  /** The devnet's switchboard: `sequencer-stall` and `prover-stall` are read from it. */
  switchboard: Pick<FaultSwitchboard, 'isOn'>;
  /** The devnet's data directory: rollup.json is written there by the caller, the prover's runner under rollup/. */
  dir: string;
  /** Seconds (> 0). Default 60. */
  forcedDeadline?: number;
  /** Seconds without a batch before an empty one. Default 10. */
  heartbeatSeconds?: number;
  /** Sequencer round period. Default 1000 ms. */
  intervalMs?: number;
  /** The L2's chain id. Default ROLLUP_CHAIN_ID. */
  chainId?: number;
  /** The L2 RPC's port. Default: a free one. */
  port?: number;
  /** Where batches go on L1. Default 'blob'. */
  posting?: BatchPosting;
  /** For blob batches: the dev accounts' mnemonic (the committer's key: the node signs no blob transaction) and the node's fork. */
  blobs?: { mnemonic: string; fork: DevFork };
  /** The circuit's wasm, zkey and verification key. Default: circuits/build of this checkout. */
  files?: CircuitFiles;
  /**
   * A rollup already deployed on this node: no deployment; the L2 state is rebuilt from its
   * committed batches' calldata first.
   */
  attach?: { contract: string; verifier: string; deployedAt: number };
  log?: (line: string) => void;
}

/** What the devnet's ready object says of its rollup (`info.rollup`). */
export interface RollupInfo {
  /** The L2's chain id (eth_chainId of the L2 RPC). */
  chainId: number;
  /** VigilRollup's address (lower case). */
  contract: string;
  /** The Groth16 verifier's address (lower case). */
  verifier: string;
  /** The L2 RPC's URL. */
  l2Rpc: string;
  /** The config's pin of the verification key (src/l2/vigil-zk/config.ts verificationKeyHash: keccak256 of its points as 32-byte words). */
  verificationKeyHash: string;
  /** sha256 of verification_key.json's bytes exactly as they are in circuits/build (what build/SHA256SUMS lists). */
  verificationKeySha256: string;
  /** Path of the rollup config JSON (SPEC's "rollup config"), beside the network config. */
  config: string;
  /** The block of VigilRollup's deployment (its events start there). */
  deployedAt: number;
  /** Seconds the oldest queue entry may wait before freeze() is allowed. */
  forcedDeadline: number;
  /** Seconds without a batch before the sequencer commits an empty one. */
  heartbeatSeconds: number;
  /** The dev account that sends commitBatch. */
  committer: string;
  /** Where batches go on L1: the commit transaction's first blob, or its calldata. */
  posting: BatchPosting;
}

export interface DevnetRollup {
  info: RollupInfo;
  /** The rollup config (what `info.config` holds). */
  config: Record<string, unknown>;
  ledger: RollupLedger;
  sequencer: Sequencer;
  provingLoop: ProvingLoop;
  /** Stops the L2 RPC, the sequencer, the prover loop and the prover process; idempotent. */
  stop(): Promise<void>;
}

/**
 * @example
 * const rollup = await startRollup({ rpc: node.url, accounts: node.accounts, l1ChainId: 1337, switchboard, dir });
 * writeFileSync('rollup.json', JSON.stringify(rollup.config));
 * await rollup.stop();
 */
export async function startRollup(options: RollupOptions): Promise<DevnetRollup> {
  const log = options.log ?? (() => {});
  const forcedDeadline = options.forcedDeadline ?? DEFAULT_FORCED_DEADLINE;
  const heartbeatSeconds = options.heartbeatSeconds ?? DEFAULT_HEARTBEAT_SECONDS;
  if (!Number.isSafeInteger(forcedDeadline) || forcedDeadline <= 0) throw new Error(`rollup: "forcedDeadline" expected whole seconds > 0, got ${forcedDeadline}`);
  if (!(heartbeatSeconds > 0)) throw new Error(`rollup: "heartbeatSeconds" expected > 0, got ${heartbeatSeconds}`);
  const files = options.files ?? defaultCircuitFiles();
  const committer = options.accounts.at(-1)?.toLowerCase();
  if (committer === undefined) throw new Error('rollup: the node has no dev account to commit batches from');

  const posting = options.posting ?? 'blob';
  const signer = posting === 'blob' ? blobSigner(options, committer) : undefined;

  const stoppers = new Stoppers((line) => log(`rollup: ${line}`));
  const stop = stoppers.stop;

  try {
    const blobKzg = signer === undefined ? undefined : new BatchBlobKzg(signer.wrapper);
    if (blobKzg !== undefined) stoppers.push(() => blobKzg.stop());
    // The prover process first: it fails fast when the circuit's files are missing.
    const prover = await Prover.start({ files, dir: join(options.dir, 'rollup'), log });
    stoppers.push(() => prover.stop());

    const vkeyBytes = readFileSync(files.verificationKey);
    const verificationKey = JSON.parse(vkeyBytes.toString('utf8')) as unknown;

    let deployed: { contract: string; verifier: string; deployedAt: number };
    if (options.attach) {
      deployed = { contract: options.attach.contract.toLowerCase(), verifier: options.attach.verifier.toLowerCase(), deployedAt: options.attach.deployedAt };
    } else {
      const t0 = performance.now();
      const d = await deployRollup({ url: options.rpc, accounts: options.accounts }, { forcedDeadline }).catch((err: unknown) => {
        // deployRollup sends the keyless proxy deployment and the library deployments through it
        // in one batch; when the node mines the proxy after them, the libraries are missing and
        // VigilRollup's constructor reverts. A second run finds the proxy and completes.
        log(`rollup: deployment failed (${(err as Error).message}); trying once more`);
        return deployRollup({ url: options.rpc, accounts: options.accounts }, { forcedDeadline });
      });
      deployed = { contract: d.rollup, verifier: d.verifier, deployedAt: d.deployedAt };
      log(`rollup: VigilRollup ${d.rollup}, verifier ${d.verifier}, deployed by block ${d.deployedAt} (${Math.round(performance.now() - t0)} ms)`);
    }

    const ledger = await restoreLedger(options.rpc, deployed.contract, deployed.deployedAt);
    if (ledger.committedBatch > 0) log(`rollup: L2 state rebuilt from ${ledger.committedBatch} committed batches (root ${bigIntToHex(ledger.committed.root)})`);

    const stalled = (fault: 'sequencer-stall' | 'prover-stall') => () => options.switchboard.isOn(fault);
    const provingLoop = new ProvingLoop({
      ledger,
      prover,
      rpc: options.rpc,
      from: committer,
      contract: deployed.contract,
      stalled: stalled('prover-stall'),
      ...(signer !== undefined && blobKzg !== undefined ? { blob: { signer, kzg: blobKzg } } : {}),
      log,
    });
    const sequencer = new Sequencer({
      ledger,
      rpc: options.rpc,
      contract: deployed.contract,
      deployedAt: deployed.deployedAt,
      stalled: stalled('sequencer-stall'),
      onBatch: () => provingLoop.kick(),
      heartbeatSeconds,
      ...(options.intervalMs !== undefined ? { intervalMs: options.intervalMs } : {}),
      ...(blobKzg !== undefined ? { blobKzg } : {}),
      log,
    });
    stoppers.push(() => provingLoop.stop());
    stoppers.push(() => sequencer.stop());

    const chainId = options.chainId ?? ROLLUP_CHAIN_ID;
    const l2 = await startL2Rpc({
      ledger,
      sequencer,
      chainId,
      sequencerPaused: stalled('sequencer-stall'),
      proverPaused: stalled('prover-stall'),
      lies: { accountBalance: () => options.switchboard.isOn('l2-proof-balance'), commitHint: () => options.switchboard.isOn('l2-commit-hint') },
      ...(options.port !== undefined ? { port: options.port } : {}),
      log,
    });
    stoppers.push(() => l2.stop());

    const code = (await jsonRpcCall(options.rpc, 'eth_getCode', [deployed.verifier, 'latest'], RPC)) as string;
    const liveness = livenessThresholds(heartbeatSeconds, forcedDeadline);
    const config: Record<string, unknown> = {
      kind: ROLLUP_KIND,
      name: 'Vigil devnet rollup',
      chainId,
      l1ChainId: options.l1ChainId,
      contract: deployed.contract,
      slots: Object.fromEntries(Object.entries(ROLLUP_SLOTS).map(([name, slot]) => [name, Number(slot)])),
      verifier: { address: deployed.verifier, codeHash: bytesToHex(keccak256(hexToBytes(code, undefined, 'verifier code'))) },
      verificationKey,
      verificationKeyHash: verificationKeyHash(verificationKey),
      depth: DEFAULT_DEPTH,
      batchSize: DEFAULT_BATCH_SIZE,
      l2Rpc: l2.url,
      liveness,
    };
    // Whatever the client will read must parse as the client parses it.
    parseRollupConfig(config);

    provingLoop.start();
    sequencer.start();
    const info: RollupInfo = {
      chainId,
      contract: deployed.contract,
      verifier: deployed.verifier,
      l2Rpc: l2.url,
      verificationKeyHash: config.verificationKeyHash as string,
      verificationKeySha256: createHash('sha256').update(vkeyBytes).digest('hex'),
      config: join(options.dir, 'rollup.json'),
      deployedAt: deployed.deployedAt,
      forcedDeadline,
      heartbeatSeconds,
      committer,
      posting,
    };
    log(`rollup: chain id ${chainId}, forced deadline ${forcedDeadline} s, heartbeat every ${heartbeatSeconds} s, commits from ${committer}, batches in ${posting === 'blob' ? `blobs (network form version ${signer!.wrapper})` : 'calldata'}`);
    return { info, config, ledger, sequencer, provingLoop, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** The committer's key (the node's last dev account) and the rules it signs blob transactions under. */
function blobSigner(options: RollupOptions, committer: string): BlobSigner {
  if (options.blobs === undefined) throw new Error('rollup: batches in blobs need the dev mnemonic and the node\'s fork ("blobs"), or posting: "calldata"');
  const { mnemonic, fork } = options.blobs;
  const key = devAccounts(mnemonic, options.accounts.length).at(-1)!;
  if (bytesToHex(key.address) !== committer) throw new Error(`rollup: the mnemonic's account ${options.accounts.length - 1} is ${bytesToHex(key.address)}, not the committer ${committer}`);
  // EIP-7594's cell proofs from Osaka on (the node refuses blob proofs there), one blob proof before.
  return { privateKey: key.privateKey, common: devCommon({ fork, chainId: BigInt(options.l1ChainId) }), wrapper: fork === 'osaka' ? 1 : 0 };
}

/**
 * The config's liveness thresholds: delayed after three missed heartbeats, stalled once a queue
 * entry could be frozen on (the forced deadline), and never before delayed + one heartbeat.
 */
export function livenessThresholds(heartbeatSeconds: number, forcedDeadline: number): { delayedAfterSeconds: number; stalledAfterSeconds: number } {
  const delayedAfterSeconds = Math.ceil(3 * heartbeatSeconds);
  return { delayedAfterSeconds, stalledAfterSeconds: Math.max(forcedDeadline, delayedAfterSeconds + Math.ceil(heartbeatSeconds)) };
}

/**
 * The ledger of a deployed rollup: every batch L1 committed, re-applied in order from its
 * commit transaction with the model (./l2/vigil-zk/rebuild.ts): a calldata batch from its
 * calldata, a blob batch from its blob (the node's blob bundle of the commit's block,
 * `devnet_getBlobsBundle`), each leading to the root its BatchCommitted event names. A fresh
 * contract gives the empty ledger.
 */
export async function restoreLedger(rpc: string, contract: string, deployedAt: number): Promise<RollupLedger> {
  const batchCount = hexToBigInt((await jsonRpcCall(rpc, 'eth_getStorageAt', [contract, '0x1', 'latest'], RPC)) as string, 'batchCount');
  const ledger = new RollupLedger(RollupState.empty(DEFAULT_DEPTH), DEFAULT_BATCH_SIZE);
  if (batchCount === 0n) return ledger;
  const topics = encodeEventTopics({ abi: ROLLUP_ABI, eventName: 'BatchCommitted' });
  const logs = (await jsonRpcCall(rpc, 'eth_getLogs', [{ address: contract, fromBlock: `0x${deployedAt.toString(16)}`, toBlock: 'latest', topics }], RPC)) as {
    topics: Hex[];
    data: Hex;
    transactionHash: string;
    blockNumber: string;
    blockHash: string;
  }[];
  const blobSelector = bytesToHex(commitBatchBlobSelector(DEFAULT_BATCH_SIZE));
  let checkpoint: RebuildCheckpoint = { state: ledger.genesis, batch: 0n, queueHead: 0n, queueAcc: 0n };
  for (const log of logs) {
    const event = decodeEventLog({ abi: ROLLUP_ABI, eventName: 'BatchCommitted', data: log.data, topics: log.topics as [Hex, ...Hex[]] }).args;
    if (event.batch !== checkpoint.batch + 1n) throw new Error(`rollup: BatchCommitted ${event.batch} after batch ${checkpoint.batch}`);
    const tx = (await jsonRpcCall(rpc, 'eth_getTransactionByHash', [log.transactionHash], RPC)) as { input: string; blobVersionedHashes?: string[] };
    let committed: CommittedBatch = { calldata: tx.input, root: event.newRoot };
    let blob: RollupBatch['blob'];
    let proofWords: readonly bigint[];
    if (tx.input.slice(0, 10).toLowerCase() === blobSelector) {
      const data = await bundledBlob(rpc, log.blockHash, tx.blobVersionedHashes?.[0]);
      committed = { kind: 'blob', calldata: tx.input, versionedHash: data.versionedHash, prefix: data.blob, root: event.newRoot };
      proofWords = decodeCommitBatchBlob(tx.input).proofWords;
      blob = { data, z: 0n, y: 0n };
    } else {
      proofWords = decodeCommitBatch(tx.input).proofWords;
    }
    const { checkpoint: next, rebuilt } = applyCommittedBatch(checkpoint, committed);
    if (blob !== undefined && rebuilt.binding !== null) blob = { data: blob.data, z: rebuilt.binding.z, y: rebuilt.binding.y };
    const batch: RollupBatch = {
      batch: Number(rebuilt.batch),
      txs: [...rebuilt.txs],
      oldRoot: rebuilt.oldRoot,
      newRoot: rebuilt.newRoot,
      txDataHash: rebuilt.publicInputs[2]!,
      queueStart: rebuilt.queueStart,
      queueEnd: rebuilt.queueEnd,
      publicInputs: rebuilt.publicInputs,
      posting: blob === undefined ? 'calldata' : 'blob',
      ...(blob !== undefined ? { blob } : {}),
      state: next.state,
      l2Ids: [],
      heartbeat: rebuilt.txs.every((t) => t.type === 0n),
      formedAt: Date.now(),
      status: 'committed',
      proof: wordsToProof(proofWords),
      publicSignals: rebuilt.publicInputs.map(String),
      l1TxHash: log.transactionHash,
      l1Block: Number(log.blockNumber),
    };
    ledger.batches.push(batch);
    checkpoint = next;
  }
  ledger.committedBatch = ledger.batches.length;
  ledger.nextQueueIndex = checkpoint.queueHead;
  return ledger;
}

/** The blob of `versionedHash` in the node's bundle of block `blockHash` (the devnet node keeps what blob transactions carried). */
async function bundledBlob(rpc: string, blockHash: string, versionedHash: string | undefined): Promise<BatchBlob> {
  const bundle = (await jsonRpcCall(rpc, 'devnet_getBlobsBundle', [blockHash], { ...RPC, maxBytes: 1 << 26 })) as { blobs: string[]; commitments: string[] } | null;
  for (const [i, c] of (bundle?.commitments ?? []).entries()) {
    const commitment = hexToBytes(c, 48, 'commitment');
    const hash = kzgToVersionedHash(commitment);
    if (bytesToHex(hash) === versionedHash?.toLowerCase()) return { blob: hexToBytes(bundle!.blobs[i]!, 131_072, 'blob'), commitment, versionedHash: hash };
  }
  throw new Error(`rollup: the node keeps no blob ${versionedHash} in block ${blockHash}`);
}
