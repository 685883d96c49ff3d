/**
 * Mantle (its shipped config: the OP Succinct oracle and the MNT portal) moving as a forced exit
 * goes through it, from rollup-world.ts's opSuccinctParts (the exit's owner holding the L2 MNT).
 * Each step the script takes mines the transaction the CLI broadcast with what Mantle's
 * OptimismPortal 1.7.0 would log and store (mantlenetworkio/mantle-v2 feb2a588c), and moves L2 and
 * the oracle as a sequencer and the proposer would:
 *
 * - age: the clock 13 h on, so the newest output's finalization period (12 h) has passed;
 * - includeForce: depositTransaction mined (TransactionDeposited, version 1); the L2 runs the
 *   deposit (initiateWithdrawal: the owner's MNT into sentMessages, msgNonce + 1, Mantle's
 *   MessagePassed in its L2 receipt) in a block past the newest output's; the proposer posts an
 *   output over that block (optimistically: its proposal carries no proof);
 * - includeProve: proveWithdrawalTransaction mined (WithdrawalProven, provenWithdrawals[hash]);
 * - deleteOutputs / postOutput: the challenger deletes outputs from an index, the proposer posts again;
 * - passPeriod: the clock past the plan's `until`;
 * - includeFinalize: finalizeWithdrawalTransaction mined (WithdrawalFinalized(hash, true), finalizedWithdrawals[hash]).
 */
import { bigIntToBytesPadded, bytesToBigInt, bytesToHex, concatBytes, hexToBigInt, hexToBytes } from '../../src/core/bytes.ts';
import { decodeAbi, encodeAbi, eventTopic, functionSelector } from '../../src/execution/abi.ts';
import type { BlockHeader } from '../../src/execution/header.ts';
import { sentMessagesKey } from '../../src/l2/op-stack/bridge.ts';
import type { OpSuccinctConfig } from '../../src/l2/op-succinct/config.ts';
import { MANTLE_PORTAL_SLOTS, mantleDepositL2Hash, mantleExitWithdrawal, mantleWithdrawalHash } from '../../src/l2/op-succinct/mantle-portal.ts';
import { arrayElementKey, EIP1967_IMPLEMENTATION_SLOT, mappingKey, storageKey } from '../../src/l2/slots.ts';
import { MESSAGE_PASSER, opL2Header, opSuccinctParts, OUTPUT_PROPOSED, outputRootOf, tag } from './rollup-world.ts';
import { buildWorld } from './rpc-world.ts';
import { type BlockAt, type SentTx, ScriptedL1, ScriptedL2 } from './scripted-chain.ts';

const topic = (signature: string) => hexToBytes(eventTopic(signature));
const TRANSACTION_DEPOSITED = topic('TransactionDeposited(address,address,uint256,bytes)');
const MESSAGE_PASSED = topic('MessagePassed(uint256,address,address,uint256,uint256,uint256,bytes,bytes32)');
const WITHDRAWAL_PROVEN = topic('WithdrawalProven(bytes32,address,address)');
const WITHDRAWAL_FINALIZED = topic('WithdrawalFinalized(bytes32,bool)');
/** The portal's implementation, its code holding the oracle as an immutable (PUSH32 of the padded address). */
export const PORTAL_IMPL = '0x' + 'a7'.repeat(20);
/** The L2 block the forced deposit runs in: past the newest output's (90 000 000). */
export const DEPOSIT_L2_BLOCK = 90_000_100n;

const pad = (address: string) => bigIntToBytesPadded(BigInt(address), 32);
const word = (x: bigint) => bigIntToBytesPadded(x, 32);

export class MantleExitWorld {
  /** The withdrawal the deposit made, once the L2 ran it. */
  withdrawal?: { hash: string; nonce: bigint; amount: bigint };
  /** The oracle's outputs as the script keeps them (root, timestamp, L2 block). */
  readonly outputs: { root: bigint; timestamp: bigint; l2Block: bigint }[] = [];
  /** L2 headers and states by block. */
  private readonly headers = new Map<bigint, BlockHeader>();
  private readonly states = new Map<bigint, Awaited<ReturnType<typeof buildWorld>>>();
  private l2State(block: bigint) {
    return this.states.get(block)!;
  }

  private constructor(
    readonly config: OpSuccinctConfig,
    readonly owner: string,
    readonly l1: ScriptedL1,
    readonly l2: ScriptedL2,
    private readonly parts: Awaited<ReturnType<typeof opSuccinctParts>>,
  ) {}

