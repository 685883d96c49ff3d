/**
 * An OP Stack chain (OP Mainnet's fault games or Base's AggregateVerifier games) that moves as a
 * forced exit goes through it, from rollup-world.ts's opStackParts (the exit's owner holding the
 * L2 funds). Each step the script takes mines the transaction the CLI broadcast with what the
 * OptimismPortal would log and store (OptimismPortal2 5.6.1 at op-contracts v7.0.0), and moves L2
 * and the games as a sequencer and proposers would:
 *
 * - includeForce: depositTransaction mined (TransactionDeposited); the L2 runs the deposit
 *   (initiateWithdrawal: the owner's balance into sentMessages, msgNonce + 1, a MessagePassed in
 *   its L2 receipt) in a block past the in-progress game's, its transactions and receipts served;
 *   a proposer's new game, in the next L1 block, claims the output root of a block 100 later whose
 *   EIP-2935 history holds the deposit's block hash;
 * - includeProve: proveWithdrawalTransaction mined (WithdrawalProven, provenWithdrawals[hash][owner]);
 * - passChallenge: the clock past the plan's `until`; the game resolved for its defender long
 *   enough ago for the finality delay;
 * - includeFinalize: finalizeWithdrawalTransaction mined (WithdrawalFinalized(hash, true),
 *   finalizedWithdrawals[hash]); the owner paid on L1.
 */
import { bigIntToBytesPadded, bytesToHex, concatBytes, hexToBigInt, hexToBytes } from '../../src/core/bytes.ts';
import { decodeAbi, encodeAbi, eventTopic, functionSelector } from '../../src/execution/abi.ts';
import type { OpStackConfig } from '../../src/l2/op-stack/config.ts';
import { depositL2TransactionHash, depositSourceHash, L2_TO_L1_MESSAGE_PASSER, PORTAL_SLOTS, sentMessagesKey, WITHDRAWAL_MIN_GAS_LIMIT, withdrawalHash } from '../../src/l2/op-stack/bridge.ts';
import { HISTORY_STORAGE_ADDRESS } from '../../src/execution/next-block/system-contracts.ts';
import { historyKey } from '../../src/l2/op-stack/l2-receipt.ts';
import { opL2Block } from './exit-op-l2-block.ts';
import { arrayElementKey, mappingKey, storageKey } from '../../src/l2/slots.ts';
import { DEFENDER_WINS, type GameSpec, IN_PROGRESS, l2TimeOf, opL2Header, opStackParts, outputRootOf, placeGame, tag } from './rollup-world.ts';
import { buildWorld, L1_HEAD_TIME } from './rpc-world.ts';
import { type SentTx, ScriptedL1, ScriptedL2 } from './scripted-chain.ts';

const topic = (signature: string) => hexToBytes(eventTopic(signature));
const TRANSACTION_DEPOSITED = topic('TransactionDeposited(address,address,uint256,bytes)');
const MESSAGE_PASSED = topic('MessagePassed(uint256,address,address,uint256,uint256,bytes,bytes32)');
const WITHDRAWAL_PROVEN = topic('WithdrawalProven(bytes32,address,address)');
const WITHDRAWAL_FINALIZED = topic('WithdrawalFinalized(bytes32,bool)');
/** The L2 block the forced deposit runs in: past the in-progress game's (142 600 000). */
export const DEPOSIT_L2_BLOCK = 142_601_800n;
/** The proposer's next game claims the block this many L2 blocks after the deposit's. */
export const GAME_AFTER = 100n;

const pad = (address: string) => bigIntToBytesPadded(BigInt(address), 32);
const word = (hex: string) => hexToBytes(hex, 32);

export class OpExitWorld {
  /** The withdrawal the deposit made, once the L2 ran it. */
  withdrawal?: { hash: string; nonce: bigint; amount: bigint };
  /** A later withdrawal of the same owner and amount (includeForce's `substitute`). */
  substitute?: { hash: string; nonce: bigint };
  /** The game the proposer posted over the deposit's L2 block. */
  game?: GameSpec;
  /** The game the withdrawal was proven against (the last prove mined). */
  provenGame?: GameSpec;
  /** The game type the registry respects (the proposer posts games of it). */
  respected: number;
  private gameIndex = 0n;

  private constructor(
    readonly name: string,
    readonly config: OpStackConfig,
    readonly owner: string,
    readonly l1: ScriptedL1,
    readonly l2: ScriptedL2,
    private readonly parts: Awaited<ReturnType<typeof opStackParts>>,
    respected: number,
  ) {
    this.respected = respected;
  }

