/**
 * What one verified head gives `vigil exit` for a rollup's exit plan: the rollup's sources at that
 * head (L1 storage and code proven there, receipts proven through their blocks, the L2 RPC and the
 * rollup's indexer as hints), the wallet's signing path at that head (the signing policy over
 * proven state, as `vigil wallet send`), and the vault's keys. The exit-plan runner
 * (src/client/exits/plan-runner.ts) is handed these as its deps.
 * @module
 */
import { ChainExecutionService } from '../../client/verified/chain-execution.ts';
import type { SignedExitTx } from '../../client/exits/needs.ts';
import type { ExitPlanRunnerDeps } from '../../client/exits/plan-runner.ts';
import { type FollowedRollup, type L1HeadRef, l1HeadRef } from '../../client/rollups/follower.ts';
import { headToJson } from '../../l1/heads.ts';
import { rollupSources } from '../../client/rollups/sources.ts';
import { findNonceUse, nonceSearchFrom, verifiedNonceReader } from '../../client/verified/nonce-use.ts';
import type { VerifiedChain } from '../../client/verified/chain.ts';
import { tieChainOf } from '../../client/blobs/tie.ts';
import type { BlobRebuildSources } from '../../client/exits/escape-proof.ts';
import { threadKzg } from '../../client/blobs/thread-kzg.ts';
import { beaconBlobSources } from '../../client/blobs/checker.ts';
import { getVerifiedAccountAt } from '../../client/verified/reads.ts';
import { prepareTransaction, type WalletChain } from '../../client/wallet/transactions.ts';
import { bigIntToHex, bytesToHex, hexToBytes } from '../../core/bytes.ts';
import { InputError, type VigilError } from '../../core/errors.ts';
import { ExecutionEngine } from '../../execution/engine.ts';
import type { ExitL2TxRequest, ExitReceiptFacts } from '../../l2/exit-plan.ts';
import type { JsonRpcTransport } from '../../rpc/http.ts';
import { refusalError } from '../../wallet/policy.ts';
import { parseTransactionRequest } from '../../wallet/transaction-request.ts';
import type { VaultRecord } from '../../wallet/vault.ts';
import { verifyProofCheck } from '../../client/verified/proof-checks.ts';
import { readPinnedView } from '../../execution/verifier-contract.ts';
import { errorLine } from '../io.ts';
import type { HeadSession } from '../verified-head.ts';
import { verifiedChain } from './receipt.ts';
import { signWithVault, walletChain } from './wallet-send.ts';
import { localCalls } from '../../client/verified/execution.ts';

/**
 * How the L2 RPC and the rollup's indexer are asked: live over HTTP, through a recorder, or from
 * a recording. An indexer GET goes through the same transport as method `GET` with the URL as
 * its one param, so that it is recorded and replayed with the L2 calls.
 */
export interface L2Access {
  /** The L2 RPC's URL (a recording's name offline); undefined when none is known. */
  url: string | undefined;
  transport: Pick<JsonRpcTransport, 'call'>;
}

/** How hints are asked: within 15 s, at most 1 MiB (as the follower asks the L2 RPC). */
const HINT_OPTIONS = { timeoutMs: 15_000, maxBytes: 1 << 20 };

/** The verified L1 head as the follower and the runner name it. */
export function headRef(session: HeadSession): L1HeadRef {
  return l1HeadRef(headToJson(session.head));
}

/** One head's sources: the rollup's (for the follower and the runner), its verified chain, and the signing path's. */
export interface Round {
  session: HeadSession;
  ref: L1HeadRef;
  sources: ReturnType<typeof rollupSources>;
  chain: VerifiedChain;
  execution: ChainExecutionService;
  wallet: WalletChain;
  /** Where an escape rebuilt from L1 reads batches committed in blobs: the commit's blobs tied through the verified chain, the beacon APIs' columns. */
  blobs: BlobRebuildSources;
}

export function openRound(session: HeadSession, l2: L2Access): Round {
  const onRejected = (err: VigilError, endpoint: string) => session.warn(`rejected the answer of ${endpoint}: ${errorLine(err)}`);
  const chain = verifiedChain(session);
  const execution = new ChainExecutionService({ config: session.config, rpc: session.rpc, calls: localCalls(new ExecutionEngine()), anchors: session.anchors, onRejected });
  const ref = headRef(session);
  const sources = rollupSources({
    rpc: session.rpc,
    chain,
    headOf: (at) => {
      if (at.blockHash !== ref.blockHash) throw new InputError('the head to prove at is not the verified head of this round');
      return session.head;
    },
    l2Rpc: l2.url,
    l2Transport: l2.transport,
    verifyProof: verifyProofCheck,
    runView: readPinnedView,
    onRejected,
  });
  const blobs = beaconBlobSources({ chain: tieChainOf(chain), config: session.config, beaconApis: session.beaconApis, kzg: threadKzg, onRejected: (err, url) => onRejected(err, url) });
  return { session, ref, sources, chain, execution, wallet: walletChain(session, execution, onRejected), blobs };
}

export interface SignerParams {
  owner: string;
  vault: VaultRecord;
  /** The vault's file: wrong passwords are counted beside it. */
  vaultPath?: string;
  password: string;
  /** The rollup's L2 chain id: the only chain an L2 transaction of the exit may be signed for. */
  l2ChainId: number;
  /** The exit's amount (wei): the most an L2 transaction of the exit may move. */
  amount(): bigint;
  /** The most an L1 step may cost in fees and value (wei, --max-fee): above it the policy refuses (FEE_ABOVE_CAP). */
  maxCost: bigint;
}

