/**
 * Words held against what Vigil proved: a descriptor says what a call means, the simulation over
 * proven state says what it does, and the words never replace it. A field that disagrees is flagged
 * (ClearField.flag) and listed, with what the words leave out, in `disagreements`. Pure.
 *
 * A call (effects of the one transaction, the user = the sender):
 * - the user loses more of an asset than every amount field of that asset says together (the words
 *   understate the loss: a token that takes a fee on top of "Send 100");
 * - an asset leaves the user's account that no field names;
 * - the user receives less of an asset than a field's amount of it (a minimum to receive, an amount
 *   to receive), when the user is the beneficiary or the words name none;
 * - a beneficiary field names the user and the user receives none of an asset the words say they receive.
 * Honest words agree: a swap exact-in sends exactly its amount and receives at least its minimum;
 * an approve or a permit moves nothing (its amount is an allowance, not a loss).
 *
 * Typed data, against Vigil's own reading of a permit (../permits.ts): an address field that is
 * neither the permit's spender nor the signer where the descriptor says Spender, an amount field of
 * the permit's token that differs from its amount.
 * @module
 */
import { formatUnits } from '../../core/units.ts';
import type { PermitApproval } from '../permits.ts';
import type { TransactionEffects } from '../transaction-effects.ts';
import type { ClearField, ClearWords } from './types.ts';

/** Labels that name what the user receives, and the account that receives it. */
export const RECEIVE = /receive|get|buy|out\b|minimum/i;
export const BENEFICIARY = /beneficiary|recipient|receiver|\bto\b/i;
const SPENDER = /spender|operator|allowed|delegate/i;

/** The words with each disagreeing field flagged, and `disagreements` filled (a new object). */
export function agreeWithEffects(words: ClearWords, effects: TransactionEffects, user: string): ClearWords {
  const me = user.toLowerCase();
  const fields = words.fields.map((f) => ({ ...f }));
  const said: string[] = [];
  const flag = (f: ClearField, why: string) => {
    f.flag ??= why;
    said.push(why);
  };
  if (!effects.ok) return { ...words, fields };
  const amounts = fields.filter((f) => f.asset !== undefined && /^\d+$/.test(f.raw));
  const beneficiary = fields.find((f) => f.address !== undefined && BENEFICIARY.test(f.label));
  const toUser = beneficiary === undefined || beneficiary.address === me;
  const { change, name, units } = assetsOf(effects);
  // What leaves the account, held against the amounts the words give of it.
  for (const c of effects.own) {
    if (BigInt(c.amount) >= 0n) continue;
    const lost = -BigInt(c.amount);
    const of = amounts.filter((f) => f.asset === c.asset && !RECEIVE.test(f.label));
    if (of.length === 0) {
      if (amounts.some((f) => f.asset === c.asset)) continue;
      said.push(`the simulation takes ${name(c.asset)} from you that the words do not name`);
      continue;
    }
    const total = of.reduce((s, f) => s + BigInt(f.raw), 0n);
    if (lost > total) flag(of[0]!, `the words say ${units(c.asset, total)} leave your account; the simulation takes ${units(c.asset, lost)}`);
  }
  // What the words say the user receives.
  for (const f of amounts) {
    if (!RECEIVE.test(f.label) || !toUser) continue;
    const got = change(f.asset!);
    const received = got === undefined ? 0n : BigInt(got.amount);
    if (received < BigInt(f.raw)) flag(f, received <= 0n ? `the simulation gives you none of ${name(f.asset!)}, the words say ${f.value}` : `the simulation gives you ${units(f.asset!, received)}, less than the ${units(f.asset!, BigInt(f.raw))} the words say`);
  }
  return { ...words, fields, disagreements: [...new Set(said)] };
}

/** Typed-data words with each field that differs from Vigil's reading of the permit flagged (a new object). */
export function agreeWithPermits(words: ClearWords, permits: readonly (PermitApproval & { symbol?: string; decimals?: number })[]): ClearWords {
  const fields = words.fields.map((f) => ({ ...f }));
  if (permits.length !== 1) return { ...words, fields };
  const p = permits[0]!;
  const said: string[] = [];
  for (const f of fields) {
    if (SPENDER.test(f.label) && /^0x[0-9a-f]{40}$/.test(f.raw) && f.raw !== p.spender) {
      f.flag = `the permit lets ${p.spender} spend, the words say ${f.raw}`;
      said.push(f.flag);
    }
    if (f.format === 'tokenAmount' && p.amount !== undefined && /^\d+$/.test(f.raw) && (f.asset === undefined || f.asset === p.token) && BigInt(f.raw) !== BigInt(p.amount)) {
      f.flag = `the permit grants ${inUnits(BigInt(p.amount), p, p.token)}, the words say ${inUnits(BigInt(f.raw), p, p.token)}`;
      said.push(f.flag);
    }
  }
  return { ...words, fields, disagreements: [...new Set(said)] };
}

/** An asset of `effects` ('native' or a token's address): the user's own change of it, its name and an amount of it in proven units, as the flags say them. */
export function assetsOf(effects: TransactionEffects) {
  return {
    change: (asset: string) => effects.own.find((c) => c.asset === asset && c.tokenId === undefined),
    name: (asset: string) => (asset === 'native' ? 'ether' : (effects.tokens[asset]?.symbol ?? asset)),
    units: (asset: string, amount: bigint) => (asset === 'native' ? inUnits(amount, { symbol: 'ETH', decimals: 18 }) : inUnits(amount, effects.tokens[asset], asset)),
  };
}

/** An amount in the token's proven units ("101 VFEE"), else in base units with its address. */
function inUnits(amount: bigint, token: { symbol?: string | undefined; decimals?: number | undefined } | undefined, address = ''): string {
  return token?.symbol !== undefined && token.decimals !== undefined ? `${formatUnits(amount, token.decimals)} ${token.symbol}` : `${amount} base units of ${address}`;
}
