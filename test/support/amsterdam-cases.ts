/**
 * The transactions issue 52's replay must see under Amsterdam, built, signed with the wallet's own
 * signer (src/wallet/transaction.ts, set-code-authorization.ts) from the devnet's dev keys, sent
 * raw to the devnet's node and waited for. Each case names what it stands for; the bytecode is
 * written out here:
 * - OPS_RUNTIME stores SLOTNUM (EIP-7843) in slot 0 and what DUPN, SWAPN and EXCHANGE (EIP-8024,
 *   immediates as @ethereumjs/evm 10.1.3 decodes them: opcodes/EIP8024.js) leave on the stack in
 *   slots 1–4 (2, 1, 15, 16: see the comments);
 * - bigCodeInitcode(n) returns n zero bytes (memory never written), a creation as large as the
 *   block's gas allows;
 * - REVERT_INITCODE is a creation that reverts.
 */
import { randomBytes } from 'node:crypto';
import { encodeDeployData, encodeFunctionData, type Abi } from 'viem';
import { bigIntToHex, bytesToHex, concatBytes, hexToBigInt, hexToBytes } from '../../src/core/bytes.ts';
import { ARTIFACTS } from '../../src/devnet/contracts/artifacts.ts';
import { createAddress } from '../../src/execution/transactions.ts';
import { TransportError } from '../../src/rpc/errors.ts';
import { jsonRpcCall } from '../../src/rpc/http.ts';
import { deriveAccounts, type HdAccount } from '../../src/wallet/hd.ts';
import { addressOf } from '../../src/wallet/keys.ts';
import { mnemonicToSeedSync } from '../../src/wallet/mnemonic.ts';
import { signAuthorization } from '../../src/wallet/set-code-authorization.ts';
import { type SignedAuthorization, signTransaction, type UnsignedTransaction } from '../../src/wallet/transaction.ts';
import type { AccessListItem, Address } from '../../src/wallet/transaction-request.ts';

const RPC = { timeoutMs: 30_000, maxBytes: 1 << 24 };
const GWEI = 1_000_000_000n;
export const UNIT = 10n ** 18n;
/** VigilToken's holding per holder at deployment. */
export const HOLDING = 1_000_000n * UNIT;

/** PUSH1 v. */
const push1 = (v: number) => [0x60, v];
/**
 * SLOTNUM → slot 0; then 1..18 pushed (depth d holds 19 − d):
 * DUPN 17 (0xe6 0x80: n = (0x80 + 145) mod 256) copies depth 17, 2 → slot 1;
 * SWAPN 17 (0xe7 0x80) swaps the top (18) with depth 18 (1), which → slot 2;
 * EXCHANGE 0x8e (k = 0x8e ^ 0x8f = 1: (q, r) = (0, 1), depths 2 and 3) swaps 16 and 15 below the top 17;
 * the top popped, 15 → slot 3, 16 → slot 4.
 */
export const OPS_RUNTIME = Uint8Array.from([
  0x4b, 0x5f, 0x55,
  ...Array.from({ length: 18 }, (_, i) => push1(i + 1)).flat(),
  0xe6, 0x80, ...push1(1), 0x55,
  0xe7, 0x80, ...push1(2), 0x55,
  0xe8, 0x8e, 0x50, ...push1(3), 0x55, ...push1(4), 0x55,
  0x00,
]);
/** What OPS_RUNTIME leaves in slots 1–4. */
export const OPS_SLOTS = [2n, 1n, 15n, 16n];

/** Initcode that copies `runtime` (under 256 bytes) to memory and returns it. */
export function deployInitcode(runtime: Uint8Array): Uint8Array {
  const head = [...push1(runtime.length), ...push1(10), 0x5f, 0x39, ...push1(runtime.length), 0x5f, 0xf3];
  return concatBytes(Uint8Array.from(head), runtime);
}

