/**
 * Words held against the simulation (src/wallet/clear-signing/agree.ts): honest descriptors (a
 * swap exact-in with its minimum out, an approve, a transfer, a permit) never flag; words that
 * understate a loss, leave an outgoing asset unnamed, or promise more than the user receives do.
 */
import { describe, expect, it } from 'vitest';
import { agreeWithEffects, agreeWithPermits } from '../../../../src/wallet/clear-signing/agree.ts';
import type { ClearField, ClearWords } from '../../../../src/wallet/clear-signing/types.ts';
import type { AssetChange, TransactionEffects } from '../../../../src/wallet/transaction-effects.ts';
import type { PermitApproval } from '../../../../src/wallet/permits.ts';

const user = '0xaaaa000000000000000000000000000000000001';
const other = '0xbbbb000000000000000000000000000000000002';
const vta = '0x2222222222222222222222222222222222222222';
const vfee = '0x5555555555555555555555555555555555555555';
const router = '0x1111111111111111111111111111111111111111';
const E18 = 10n ** 18n;

const words = (intent: string, fields: ClearField[]): ClearWords => ({ intent, fields, descriptor: { source: 'test' }, boundTo: { chainId: 1337, address: router }, disagreements: [] });
const effects = (own: AssetChange[]): TransactionEffects => ({ at: { blockNumber: '1', blockHash: '0x' }, ok: true, own, approvals: [], others: [], created: [], tokens: { [vta]: { symbol: 'VTA', decimals: 18 }, [vfee]: { symbol: 'VFEE', decimals: 18 } } });
const native = (amount: bigint): AssetChange => ({ asset: 'native', standard: 'native', amount: String(amount) });
const erc20 = (asset: string, amount: bigint): AssetChange => ({ asset, standard: 'erc20', amount: String(amount) });

const swap = (minOut: bigint, beneficiary = user) =>
  words('Swap', [
    { label: 'Amount to Send', value: '1 ETH', format: 'amount', raw: String(E18), asset: 'native' },
    { label: 'Minimum to Receive', value: 'x VTA', format: 'tokenAmount', raw: String(minOut), asset: vta },
    { label: 'Beneficiary', value: beneficiary, format: 'addressName', raw: beneficiary, address: beneficiary },
  ]);
const send = (amount: bigint, asset = vfee) =>
  words('Send', [
    { label: 'Amount', value: `${amount} VFEE`, format: 'tokenAmount', raw: String(amount), asset },
    { label: 'To', value: other, format: 'addressName', raw: other, address: other },
  ]);

describe('agreeWithEffects', () => {
  it('finds an honest swap exact-in, a transfer and an approve in agreement', () => {
    const s = agreeWithEffects(swap(1940n * E18), effects([native(-E18), erc20(vta, 1990n * E18)]), user);
    expect(s.disagreements).toEqual([]);
    expect(s.fields.some((f) => f.flag !== undefined)).toBe(false);
    expect(agreeWithEffects(send(100n * E18, vta), effects([erc20(vta, -100n * E18)]), user).disagreements).toEqual([]);
    const approve = words('Approve', [
      { label: 'Spender', value: router, format: 'addressName', raw: router, address: router },
      { label: 'Amount', value: '5 VTA', format: 'tokenAmount', raw: String(5n * E18), asset: vta },
    ]);
    expect(agreeWithEffects(approve, effects([]), user).disagreements).toEqual([]);
  });

  it('flags words that understate the loss: "Send 100 VFEE" while the simulation takes 101', () => {
    const w = agreeWithEffects(send(100n * E18), effects([erc20(vfee, -101n * E18)]), user);
    expect(w.fields[0]!.flag).toBe('the words say 100 VFEE leave your account; the simulation takes 101 VFEE');
    expect(w.disagreements).toEqual([w.fields[0]!.flag]);
  });

  it('says when an asset leaves the account that no field names', () => {
    const w = agreeWithEffects(send(100n * E18, vta), effects([erc20(vta, -100n * E18), native(-3n * E18)]), user);
    expect(w.disagreements).toEqual(['the simulation takes ether from you that the words do not name']);
  });

  it('flags a minimum to receive above what the simulation gives, and a beneficiary-you that receives none', () => {
    const less = agreeWithEffects(swap(2000n * E18), effects([native(-E18), erc20(vta, 1990n * E18)]), user);
    expect(less.fields[1]!.flag).toMatch(/less than the/);
    const none = agreeWithEffects(swap(1940n * E18), effects([native(-E18)]), user);
    expect(none.fields[1]!.flag).toBe('the simulation gives you none of VTA, the words say x VTA');
    // Another beneficiary: what the user receives is not the words' claim.
    expect(agreeWithEffects(swap(1940n * E18, other), effects([native(-E18)]), user).disagreements).toEqual([]);
  });

  it('changes nothing of the words it is given, and holds no failed run against them', () => {
    const given = send(100n * E18);
    agreeWithEffects(given, effects([erc20(vfee, -101n * E18)]), user);
    expect(given.fields[0]!.flag).toBeUndefined();
    expect(agreeWithEffects(given, { ...effects([erc20(vfee, -101n * E18)]), ok: false }, user).disagreements).toEqual([]);
  });
});

describe('agreeWithPermits', () => {
  const permit: PermitApproval = { kind: 'eip2612', token: vta, spender: router, amount: String(25n * E18), unlimited: false, revoke: false, deadline: '1893456000' };
  const permitWords = (spender: string, amount: bigint) =>
    words('Authorize spending of tokens', [
      { label: 'Spender', value: spender, format: 'raw', raw: spender },
      { label: 'Max spending amount', value: 'x', format: 'tokenAmount', raw: String(amount), asset: vta },
    ]);
  it('agrees with the permit it says', () => {
    expect(agreeWithPermits(permitWords(router, 25n * E18), [permit]).disagreements).toEqual([]);
  });
  it('flags a spender or an amount other than the permit grants', () => {
    const w = agreeWithPermits(permitWords(other, 20n * E18), [permit]);
    expect(w.fields[0]!.flag).toBe(`the permit lets ${router} spend, the words say ${other}`);
    expect(w.fields[1]!.flag).toBe(`the permit grants ${25n * E18} base units of ${vta}, the words say ${20n * E18} base units of ${vta}`);
    expect(w.disagreements).toHaveLength(2);
    // In the token's units where its symbol and decimals were proven.
    expect(agreeWithPermits(permitWords(router, 20n * E18), [{ ...permit, symbol: 'VTA', decimals: 18 }]).disagreements).toEqual(['the permit grants 25 VTA, the words say 20 VTA']);
  });
});