  /** `respected`: the registry respects this type at first (OP Sepolia before its move to super-root games). */
  static async create(name: string, owner: string, o: { respected?: number } = {}): Promise<OpExitWorld> {
    const parts = await opStackParts(name, owner, undefined, o);
    parts.l1.account(owner, { balance: 10n ** 19n, nonce: 12n });
    const l1 = await ScriptedL1.create(parts.l1, parts.chain);
    const l2 = new ScriptedL2().add(parts.l2.headers[0]!, parts.l2.state);
    const world = new OpExitWorld(name, parts.config, owner, l1, l2, parts, o.respected ?? parts.config.respectedGameType);
    world.gameIndex = BigInt(parts.games.length);
    return world;
  }

  get portal(): string {
    return this.config.optimismPortal.address;
  }

  private sent(selector: string): SentTx {
    const tx = this.l1.onlyPending();
    if (tx.to !== this.portal.toLowerCase() || tx.data.slice(0, 10) !== functionSelector(selector)) throw new Error(`expected ${selector} to the portal, got ${tx.data.slice(0, 10)} to ${tx.to}`);
    return tx;
  }

  /**
   * The force transaction mined; the L2 runs its deposit in block DEPOSIT_L2_BLOCK (after the L1
   * attributes deposit; the withdrawal's MessagePassed in its receipt); a proposer's new game, in
   * the next L1 block, claims the output root of a block GAME_AFTER blocks later, whose block-hash
   * history (EIP-2935) holds the deposit's block. With `substitute`, the owner also made a later
   * withdrawal of the same amount (the next nonce), finalized on L1 since, and the L2 RPC's receipt
   * of the deposit names that one.
   */
  async includeForce(o: { substitute?: boolean } = {}): Promise<void> {
    const tx = this.sent('depositTransaction(address,uint256,uint64,bool,bytes)');
    const [to, value, gasLimit, isCreation, data] = decodeAbi(['address', 'uint256', 'uint64', 'bool', 'bytes'], hexToBytes(tx.data).subarray(4)) as [string, bigint, bigint, boolean, string];
    if (to !== L2_TO_L1_MESSAGE_PASSER) throw new Error(`the deposit goes to ${to}, not the message passer`);
    // The portal logs the deposit's opaque data: mint ‖ value ‖ gas ‖ isCreation ‖ data.
    const opaque = concatBytes(bigIntToBytesPadded(0n, 32), bigIntToBytesPadded(value, 32), bigIntToBytesPadded(gasLimit, 8), Uint8Array.of(isCreation ? 1 : 0), hexToBytes(data));
    const log = { address: hexToBytes(this.portal), topics: [TRANSACTION_DEPOSITED, pad(this.owner), pad(L2_TO_L1_MESSAGE_PASSER), new Uint8Array(32)], data: encodeAbi(['bytes'], [bytesToHex(opaque)]) };
    const block = await this.l1.mine({ txs: () => [{ tx, logs: [log] }] });
    const l2Hash = depositL2TransactionHash({ topics: log.topics.map(bytesToHex), data: bytesToHex(log.data) }, bytesToHex(block.hash), 0n);

    // On L2: initiateWithdrawal(owner, 100000, 0x) with `value` of the owner's balance.
    const accounts = this.parts.l2.accounts;
    const msgNonce = accounts.accounts[L2_TO_L1_MESSAGE_PASSER]!.storage![storageKey({ slot: 1n })]!;
    const nonce = (1n << 240n) | msgNonce;
    const withdrawal = (n: bigint) => withdrawalHash({ nonce: n, sender: this.owner, target: this.owner, value, gasLimit: WITHDRAWAL_MIN_GAS_LIMIT, data: '0x' });
    const hash = withdrawal(nonce);
    const owner = accounts.accounts[this.owner]!;
    const depositNonce = owner.nonce ?? 0n;
    owner.balance! -= value;
    owner.nonce = depositNonce + 1n;
    accounts.slot(L2_TO_L1_MESSAGE_PASSER, sentMessagesKey(hash), 1n).slot(L2_TO_L1_MESSAGE_PASSER, storageKey({ slot: 1n }), msgNonce + 1n);
    if (o.substitute) {
      const later = (1n << 240n) | (msgNonce + 1n);
      // (Paid from funds that came in since: the balance is left as the exit left it.)
      this.substitute = { hash: withdrawal(later), nonce: later };
      accounts.slot(L2_TO_L1_MESSAGE_PASSER, sentMessagesKey(this.substitute.hash), 1n).slot(L2_TO_L1_MESSAGE_PASSER, storageKey({ slot: 1n }), msgNonce + 2n);
    }
    const state = await buildWorld(accounts.accounts);
    const messagePassed = (n: bigint, h: string) => ({ address: hexToBytes(L2_TO_L1_MESSAGE_PASSER), topics: [MESSAGE_PASSED, bigIntToBytesPadded(n, 32), pad(this.owner), pad(this.owner)], data: encodeAbi(['uint256', 'uint256', 'bytes', 'bytes32'], [value, WITHDRAWAL_MIN_GAS_LIMIT, '0x', h]) });
    const built = opL2Block(await opL2Header(DEPOSIT_L2_BLOCK, state, { timestamp: l2TimeOf(this.config, DEPOSIT_L2_BLOCK) ?? this.l1.head.header.timestamp + 40n }), [
      { deposit: { sourceHash: tag(`L1 attributes of L2 block ${DEPOSIT_L2_BLOCK}`), from: '0xdeaddeaddeaddeaddeaddeaddeaddeaddead0001', to: '0x4200000000000000000000000000000000000015', mint: 0n, value: 0n, gas: 1_000_000n, isSystemTx: false, input: hexToBytes('0x098999be' + '00'.repeat(160)) }, status: true, gasUsed: 45_000n, logs: [], depositNonce: 1_000_000n },
      { deposit: { sourceHash: depositSourceHash(bytesToHex(block.hash), 0n), from: this.owner, to: L2_TO_L1_MESSAGE_PASSER, mint: 0n, value, gas: gasLimit, isSystemTx: false, input: hexToBytes(data) }, status: true, gasUsed: 90_000n, logs: [messagePassed(nonce, hash)], depositNonce },
    ]);
    if (built.txHashes[1] !== l2Hash) throw new Error('the deposit the L2 block holds is not the one the portal logged');
    this.l2.add(built.header, state);
    this.l2.bodies.set(DEPOSIT_L2_BLOCK, { json: built.json, receipts: built.receipts });
    this.withdrawal = { hash, nonce, amount: value };

    // GAME_AFTER blocks later: the block-hash history holds the deposit's block.
    accounts.code(HISTORY_STORAGE_ADDRESS, hexToBytes('0x3373fffffffffffffffffffffffffffffffffffffffe14')).slot(HISTORY_STORAGE_ADDRESS, historyKey(DEPOSIT_L2_BLOCK), BigInt(built.hash));
    const gameState = await buildWorld(accounts.accounts);
    const gameHeader = await opL2Header(DEPOSIT_L2_BLOCK + GAME_AFTER, gameState, { timestamp: l2TimeOf(this.config, DEPOSIT_L2_BLOCK + GAME_AFTER) ?? this.l1.head.header.timestamp + 240n });
    this.l2.add(gameHeader, gameState);
    this.gameHeader = gameHeader;

    // The L2 RPC's receipt of the deposit: its own withdrawal, or (a lie) the later one.
    const named = this.substitute ?? { hash, nonce };
    this.l2.receipts.set(l2Hash, {
      transactionHash: l2Hash,
      status: '0x1',
      blockNumber: '0x' + DEPOSIT_L2_BLOCK.toString(16),
      logs: [{ address: L2_TO_L1_MESSAGE_PASSER, topics: [MESSAGE_PASSED, bigIntToBytesPadded(named.nonce, 32), pad(this.owner), pad(this.owner)].map(bytesToHex), data: bytesToHex(messagePassed(named.nonce, named.hash).data) }],
    });

    // L1: a proposer's game over that block (and the later withdrawal finalized by its owner).
    await this.l1.mine({
      change: (spec, at) => {
        this.game = { proxy: '0x' + '63'.repeat(20), rootClaim: outputRootOf(gameHeader), l2BlockNumber: DEPOSIT_L2_BLOCK + GAME_AFTER, gameType: this.respected, createdAt: at.timestamp - 30n, resolvedAt: 0n, status: IN_PROGRESS };
        this.postGame(spec, this.game);
        if (this.substitute) spec.slot(this.portal, mappingKey(PORTAL_SLOTS.finalizedWithdrawals, hexToBigInt(this.substitute.hash)), 1n);
      },
    });
  }

