/**
 * A batch's words (wallet_sendCalls: calls run one after another) held against the whole batch's
 * simulated effects. The effects are the sum of every call's, so one call's field cannot be held to
 * them alone: a swap's "at least 1,940 VTA" may be spent by the next call, an approve's allowance
 * used by it. A field is flagged only where the batch's words taken together promise what the whole
 * batch does not do, and only when every call of the batch has words (a call without words may move
 * anything, and would explain any difference: then nothing is held and `checked` is false, which the
 * window says). Pure.
 *
 * With every call worded, over the user's own changes (./agree.ts's labels):
 * - an asset that leaves the account: its loss is at most the sum of every call's amount fields of it
 *   that are not amounts received (an allowance counts: it may be what the next call spends), else the
 *   first such field is flagged; an asset that leaves and that no call's field names is said;
 * - an asset the words say the user receives (a call whose beneficiary is the user, or names none):
 *   the user ends with at least what the calls promise of it less every amount of it the calls say
 *   may leave, else the first field promising it is flagged. When the run touched tokens past the
 *   bound of reads and a promised one has no row, what the user got of it is not known: then
 *   nothing is held (`checked` false), never a silent pass under "held".
 * Honest words agree: what a call receives is at least its minimum, what it sends at most its amount.
 * @module
 */
import type { TransactionEffects } from '../transaction-effects.ts';
import { assetsOf, BENEFICIARY, RECEIVE } from './agree.ts';
import type { BatchWords, ClearField, ClearWords } from './types.ts';

/** Each call's words with its disagreeing fields flagged (new objects), and the batch's disagreements. */
export function agreeBatchWithEffects(calls: readonly (ClearWords | undefined)[], effects: TransactionEffects, user: string): BatchWords {
  const copies = calls.map((w) => (w === undefined ? null : { ...w, fields: w.fields.map((f) => ({ ...f })), disagreements: [] as string[] }));
  const worded = copies.filter((w): w is ClearWords & { disagreements: string[] } => w !== null);
  const unheld: BatchWords = { calls: copies, checked: false, disagreements: [] };
  if (worded.length < copies.length || !effects.ok) return unheld;
  const me = user.toLowerCase();
  const said: string[] = [];
  const flag = (w: ClearWords, f: ClearField, why: string) => {
    f.flag ??= why;
    w.disagreements.push(why);
    said.push(why);
  };
  const amounts = worded.flatMap((w) => {
    const beneficiary = w.fields.find((f) => f.address !== undefined && BENEFICIARY.test(f.label));
    const toUser = beneficiary === undefined || beneficiary.address === me;
    return w.fields.filter((f) => f.asset !== undefined && /^\d+$/.test(f.raw)).map((f) => ({ w, f, receives: RECEIVE.test(f.label), toUser }));
  });
  const sum = (of: readonly { f: ClearField }[]) => of.reduce((s, a) => s + BigInt(a.f.raw), 0n);
  const { change, name, units } = assetsOf(effects);
  const promised = new Set(amounts.filter((a) => a.receives && a.toUser).map((a) => a.f.asset!));
  // A promised token the run touched past the bound of reads has no row: what the user got of it is not known.
  if ((effects.tokensNotRead ?? 0) > 0 && [...promised].some((asset) => change(asset) === undefined)) return unheld;
  for (const c of effects.own) {
    if (BigInt(c.amount) >= 0n) continue;
    const lost = -BigInt(c.amount);
    const leaving = amounts.filter((a) => a.f.asset === c.asset && !a.receives);
    if (leaving.length === 0) {
      if (!amounts.some((a) => a.f.asset === c.asset)) said.push(`the whole batch takes ${name(c.asset)} from you that no call's words name`);
      continue;
    }
    const total = sum(leaving);
    if (lost > total) flag(leaving[0]!.w, leaving[0]!.f, `the calls' words say at most ${units(c.asset, total)} leave your account; the whole batch's simulation takes ${units(c.asset, lost)}`);
  }
  for (const asset of promised) {
    const promising = amounts.filter((a) => a.f.asset === asset && a.receives && a.toUser);
    const atLeast = sum(promising) - sum(amounts.filter((a) => a.f.asset === asset && !a.receives));
    const got = BigInt(change(asset)?.amount ?? '0');
    if (atLeast > 0n && got < atLeast) {
      const first = promising[0]!;
      flag(first.w, first.f, `the calls' words say you end with at least ${units(asset, atLeast)}; the whole batch's simulation gives you ${got <= 0n ? `none of ${name(asset)}` : units(asset, got)}`);
    }
  }
  return { calls: copies, checked: true, disagreements: [...new Set(said)] };
}
