/**
 * The devnet OP chain's proposer: it posts L2 output roots to the DisputeGameFactory as
 * permissioned games (op-proposer's job), and, as the chain's clock passes, settles them as anyone
 * may: resolves each game whose clock ran out unanswered (the proposer's claim stands:
 * DEFENDER_WINS) and moves the AnchorStateRegistry's anchor to the newest game past the finality
 * delay (what FaultDisputeGame.closeGame does on mainnet). Its fault `wrong-root` posts a root the
 * chain does not have (the root given, hashed again): what Vigil must catch by holding the
 * sequencer's signed block against it.
 * @module
 */
import { encodeFunctionData, keccak256, type Abi, type Hex } from 'viem';
import { hexToBigInt } from '../../core/bytes.ts';
import { jsonRpcCall } from '../../rpc/http.ts';
import { mined } from '../contracts/deploy.ts';
import { OP_ARTIFACTS as A } from './artifacts.generated.ts';
import { type OpL1Deployment, signAsRole, signedGameCreation } from './deploy-l1.ts';
import { opRoleKey } from './roles.ts';

export type OpProposerFault = 'none' | 'wrong-root';
export const OP_PROPOSER_FAULTS: readonly OpProposerFault[] = ['none', 'wrong-root'];

/** A game the proposer created, and how far it got. */
export interface ProposedGame {
  proxy: Hex;
  l2BlockNumber: bigint;
  /** What the game claims (under `wrong-root`, not the root it was given). */
  rootClaim: Hex;
  createdAt: bigint;
  resolvedAt: bigint | null;
  anchored: boolean;
}

/** keccak256("DisputeGameCreated(address,uint32,bytes32)"). */
const DISPUTE_GAME_CREATED = keccak256(new TextEncoder().encode('DisputeGameCreated(address,uint32,bytes32)'));
const RPC = { timeoutMs: 15_000, maxBytes: 1 << 20 };

export class OpProposer {
  readonly games: ProposedGame[] = [];
  private fault: OpProposerFault = 'none';
  private readonly key = opRoleKey('proposer');

  constructor(
    private readonly rpc: string,
    private readonly l1ChainId: number,
    private readonly op: OpL1Deployment,
    private readonly timeoutMs = 60_000,
  ) {}

  setFault(fault: OpProposerFault): void {
    if (!OP_PROPOSER_FAULTS.includes(fault)) throw new Error(`unknown proposer fault ${String(fault)}`);
    this.fault = fault;
  }

  /** Posts `outputRoot` for L2 block `l2BlockNumber`; resolves once the game exists. */
  async propose(l2BlockNumber: bigint, outputRoot: Hex): Promise<ProposedGame> {
    const rootClaim = this.fault === 'wrong-root' ? keccak256(outputRoot) : outputRoot;
    const created = await signedGameCreation({ l1ChainId: this.l1ChainId, nonce: await this.nonce(), factory: this.op.disputeGameFactory, rootClaim, l2BlockNumber });
    const [receipt] = await mined(this.rpc, [created], this.timeoutMs, 'batch');
    if (receipt!.status !== 1) throw new Error(`OP proposer: creating the game for L2 block ${l2BlockNumber} failed (${receipt!.transactionHash})`);
    const full = (await jsonRpcCall(this.rpc, 'eth_getTransactionReceipt', [receipt!.transactionHash], RPC)) as { logs: { address: string; topics: Hex[] }[] };
    const log = full.logs.find((l) => l.address.toLowerCase() === this.op.disputeGameFactory && l.topics[0] === DISPUTE_GAME_CREATED);
    if (log === undefined) throw new Error(`OP proposer: no DisputeGameCreated in ${receipt!.transactionHash}`);
    const proxy = `0x${log.topics[1]!.slice(26)}` as Hex;
    const game: ProposedGame = { proxy, l2BlockNumber, rootClaim, createdAt: await this.view(proxy, 'createdAt'), resolvedAt: null, anchored: false };
    this.games.push(game);
    return game;
  }

  /**
   * At L1 time `now` (seconds; the head the next transaction lands after): resolves every game whose
   * clock has run out, then anchors the newest resolved game past the finality delay, if newer than
   * the anchor. Returns what it changed.
   */
  async settle(now: bigint): Promise<{ resolved: ProposedGame[]; anchored: ProposedGame | null }> {
    const G = A.PermissionedDisputeGame.abi as Abi;
    const due = this.games.filter((g) => g.resolvedAt === null && now > g.createdAt + BigInt(this.op.timing.maxClockDuration));
    const txs = due.flatMap((g) => [
      { to: g.proxy, data: encodeFunctionData({ abi: G, functionName: 'resolveClaim', args: [0n, 0n] }) },
      { to: g.proxy, data: encodeFunctionData({ abi: G, functionName: 'resolve' }) },
    ]);
    if (txs.length > 0) await this.send(txs, 'resolving');
    for (const g of due) g.resolvedAt = await this.view(g.proxy, 'resolvedAt');
    const final = this.games.filter((g) => g.resolvedAt !== null && !g.anchored && now > g.resolvedAt + BigInt(this.op.timing.disputeGameFinalityDelaySeconds));
    const newest = final.reduce<ProposedGame | null>((a, g) => (a === null || g.l2BlockNumber > a.l2BlockNumber ? g : a), null);
    const anchoredBlock = this.games.filter((g) => g.anchored).reduce((n, g) => (g.l2BlockNumber > n ? g.l2BlockNumber : n), -1n);
    if (newest === null || newest.l2BlockNumber <= anchoredBlock) return { resolved: due, anchored: null };
    await this.send([{ to: this.op.anchorStateRegistry, data: encodeFunctionData({ abi: A.AnchorStateRegistry.abi as Abi, functionName: 'setAnchorState', args: [newest.proxy] }) }], 'anchoring');
    for (const g of this.games) g.anchored ||= g.l2BlockNumber <= newest.l2BlockNumber && g.resolvedAt !== null;
    return { resolved: due, anchored: newest };
  }

  private async nonce(): Promise<bigint> {
    return hexToBigInt((await jsonRpcCall(this.rpc, 'eth_getTransactionCount', [this.key.address, 'pending'], RPC)) as string, 'nonce');
  }

  private async view(game: Hex, name: 'createdAt' | 'resolvedAt'): Promise<bigint> {
    const data = encodeFunctionData({ abi: A.PermissionedDisputeGame.abi as Abi, functionName: name });
    return hexToBigInt((await jsonRpcCall(this.rpc, 'eth_call', [{ to: game, data }, 'latest'], RPC)) as string, name);
  }

  /** The proposer's transactions, signed and mined in order; each must succeed. */
  private async send(txs: readonly { to: Hex; data: Hex }[], what: string): Promise<void> {
    const receipts = await mined(this.rpc, await signAsRole(this.key, this.l1ChainId, await this.nonce(), txs), this.timeoutMs, 'batch');
    const failed = receipts.findIndex((r) => r.status !== 1);
    if (failed >= 0) throw new Error(`OP proposer: ${what}: transaction ${receipts[failed]!.transactionHash} failed`);
  }
}
