/**
 * A batch's words held against the whole batch's effects (src/wallet/clear-signing/agree-batch.ts):
 * honest batches (approve then swap, swap then spend what it gave) never flag; words that promise
 * together what the whole batch does not do are flagged at their field; a call without words
 * leaves every field unheld (checked false), however far the effects are from the words.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { agreeBatchWithEffects } from '../../../../src/wallet/clear-signing/agree-batch.ts';
import type { ClearField, ClearWords } from '../../../../src/wallet/clear-signing/types.ts';
import type { AssetChange, TransactionEffects } from '../../../../src/wallet/transaction-effects.ts';

const user = '0xaaaa000000000000000000000000000000000001';
const other = '0xbbbb000000000000000000000000000000000002';
const vta = '0x2222222222222222222222222222222222222222';
const router = '0x1111111111111111111111111111111111111111';
const pool = '0x3333333333333333333333333333333333333333';
const E18 = 10n ** 18n;

const words = (intent: string, fields: ClearField[]): ClearWords => ({ intent, fields, descriptor: { source: 'test' }, boundTo: { chainId: 1337, address: router }, disagreements: [] });
const effects = (own: AssetChange[], ok = true): TransactionEffects => ({ at: { blockNumber: '1', blockHash: '0x' }, ok, own, approvals: [], others: [], created: [], tokens: { [vta]: { symbol: 'VTA', decimals: 18 } } });
const native = (amount: bigint): AssetChange => ({ asset: 'native', standard: 'native', amount: String(amount) });
const erc20 = (amount: bigint): AssetChange => ({ asset: vta, standard: 'erc20', amount: String(amount) });

const approve = (amount: bigint) =>
  words('Approve', [
    { label: 'Spender', value: router, format: 'addressName', raw: router, address: router },
    { label: 'Amount', value: `${amount} VTA`, format: 'tokenAmount', raw: String(amount), asset: vta },
  ]);
const swapEthForVta = (minOut: bigint, beneficiary = user) =>
  words('Swap', [
    { label: 'Amount to Send', value: '1 ETH', format: 'amount', raw: String(E18), asset: 'native' },
    { label: 'Minimum to Receive', value: 'x VTA', format: 'tokenAmount', raw: String(minOut), asset: vta },
    { label: 'Beneficiary', value: beneficiary, format: 'addressName', raw: beneficiary, address: beneficiary },
  ]);
const supplyVta = (amount: bigint) =>
  words('Supply', [
    { label: 'Amount to supply', value: `${amount} VTA`, format: 'tokenAmount', raw: String(amount), asset: vta },
    { label: 'Pool', value: pool, format: 'addressName', raw: pool, address: pool },
  ]);
const flags = (b: ReturnType<typeof agreeBatchWithEffects>) => b.calls.flatMap((w) => (w?.fields ?? []).flatMap((f) => (f.flag !== undefined ? [f.flag] : [])));

describe('agreeBatchWithEffects', () => {
  it('finds honest batches in agreement: approve then swap, swap then supply what it gave (the swap alone would be flagged)', () => {
    const a = agreeBatchWithEffects([approve(5n * E18), swapEthForVta(1940n * E18)], effects([native(-E18), erc20(1950n * E18)]), user);
    expect(a).toMatchObject({ checked: true, disagreements: [] });
    expect(flags(a)).toEqual([]);
    // The swap's minimum is spent by the supply: the whole batch leaves the user 10 VTA.
    const b = agreeBatchWithEffects([swapEthForVta(1940n * E18), supplyVta(1940n * E18)], effects([native(-E18), erc20(10n * E18)]), user);
    expect(b).toMatchObject({ checked: true, disagreements: [] });
    expect(flags(b)).toEqual([]);
  });

  it('flags a minimum the whole batch does not pay, net of what the other calls say may leave', () => {
    const b = agreeBatchWithEffects([approve(10n * E18), swapEthForVta(1940n * E18)], effects([native(-E18)]), user);
    const why = "the calls' words say you end with at least 1,930 VTA; the whole batch's simulation gives you none of VTA";
    expect(b.checked).toBe(true);
    expect(b.calls[1]!.fields[1]!.flag).toBe(why);
    expect(b.calls[1]!.disagreements).toEqual([why]);
    expect(b.calls[0]!.disagreements).toEqual([]);
    expect(b.disagreements).toEqual([why]);
  });

  it('flags a loss above every call\'s amounts of the asset, and says an asset no call names', () => {
    const b = agreeBatchWithEffects([swapEthForVta(1940n * E18), supplyVta(1940n * E18)], effects([native(-3n * E18), erc20(10n * E18)]), user);
    expect(b.calls[0]!.fields[0]!.flag).toBe("the calls' words say at most 1 ETH leave your account; the whole batch's simulation takes 3 ETH");
    const unnamed = agreeBatchWithEffects([approve(5n * E18), approve(6n * E18)], effects([native(-E18)]), user);
    expect(unnamed.disagreements).toEqual(["the whole batch takes ether from you that no call's words name"]);
    expect(flags(unnamed)).toEqual([]);
  });

  it("holds nothing when a call has no words (it may explain any difference), nor when the batch fails; never flags another's beneficiary nor a token whose balance was not read", () => {
    const lying = effects([native(-9n * E18)]);
    const unworded = agreeBatchWithEffects([undefined, swapEthForVta(1940n * E18)], lying, user);
    expect(unworded).toMatchObject({ checked: false, disagreements: [] });
    expect(unworded.calls[0]).toBeNull();
    expect(flags(unworded)).toEqual([]);
    expect(agreeBatchWithEffects([approve(E18), swapEthForVta(1940n * E18)], effects([native(-9n * E18)], false), user)).toMatchObject({ checked: false, disagreements: [] });
    // Tokens past the bound of reads: what the user got of a promised one with no row is not known, so nothing is held.
    expect(agreeBatchWithEffects([approve(E18), swapEthForVta(1940n * E18)], { ...effects([native(-E18)]), tokensNotRead: 1 }, user)).toMatchObject({ checked: false, disagreements: [] });
    // Bought for someone else: nothing the user should receive.
    expect(flags(agreeBatchWithEffects([approve(E18), swapEthForVta(1940n * E18, other)], effects([native(-E18)]), user))).toEqual([]);
  });

  it('never changes the words it was given', () => {
    const given = [approve(10n * E18), swapEthForVta(1940n * E18)];
    const copy = structuredClone(given);
    agreeBatchWithEffects(given, effects([native(-E18)]), user);
    expect(given).toEqual(copy);
  });

  it('an honest batch of swaps and supplies never flags, whatever the amounts (property)', () => {
    // Each swap gives at least its minimum, each supply takes exactly its amount: the user ends with the sum of what the swaps gave less the supplies.
    fc.assert(
      fc.property(fc.array(fc.record({ min: fc.bigInt({ min: 0n, max: 10n ** 24n }), extra: fc.bigInt({ min: 0n, max: 10n ** 22n }), supply: fc.option(fc.bigInt({ min: 0n, max: 10n ** 24n })) }), { minLength: 1, maxLength: 4 }), (steps) => {
        const calls: ClearWords[] = [];
        let held = 0n;
        for (const s of steps) {
          calls.push(swapEthForVta(s.min));
          held += s.min + s.extra;
          if (s.supply !== null && s.supply <= held) {
            calls.push(supplyVta(s.supply));
            held -= s.supply;
          }
        }
        const swaps = BigInt(steps.length);
        const b = agreeBatchWithEffects(calls, effects([native(-swaps * E18), ...(held !== 0n ? [erc20(held)] : [])]), user);
        expect(b.disagreements).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});