/**
 * The runner's deps at one head, but for `save` and `pending` (the state file's): proofs and
 * receipts at this head, hints, signatures by the vault under the signing policy, and the rollup
 * as the follower read it here.
 */
export function roundDeps(
  round: Round,
  l2: L2Access,
  followed: FollowedRollup,
  signer: SignerParams,
): Omit<ExitPlanRunnerDeps, 'save' | 'pending'> {
  const { session, ref } = round;
  return {
    readStorage: round.sources.readStorage,
    readCode: round.sources.readCode!,
    receipt: async (hash) => {
      // blockHash and each log's logIndex come with it: OP names its deposit's L2 transaction by them.
      // A block too far below this head to prove throws HEADER_TOO_FAR: the runner reads a receipt it
      // kept from an earlier run instead, once the finalized head passed its block.
      const r = (await round.chain.getTransactionReceipt(hexToBytes(hash, 32, 'hash'))) as { status: string; blockNumber: string; blockHash?: string; logs: ExitReceiptFacts['logs'] } | null;
      return r === null ? null : { status: r.status, blockNumber: r.blockNumber, ...(typeof r.blockHash === 'string' ? { blockHash: r.blockHash } : {}), logs: r.logs };
    },
    finalizedBlockNumber: () => session.finalizedBlockNumber,
    blockHashAt: async (blockNumber) => bytesToHex((await round.chain.headers.byNumber(blockNumber)).hash),
    nonceUse: (owner, nonce, at) => {
      const nonces = verifiedNonceReader(round.chain, async (address, block) => (await getVerifiedAccountAt({ rpc: session.rpc, block, address })).nonce);
      return findNonceUse(nonces, owner, nonce, nonceSearchFrom(at.blockNumber), at.blockNumber);
    },
    l2Call: round.sources.l2Call!,
    httpGet: (url) => l2.transport.call(l2.url ?? INDEXER, 'GET', [url], HINT_OPTIONS),
    baseFeePerGas: (at) => (at.blockHash === ref.blockHash ? session.head.execution.baseFeePerGas : undefined),
    followed: async (at) => {
      if (at.blockHash !== followed.at.blockHash || followed.proven === undefined) return undefined;
      return { accepted: followed.accepted, proven: followed.proven, ...(followed.hints !== undefined ? { hints: followed.hints } : {}) };
    },
    sign: async (tx) => {
      if (tx.from !== signer.owner) throw new InputError(`the exit asked for a transaction from ${tx.from}, not from its owner ${signer.owner}`);
      const r = tx.replaces;
      const request = parseTransactionRequest({ from: tx.from, to: tx.to, value: bigIntToHex(tx.value), data: tx.data, ...(r ? { nonce: bigIntToHex(r.nonce) } : {}) });
      // Signed with no window: its fees bounded by the policy (2 × verified base fee + the verified
      // tip, at least a quarter of what the last verified blocks paid; at most --max-fee). A step in
      // no verified block for five blocks is signed again at its nonce, fees by the replacement rule.
      const prepared = await prepareTransaction(round.wallet, request, {
        origin: { kind: 'wallet' },
        pending: r ? [{ nonce: r.nonce, maxCost: r.maxCost }] : [],
        now: Math.floor(Date.now() / 1000),
        unattended: { maxCost: signer.maxCost },
        ...(r ? { replaces: { nonce: r.nonce, maxFeePerGas: r.maxFeePerGas, maxPriorityFeePerGas: r.maxPriorityFeePerGas } } : {}),
      });
      const { verdict } = prepared;
      if (!verdict.ok) throw refusalError(verdict.refusals, prepared.facts.proofError);
      for (const w of verdict.warnings) session.warn(`warning ${w.code}: ${w.message}`);
      const signed = await signWithVault(signer.vault, signer.password, signer.owner, prepared.tx, signer.vaultPath);
      return { hash: signed.hash, raw: signed.raw };
    },
    signL2: (from, tx) => signL2(signer, from, tx),
    broadcast: async (raw) => {
      await round.execution.sendRawTransaction(raw);
    },
  };
}

/** A name for the indexer's GETs when no L2 RPC is known (a transport needs a URL; a GET's is its param). */
const INDEXER = 'indexer:';

/**
 * An L2 transaction of the exit, signed with the owner's key (never broadcast: the plan sends its
 * bytes through L1). Only what the exit may move: from the owner, on this rollup, at most its amount.
 */
async function signL2(signer: SignerParams, from: string, tx: ExitL2TxRequest): Promise<SignedExitTx> {
  if (from !== signer.owner || tx.chainId !== signer.l2ChainId || tx.value > signer.amount()) {
    throw new InputError(`the exit asked for an L2 transaction outside the exit (from ${from}, chain ${tx.chainId}, value ${tx.value})`);
  }
  const request = parseTransactionRequest({ from, to: tx.to, data: tx.data, value: bigIntToHex(tx.value) });
  const signed = await signWithVault(signer.vault, signer.password, signer.owner, {
    type: 2,
    chainId: BigInt(tx.chainId),
    nonce: tx.nonce,
    gasLimit: tx.gasLimit,
    maxFeePerGas: tx.maxFeePerGas,
    maxPriorityFeePerGas: tx.maxPriorityFeePerGas,
    to: request.to,
    value: request.value,
    data: request.data,
    accessList: [],
  }, signer.vaultPath);
  return { hash: signed.hash, raw: signed.raw };
}
