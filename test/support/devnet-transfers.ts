/**
 * Value sent to a wallet from the devnet's other accounts, as a stranger would send it: ether,
 * VigilToken transfers, a second VigilToken deployed by someone (on no list), and a look-alike's
 * zero-value `transferFrom` (VigilToken lets anyone move 0 from anyone: it emits Transfer(Y → to, 0),
 * the address-poisoning trick). Each is signed with the dev account's key (m/44'/60'/0'/0/i of the
 * devnet's mnemonic) and sent raw to the node, so nothing of the wallet is involved; each waits
 * for its receipt. Issue 56's browser test (test/e2e/incoming.test.ts) uses these.
 * @module
 */
import { type Abi, encodeDeployData, encodeFunctionData } from 'viem';
import { bytesToHex, hexToBytes } from '../../src/core/bytes.ts';
import { ARTIFACTS } from '../../src/devnet/contracts/artifacts.ts';
import type { HdAccount } from '../../src/wallet/hd.ts';
import { type Case, CaseSender, devKeys, type Receipt } from './amsterdam-cases.ts';

const T = ARTIFACTS.VigilToken.abi as Abi;
/** A VigilToken call needs well under this (a deployment names its own). */
const CALL_GAS = 120_000n;
const DEPLOY_GAS = 3_000_000n;

/** A transaction mined, with its block. */
export interface Landed {
  hash: string;
  block: number;
  receipt: Receipt;
}

/** Sends from the devnet's dev accounts by their keys. */
export class DevnetSender {
  private readonly sender: CaseSender;
  private readonly keys: HdAccount[];

  /** `rpc`: the node's own JSON-RPC (ready.nodeRpc: no fault on the way). */
  constructor(rpc: string, chainId: number, mnemonic: string, count = 8) {
    this.sender = new CaseSender(rpc, BigInt(chainId));
    this.keys = devKeys(mnemonic, count);
  }

  /** Dev account `i`'s lower-case address. */
  address(i: number): string {
    return this.key(i).address.toLowerCase();
  }

  /** Ether from dev account `from` to `to`. */
  sendEther(from: number, to: string, wei: bigint): Promise<Landed> {
    return this.land({ label: 'ether', key: this.key(from), to, value: wei, gas: 21_000n });
  }

  /** `token.transfer(to, amount)` from dev account `from`. */
  sendToken(from: number, token: string, to: string, amount: bigint): Promise<Landed> {
    return this.land({ label: 'transfer', key: this.key(from), to: token, data: call('transfer', [to, amount]), gas: CALL_GAS });
  }

  /**
   * `token.transferFrom(owner, to, amount)` from dev account `from`: with `amount` 0, no allowance
   * is needed, and the log says `owner` sent to `to` (whoever `owner` is).
   */
  transferFrom(from: number, token: string, owner: string, to: string, amount: bigint): Promise<Landed> {
    return this.land({ label: 'transferFrom', key: this.key(from), to: token, data: call('transferFrom', [owner, to, amount]), gas: CALL_GAS });
  }

  /** A new VigilToken deployed by dev account `from`, `amountEach` minted to it and to each holder: its lower-case address. */
  async deployToken(from: number, name: string, symbol: string, holders: readonly string[], amountEach: bigint): Promise<{ address: string } & Landed> {
    const args = [name, symbol, holders as `0x${string}`[], amountEach] as const;
    const data = hexToBytes(encodeDeployData({ abi: T, bytecode: ARTIFACTS.VigilToken.bytecode as `0x${string}`, args }));
    const landed = await this.land({ label: 'deploy', key: this.key(from), to: null, data, gas: DEPLOY_GAS });
    const address = landed.receipt.contractAddress?.toLowerCase();
    if (!address) throw new Error(`the token's deployment ${landed.hash} created no contract`);
    return { address, ...landed };
  }

  private key(i: number): HdAccount {
    const key = this.keys[i];
    if (!key) throw new Error(`dev account ${i}: only ${this.keys.length} keys derived`);
    return key;
  }

  private async land(c: Case): Promise<Landed> {
    const [sent] = await this.sender.send([c]);
    const receipt = (await this.sender.receipts([sent!]))[c.label]!;
    if (receipt.status !== '0x1') throw new Error(`${c.label} ${sent!.hash} failed: status ${receipt.status}${receipt.error ? ` (${receipt.error})` : ''}`);
    return { hash: sent!.hash, block: Number(receipt.blockNumber), receipt };
  }
}

const call = (name: string, args: readonly unknown[]): Uint8Array => hexToBytes(encodeFunctionData({ abi: T, functionName: name, args } as Parameters<typeof encodeFunctionData>[0]));

/**
 * An address sharing `address`'s first 4 and last 4 hex digits (after 0x) and no other: each digit
 * between them replaced by another (the poisoner's vanity address), lower case.
 */
export function lookAlike(address: string): string {
  const hex = address.toLowerCase().slice(2);
  if (!/^[0-9a-f]{40}$/.test(hex)) throw new Error(`not an address: ${address}`);
  const middle = [...hex.slice(4, 36)].map((d) => ((parseInt(d, 16) + 7) % 16).toString(16)).join('');
  return `0x${hex.slice(0, 4)}${middle}${hex.slice(36)}`;
}

/** A fresh random address (nobody's key known): where the wallet sends first. */
export function randomAddress(): string {
  return bytesToHex(crypto.getRandomValues(new Uint8Array(20)));
}