  /** A proposer's game appended to the factory's list. */
  private postGame(spec: ScriptedL1['spec'], g: GameSpec): void {
    const c = this.config;
    const f = c.disputeGameFactory;
    const i = this.gameIndex++;
    spec.slot(f.address, storageKey({ slot: f.disputeGameListSlot }), i + 1n);
    spec.slot(f.address, arrayElementKey(f.disputeGameListSlot, i), (BigInt(g.gameType ?? this.respected) << 224n) | (g.createdAt << 160n) | BigInt(g.proxy));
    placeGame(c, spec, { ...g, gameType: g.gameType ?? this.respected });
  }

  /** The L2 header the proposer's game over the deposit claims. */
  private gameHeader?: Awaited<ReturnType<typeof opL2Header>>;

  /**
   * The registry switches its respected game type (as the upgrade to super-root games does), with
   * or without retiring the games created before (`retire`: retirementTimestamp set to now); with
   * `repost`, the proposer then posts a game of the new type over the same L2 block.
   */
  async switchRespected(type: number, o: { retire?: boolean; repost?: boolean } = {}): Promise<void> {
    const asr = this.config.anchorStateRegistry;
    await this.l1.mine({
      change: (spec, at) => {
        this.respected = type;
        // (opStackParts retired the games before L1_HEAD_TIME − 400 days.)
        const retired = o.retire ? at.timestamp - 1n : L1_HEAD_TIME - 400n * 86_400n;
        spec.slot(asr.address, storageKey({ slot: asr.respectedGameTypeSlot }), (BigInt(type) << BigInt(asr.respectedGameTypeOffset * 8)) | (retired << BigInt(asr.retirementTimestampOffset * 8)));
      },
    });
    if (o.repost) {
      await this.l1.mine({
        change: (spec, at) => {
          // Created after the retirement time (a game created at or before it is retired).
          this.game = { proxy: '0x' + '64'.repeat(20), rootClaim: outputRootOf(this.gameHeader!), l2BlockNumber: DEPOSIT_L2_BLOCK + GAME_AFTER, gameType: type, createdAt: at.timestamp, resolvedAt: 0n, status: IN_PROGRESS };
          this.postGame(spec, this.game);
        },
      });
    }
  }