/** Initcode returning `n` zero bytes (PUSH2 n PUSH0 RETURN). */
export const bigCodeInitcode = (n: number) => Uint8Array.from([0x61, n >> 8, n & 0xff, 0x5f, 0xf3]);
/** PUSH0 PUSH0 REVERT. */
export const REVERT_INITCODE = Uint8Array.from([0x5f, 0x5f, 0xfd]);

const T = ARTIFACTS.VigilToken.abi as Abi;
export const transferData = (to: string, amount: bigint) => hexToBytes(encodeFunctionData({ abi: T, functionName: 'transfer', args: [to as `0x${string}`, amount] }));
export const balanceOfData = (holder: string) => hexToBytes(encodeFunctionData({ abi: T, functionName: 'balanceOf', args: [holder as `0x${string}`] }));
export const tokenDeployData = (holders: readonly string[]) =>
  hexToBytes(encodeDeployData({ abi: T, bytecode: ARTIFACTS.VigilToken.bytecode as `0x${string}`, args: ['Replay Token', 'RPT', holders as `0x${string}`[], HOLDING] }));

export const freshAddress = (): string => bytesToHex(randomBytes(20));

/** The devnet's dev keys (m/44'/60'/0'/0/i of its mnemonic). */
export function devKeys(mnemonic: string, count: number): HdAccount[] {
  return deriveAccounts(mnemonicToSeedSync(mnemonic), Array.from({ length: count }, (_, i) => i));
}

/** A transaction to send: its sender's key and what to sign, the gas limit left to `gas` (or the node's estimate). */
export interface Case {
  label: string;
  key: HdAccount;
  to: string | null;
  value?: bigint;
  data?: Uint8Array;
  /** A gas limit fixed by the test (a Vigil estimate, or one for a transaction the node cannot estimate: it fails). */
  gas?: bigint;
  type?: 1 | 2 | 4;
  accessList?: AccessListItem[];
  authorizationList?: SignedAuthorization[];
}

export interface Sent {
  label: string;
  hash: string;
  from: string;
  nonce: bigint;
  gas: bigint;
  to: string | null;
}

/** Talks to the devnet's node for the cases: fees, nonces, estimates, sending, receipts. */
export class CaseSender {
  private readonly nonces = new Map<string, bigint>();

  constructor(
    readonly url: string,
    readonly chainId: bigint,
  ) {}

  call(method: string, params: unknown[]): Promise<unknown> {
    return jsonRpcCall(this.url, method, params, RPC);
  }

  /** The next nonce of `address` (the node's pending count, then counted here). */
  async nonce(address: string): Promise<bigint> {
    const key = address.toLowerCase();
    let n = this.nonces.get(key);
    if (n === undefined) n = hexToBigInt(await this.call('eth_getTransactionCount', [key, 'pending']), 'nonce');
    this.nonces.set(key, n + 1n);
    return n;
  }

  /** The next nonce of `address`, not taken. */
  async peekNonce(address: string): Promise<bigint> {
    const key = address.toLowerCase();
    return this.nonces.get(key) ?? hexToBigInt(await this.call('eth_getTransactionCount', [key, 'pending']), 'nonce');
  }

  /** Where `address`'s next creation lands (its nonce not taken). */
  async nextCreateAddress(address: string): Promise<string> {
    return bytesToHex(createAddress(hexToBytes(address, 20), await this.peekNonce(address)));
  }

