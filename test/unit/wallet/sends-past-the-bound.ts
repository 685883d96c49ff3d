/**
 * The audit's F3 bait (audit 2026-11-28) as the wallet sees it, without an EVM: the logs of a run,
 * the probes the engine chooses from them (src/execution/effects.ts holdingProbes, 16 touched
 * tokens at most, as the wallet asks), each answered from a table of balances before and after the
 * run (readHoldings over a scripted static call), and the effects summarized for the holder
 * (src/wallet/transaction-effects.ts). Shared by the effects tests and the signing tests.
 */
import { bytesToHex, hexToBytes } from '../../../src/core/bytes.ts';
import { eventTopic } from '../../../src/execution/abi.ts';
import { type EffectLog, holdingProbes, holdingsJson, type HoldingProbe, readHoldings } from '../../../src/execution/effects.ts';
import { summarizeEffects, type TransactionEffects } from '../../../src/wallet/transaction-effects.ts';

/** The bound the wallet asks the engine for (src/client/wallet/transaction-preview.ts MAX_TOKENS). */
export const CAP = 16;
export const ATTACKER = '0x' + 'ee'.repeat(20);
export const AT = { blockNumber: '100', blockHash: '0x' + 'ab'.repeat(32) };

const topic = (a: string) => '0x' + a.slice(2).padStart(64, '0');
const word = (v: bigint) => '0x' + v.toString(16).padStart(64, '0');

/** A throwaway emitter (i < 1000) or a token (i ≥ 1000) at a distinct address. */
export const tokenAt = (i: number) => '0x' + (0x7000 + i).toString(16).padStart(40, '0');
export const transfer = (token: string, from: string, to: string, amount: bigint): EffectLog => ({ address: token, topics: [eventTopic('Transfer(address,address,uint256)'), topic(from), topic(to)], data: word(amount) });
export const nftTransfer = (token: string, from: string, to: string, id: bigint): EffectLog => ({ address: token, topics: [eventTopic('Transfer(address,address,uint256)'), topic(from), topic(to), word(id)], data: '0x' });

/** ERC-20 balances: token → account → [before, after]. */
export type Balances = Record<string, Record<string, [bigint, bigint]>>;

/** What the wallet shows of a run that emitted `logs` for `holder`, its balances read as the engine chooses, from `balances`. */
export async function effectsOf(holder: string, logs: readonly EffectLog[], balances: Balances, named: HoldingProbe[] = []): Promise<TransactionEffects> {
  const { probes, notRead } = holdingProbes(logs, { holder, named, maxTouched: CAP });
  const side = (k: 0 | 1) => async ({ to, data }: { to: Uint8Array; data: Uint8Array }) => {
    const token = bytesToHex(to);
    const account = bytesToHex(data.subarray(16, 36));
    const amount = balances[token]?.[account]?.[k];
    if (amount === undefined) return { status: 'reverted' as const, returnData: new Uint8Array() };
    return { status: 'success' as const, returnData: hexToBytes(word(amount)) };
  };
  const before = await readHoldings(side(0), holder, probes);
  const after = await readHoldings(side(1), holder, probes);
  const holdings = holdingsJson(holder, probes, before, after, notRead);
  return summarizeEffects({ calls: [{ status: 'success', returnData: '0x', logs: [...logs] }], balances: [], created: [], holdings }, holder, AT, new Map());
}

/**
 * The audit's bait: `incoming` throwaway emitters each log Transfer(emitter → holder, 1), then the
 * contract moves 5,000 of `stolen` from the holder to the attacker with the allowance the holder
 * gave it earlier (an unfollowed token). The balances are what the chain would hold after it.
 */
export function bait(holder: string, incoming: number, stolen: string[]): { logs: EffectLog[]; balances: Balances } {
  const balances: Balances = {};
  const logs: EffectLog[] = [];
  for (let i = 0; i < incoming; i++) {
    logs.push(transfer(tokenAt(i), tokenAt(i), holder, 1n));
    balances[tokenAt(i)] = { [holder]: [0n, 1n], [tokenAt(i)]: [1n, 0n] };
  }
  for (const token of stolen) {
    logs.push(transfer(token, holder, ATTACKER, 5000n));
    balances[token] = { [holder]: [5000n, 0n], [ATTACKER]: [0n, 5000n] };
  }
  return { logs, balances };
}