  /** `implementation`: what the portal proxy points at (its code holds the oracle unless `foreign`). */
  static async create(owner: string, o: { foreignPortal?: boolean } = {}): Promise<MantleExitWorld> {
    const parts = await opSuccinctParts('mantle', owner);
    const c = parts.config;
    parts.l1.account(owner, { balance: 10n ** 19n, nonce: 12n });
    const immutable = concatBytes(Uint8Array.of(0x7f), pad(o.foreignPortal === true ? '0x' + '0d'.repeat(20) : c.oracle.address));
    parts.l1.code(PORTAL_IMPL, concatBytes(hexToBytes('0x608060405234801561001057600080fd5b50'), immutable, hexToBytes('0x905056fea2646970667358')));
    parts.l1.slot(c.portal!.address, EIP1967_IMPLEMENTATION_SLOT, BigInt(PORTAL_IMPL));
    const l1 = await ScriptedL1.create(parts.l1, parts.chain);
    const l2 = new ScriptedL2().add(parts.l2.headers[0]!, parts.l2.state);
    const world = new MantleExitWorld(c, owner, l1, l2, parts);
    // The outputs opSuccinctParts placed: read back from its spec.
    const oracle = c.oracle.address;
    const held = parts.l1.accounts[oracle]!.storage!;
    for (let i = 0n; i < held[storageKey({ slot: 3n })]!; i++) {
      const packed = held[arrayElementKey(3n, 2n * i + 1n)]!;
      world.outputs.push({ root: held[arrayElementKey(3n, 2n * i)]!, timestamp: packed & ((1n << 128n) - 1n), l2Block: packed >> 128n });
    }
    world.headers.set(parts.l2.headers[0]!.number, parts.l2.headers[0]!);
    return world;
  }

  get portal(): string {
    return this.config.portal!.address;
  }

  private sent(selector: string): SentTx {
    const tx = this.l1.onlyPending();
    if (tx.to !== this.portal.toLowerCase() || tx.data.slice(0, 10) !== functionSelector(selector)) throw new Error(`expected ${selector} to the portal, got ${tx.data.slice(0, 10)} to ${tx.to}`);
    return tx;
  }

  /** The clock 13 h on (a few blocks), past the newest output's 12 h period. */
  async age(): Promise<void> {
    await this.l1.mine({ blocks: 3n, seconds: 13n * 3600n });
  }

  /** The oracle's outputs written into the next head's storage. */
  private placeOutputs(spec: ScriptedL1['spec'], length = BigInt(this.outputs.length)): void {
    const oracle = this.config.oracle.address;
    spec.slot(oracle, storageKey({ slot: 3n }), length);
    this.outputs.forEach((o, i) => {
      spec.slot(oracle, arrayElementKey(3n, 2n * BigInt(i)), o.root);
      spec.slot(oracle, arrayElementKey(3n, 2n * BigInt(i) + 1n), o.timestamp | (o.l2Block << 128n));
    });
  }

  /** The proposer's optimistic proposal of an output over `header`, posted in the block at `at`: its OutputProposed log and calldata. */
  private propose(header: BlockHeader, at: BlockAt): { to: string; logs: { address: Uint8Array; topics: Uint8Array[]; data: Uint8Array }[]; data: string } {
    const root = outputRootOf(header);
    const index = BigInt(this.outputs.length);
    this.outputs.push({ root: bytesToBigInt(root), timestamp: at.timestamp, l2Block: header.number });
    const oracle = this.config.oracle.address;
    const data = bytesToHex(concatBytes(hexToBytes('0x9aaab648'), encodeAbi(['bytes32', 'uint256', 'bytes32', 'uint256'], [root, header.number, tag('checkpointed L1 block'), at.number - 1n])));
    return { to: oracle, logs: [{ address: hexToBytes(oracle), topics: [OUTPUT_PROPOSED, root, word(index), word(header.number)], data: word(at.timestamp) }], data };
  }