  /** Signs and sends the cases, in order; gas limits not given are the node's estimate × 1.25. */
  async send(cases: readonly Case[]): Promise<Sent[]> {
    const latest = (await this.call('eth_getBlockByNumber', ['latest', false])) as { baseFeePerGas: string };
    const baseFee = hexToBigInt(latest.baseFeePerGas, 'baseFeePerGas');
    const tip = GWEI;
    const maxFee = baseFee * 2n + tip;
    const out: Sent[] = [];
    for (const c of cases) {
      const from = c.key.address.toLowerCase();
      const data = c.data ?? new Uint8Array(0);
      const value = c.value ?? 0n;
      const gas = c.gas ?? (await this.estimate(c, from, data, value));
      const nonce = await this.nonce(from);
      const to = c.to === null ? null : (c.to.toLowerCase() as Address);
      const common = { chainId: this.chainId, nonce, gasLimit: gas, value, data };
      const accessList = c.accessList ?? [];
      let tx: UnsignedTransaction;
      if (c.type === 1) tx = { ...common, type: 1, to, gasPrice: maxFee, accessList };
      else if (c.type === 4) tx = { ...common, type: 4, to: to!, maxFeePerGas: maxFee, maxPriorityFeePerGas: tip, accessList, authorizationList: c.authorizationList ?? [] };
      else tx = { ...common, type: 2, to, maxFeePerGas: maxFee, maxPriorityFeePerGas: tip, accessList };
      const signed = signTransaction(tx, c.key.privateKey);
      const hash = (await this.call('eth_sendRawTransaction', [signed.raw])) as string;
      out.push({ label: c.label, hash, from, nonce, gas, to: to ?? bytesToHex(createAddress(hexToBytes(from, 20), nonce)) });
    }
    return out;
  }

  private async estimate(c: Case, from: string, data: Uint8Array, value: bigint): Promise<bigint> {
    const call: Record<string, unknown> = { from, data: bytesToHex(data), value: bigIntToHex(value) };
    if (c.to !== null) call.to = c.to;
    if (c.accessList !== undefined) call.accessList = c.accessList.map((e) => ({ address: e.address, storageKeys: e.storageKeys.map(bytesToHex) }));
    if (c.authorizationList !== undefined) call.authorizationList = c.authorizationList.map(authorizationJson);
    const estimate = hexToBigInt(await this.call('eth_estimateGas', [call, 'pending']), 'estimate');
    return (estimate * 5n) / 4n;
  }

  /**
   * The receipts of `sent`, once every one is mined (polled; throws after `ms`). A receipt the node
   * fails to print is its error, with the block the transaction is in.
   */
  async receipts(sent: readonly Sent[], ms = 120_000): Promise<Record<string, Receipt>> {
    const end = Date.now() + ms;
    const out: Record<string, Receipt> = {};
    for (;;) {
      for (const s of sent) {
        if (out[s.label] !== undefined) continue;
        const tx = (await this.call('eth_getTransactionByHash', [s.hash])) as { blockNumber: string | null } | null;
        if (tx?.blockNumber == null) continue;
        try {
          out[s.label] = (await this.call('eth_getTransactionReceipt', [s.hash])) as Receipt;
        } catch (err) {
          if (!(err instanceof TransportError)) throw err;
          out[s.label] = { status: '?', blockNumber: tx.blockNumber, gasUsed: '0x0', logs: [], error: err.shortMessage };
        }
      }
      const missing = sent.filter((s) => out[s.label] === undefined);
      if (missing.length === 0) return out;
      if (Date.now() > end) throw new Error(`not mined within ${ms} ms: ${missing.map((s) => s.label).join(', ')}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/** A receipt as the node prints it (the fields the test reads). */
export interface Receipt {
  status: string;
  blockNumber: string;
  gasUsed: string;
  contractAddress?: string | null;
  logs: { address: string; topics: string[]; data: string }[];
  /** Set when the node failed to print the receipt of a mined transaction. */
  error?: string;
}

/** An authorization by `key` delegating to `delegate` at `nonce`. */
export function authorize(key: Uint8Array, chainId: bigint, delegate: string, nonce: bigint): SignedAuthorization {
  return signAuthorization({ chainId, address: delegate.toLowerCase() as Address, nonce }, key);
}

/** A fresh key and its address (an authority that never sent anything). */
export function freshKey(): { privateKey: Uint8Array; address: string } {
  const privateKey = Uint8Array.from(randomBytes(32));
  return { privateKey, address: addressOf(privateKey).toLowerCase() };
}

function authorizationJson(a: SignedAuthorization) {
  return { chainId: bigIntToHex(a.chainId), address: a.address, nonce: bigIntToHex(a.nonce), yParity: bigIntToHex(a.yParity), r: bigIntToHex(a.r), s: bigIntToHex(a.s) };
}