  /** The prove transaction mined: WithdrawalProven and the portal's provenWithdrawals[hash][owner] (the game, the time). */
  async includeProve(): Promise<void> {
    const tx = this.sent('proveWithdrawalTransaction((uint256,address,address,uint256,uint256,bytes),uint256,(bytes32,bytes32,bytes32,bytes32),bytes[])');
    this.provenGame = this.game;
    const { hash } = this.withdrawal!;
    const log = { address: hexToBytes(this.portal), topics: [WITHDRAWAL_PROVEN, word(hash), pad(this.owner), pad(this.owner)], data: new Uint8Array(0) };
    await this.l1.mine({
      txs: () => [{ tx, logs: [log] }],
      change: (spec, at) => spec.slot(this.portal, mappingKey(mappingKey(PORTAL_SLOTS.provenWithdrawals, hexToBigInt(hash)), BigInt(this.owner)), BigInt(this.provenGame!.proxy) | (at.timestamp << 160n)),
    });
  }

  /** The clock moved past `until`; the game resolved for its defender, the finality delay behind it. */
  async passChallenge(until: number): Promise<void> {
    const seconds = BigInt(until) - this.l1.head.header.timestamp + 60n;
    await this.l1.mine({
      blocks: 3n,
      seconds,
      change: (spec, at) => {
        // The game the withdrawal was proven against resolves (and the newest, when another).
        const resolved = (g: GameSpec) => ({ ...g, status: DEFENDER_WINS, resolvedAt: at.timestamp - BigInt(this.config.delays.disputeGameFinalityDelaySeconds) - 60n });
        if (this.provenGame !== undefined && this.provenGame.proxy !== this.game!.proxy) {
          this.provenGame = resolved(this.provenGame);
          placeGame(this.config, spec, this.provenGame);
        }
        this.game = resolved(this.game!);
        if (this.provenGame?.proxy === this.game.proxy) this.provenGame = this.game;
        placeGame(this.config, spec, this.game);
      },
    });
  }

  /** The finalize transaction mined: WithdrawalFinalized(hash, true), finalizedWithdrawals[hash], the owner paid. */
  async includeFinalize(): Promise<void> {
    const tx = this.sent('finalizeWithdrawalTransaction((uint256,address,address,uint256,uint256,bytes))');
    const { hash, amount } = this.withdrawal!;
    const log = { address: hexToBytes(this.portal), topics: [WITHDRAWAL_FINALIZED, word(hash)], data: encodeAbi(['bool'], [true]) };
    await this.l1.mine({
      txs: () => [{ tx, logs: [log] }],
      change: (spec) => {
        spec.slot(this.portal, mappingKey(PORTAL_SLOTS.finalizedWithdrawals, hexToBigInt(hash)), 1n);
        spec.accounts[this.owner]!.balance! += amount;
      },
    });
  }
}