  /** The force transaction mined; the L2 runs its deposit; the proposer posts an output over the L2 block it ran in. */
  async includeForce(): Promise<void> {
    const tx = this.sent('depositTransaction(uint256,uint256,address,uint256,uint64,bool,bytes)');
    const [ethTxValue, mntValue, to, mntTxValue, gasLimit, isCreation, data] = decodeAbi(['uint256', 'uint256', 'address', 'uint256', 'uint64', 'bool', 'bytes'], hexToBytes(tx.data).subarray(4)) as [bigint, bigint, string, bigint, bigint, boolean, string];
    if (to !== MESSAGE_PASSER) throw new Error(`the deposit goes to ${to}, not the message passer`);
    // The portal logs mntValue ‖ mntTxValue ‖ msg.value ‖ ethTxValue ‖ gas ‖ isCreation ‖ data, version 1.
    const opaque = concatBytes(word(mntValue), word(mntTxValue), word(tx.value), word(ethTxValue), bigIntToBytesPadded(gasLimit, 8), Uint8Array.of(isCreation ? 1 : 0), hexToBytes(data));
    const log = { address: hexToBytes(this.portal), topics: [TRANSACTION_DEPOSITED, pad(this.owner), pad(MESSAGE_PASSER), word(1n)], data: encodeAbi(['bytes'], [bytesToHex(opaque)]) };

    // On L2: initiateWithdrawal(0, owner, 100000, 0x) with `mntTxValue` of the owner's MNT.
    const accounts = this.parts.l2.accounts;
    const msgNonce = accounts.accounts[MESSAGE_PASSER]!.storage![storageKey({ slot: 1n })]!;
    const nonce = (1n << 240n) | msgNonce;
    const w = mantleExitWithdrawal(this.owner, mntTxValue, nonce);
    const hash = mantleWithdrawalHash(w);
    accounts.accounts[this.owner]!.balance! -= mntTxValue;
    accounts.slot(MESSAGE_PASSER, sentMessagesKey(hash), 1n).slot(MESSAGE_PASSER, storageKey({ slot: 1n }), msgNonce + 1n);
    const state = await buildWorld(accounts.accounts);
    const header = await opL2Header(DEPOSIT_L2_BLOCK, state, { timestamp: this.l1.head.header.timestamp + 40n });
    this.l2.add(header, state);
    this.headers.set(DEPOSIT_L2_BLOCK, header);
    this.states.set(DEPOSIT_L2_BLOCK, state);
    this.withdrawal = { hash, nonce, amount: mntTxValue };

    const block = await this.l1.mine({
      txs: () => [{ tx, logs: [log] }],
      events: (at) => [this.propose(header, at)],
      change: (spec) => this.placeOutputs(spec),
    });
    const l2Hash = mantleDepositL2Hash({ topics: log.topics.map(bytesToHex), data: bytesToHex(log.data) }, bytesToHex(block.hash), 0n);
    this.l2.receipts.set(l2Hash, {
      transactionHash: l2Hash,
      status: '0x1',
      blockNumber: '0x' + DEPOSIT_L2_BLOCK.toString(16),
      logs: [
        {
          address: MESSAGE_PASSER,
          topics: [MESSAGE_PASSED, word(nonce), pad(this.owner), pad(this.owner)].map(bytesToHex),
          data: bytesToHex(encodeAbi(['uint256', 'uint256', 'uint256', 'bytes', 'bytes32'], [w.mntValue, 0n, w.gasLimit, '0x', hash])),
        },
      ],
    });
  }

  /** The prove transaction mined: WithdrawalProven and provenWithdrawals[hash] = (the output's root, the time, its index). */
  async includeProve(): Promise<void> {
    const tx = this.sent('proveWithdrawalTransaction((uint256,address,address,uint256,uint256,uint256,bytes),uint256,(bytes32,bytes32,bytes32,bytes32),bytes[])');
    const [, index] = decodeAbi(['(uint256,address,address,uint256,uint256,uint256,bytes)', 'uint256', '(bytes32,bytes32,bytes32,bytes32)', 'bytes[]'], hexToBytes(tx.data).subarray(4)) as [unknown, bigint];
    const { hash } = this.withdrawal!;
    const root = this.outputs[Number(index)]!.root;
    const log = { address: hexToBytes(this.portal), topics: [WITHDRAWAL_PROVEN, hexToBytes(hash, 32), pad(this.owner), pad(this.owner)], data: new Uint8Array(0) };
    const base = BigInt(mappingKey(MANTLE_PORTAL_SLOTS.provenWithdrawals, hexToBigInt(hash)));
    await this.l1.mine({
      txs: () => [{ tx, logs: [log] }],
      change: (spec, at) => {
        spec.slot(this.portal, bytesToHex(bigIntToBytesPadded(base, 32)), root);
        spec.slot(this.portal, bytesToHex(bigIntToBytesPadded(base + 1n, 32)), at.timestamp | (index << 128n));
      },
    });
  }

  /**
   * The challenger deletes the outputs from `index` on (deleteL2Outputs truncates the length); the
   * proposer then posts one over a later L2 block (the same state, 100 blocks on: another root).
   */
  async replaceOutputsFrom(index: number): Promise<void> {
    this.outputs.splice(index);
    const deposit = this.headers.get(DEPOSIT_L2_BLOCK)!;
    const state = this.l2State(DEPOSIT_L2_BLOCK);
    const header = await opL2Header(DEPOSIT_L2_BLOCK + 100n, state, { timestamp: deposit.timestamp + 200n });
    this.l2.add(header, state);
    this.headers.set(header.number, header);
    await this.l1.mine({ events: (at) => [this.propose(header, at)], change: (spec) => this.placeOutputs(spec) });
  }

  /** The clock moved past `until`. */
  async passPeriod(until: number): Promise<void> {
    await this.l1.mine({ blocks: 3n, seconds: BigInt(until) - this.l1.head.header.timestamp + 60n });
  }

  /** The finalize transaction mined: WithdrawalFinalized(hash, true), finalizedWithdrawals[hash]. */
  async includeFinalize(): Promise<void> {
    const tx = this.sent('finalizeWithdrawalTransaction((uint256,address,address,uint256,uint256,uint256,bytes))');
    const { hash } = this.withdrawal!;
    const log = { address: hexToBytes(this.portal), topics: [WITHDRAWAL_FINALIZED, hexToBytes(hash, 32)], data: encodeAbi(['bool'], [true]) };
    await this.l1.mine({ txs: () => [{ tx, logs: [log] }], change: (spec) => spec.slot(this.portal, mappingKey(MANTLE_PORTAL_SLOTS.finalizedWithdrawals, hexToBigInt(hash)), 1n) });
  }
}
