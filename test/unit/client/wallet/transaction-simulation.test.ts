/**
 * The approval window shows what a transaction does, proven, and the wallet signs against a
 * snapshot (src/client/wallet/requests.ts with a previewTransactions dependency): effects in the
 * window's details; a simulation that reverts refused before any window (WOULD_REVERT, its reason
 * decoded); effects that cannot be proven refuse the signature (EFFECTS_NOT_PROVEN); at approval
 * the transaction is simulated again, and when it now does something else the window asks again
 * (the page keeps waiting for one answer); the effects signed against are stored with the activity.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { VerificationError } from '../../../../src/core/errors.ts';
import { WalletError } from '../../../../src/wallet/errors.ts';
import type { TransactionRequest } from '../../../../src/wallet/transaction-request.ts';
import { cryptoReady } from '../../../../src/crypto/backend.ts';
import { toProviderError } from '../../../../src/provider/handler.ts';
import type { Preview, SeenEffects } from '../../../../src/client/wallet/transaction-preview.ts';
import { effectsChanged } from '../../../../src/wallet/effects-snapshot.ts';
import type { TransactionEffects } from '../../../../src/wallet/transaction-effects.ts';
import { ACCOUNT0, APP, connected, freshWorld, opened, RECIPIENT, type World } from './wallet-world.ts';

beforeAll(cryptoReady);

const TKA = '0x' + '7a'.repeat(20);
const effects = (received: string, at = '100', ok = true): TransactionEffects => ({
  at: { blockNumber: at, blockHash: '0x' + 'aa'.repeat(32) },
  ok,
  ...(ok ? {} : { revert: { call: 0, reason: 'UniswapV2Router: INSUFFICIENT_OUTPUT_AMOUNT' } }),
  own: [
    { asset: TKA, standard: 'erc20', amount: '-1000' },
    { asset: 'native', standard: 'native', amount: received },
  ],
  approvals: [],
  others: [],
  created: [],
  tokens: { [TKA]: { symbol: 'TKA', decimals: 18 } },
});

describe('simulation in the approval window', () => {
  let world: World;
  let next: (() => TransactionEffects)[];
  let calls: number;
  beforeEach(() => {
    world = freshWorld();
    next = [];
    calls = 0;
    asked = [];
  });
  // As previewAgainst answers: the effects, and against what the user saw, the snapshot rule's reasons.
  let asked: TransactionRequest[][] = [];
  const preview = async (requests: TransactionRequest[], against?: SeenEffects): Promise<Preview> => {
    calls++;
    asked.push(requests);
    const f = next.shift();
    if (f === undefined) throw new Error('no simulation scripted');
    const effects = f();
    if (against === undefined) return { effects };
    return { effects, changed: against.seen === null ? ['not proven before'] : effectsChanged(against.seen, effects, against.toleranceBps) };
  };
  const send = (wallet: Awaited<ReturnType<typeof connected>>['wallet'], key: string) =>
    wallet.requests.sendTransaction({ origin: APP, requestKey: key }, { from: ACCOUNT0.toLowerCase(), to: RECIPIENT, value: '0x1', data: '0x1234' });

  it('shows the effects, simulates again at approval, and stores what was signed against with the activity', async () => {
    const { wallet, repo } = await connected(world, { previewTransactions: preview });
    next.push(() => effects('420'), () => effects('419', '101'));
    const hash = send(wallet, 'k1');
    const view = await wallet.approvals.get(await opened(world, 1));
    expect(view.details.effects).toEqual(effects('420'));
    await wallet.approvals.resolve(view.id, true);
    const h = await hash;
    expect(calls).toBe(2);
    expect(world.sent).toHaveLength(1);
    // 419 of 420 is within 0.5%: the yes stands, and the effects at block 101 are what it was signed against.
    expect((await repo.getActivity(h))?.effects).toEqual(effects('419', '101'));
  });

  it('asks again when what comes in fell by more than the tolerance: nothing signed until the user says yes to the new effects', async () => {
    const { wallet, repo } = await connected(world, { previewTransactions: preview });
    next.push(() => effects('420'), () => effects('400', '101'), () => effects('400', '102'));
    const hash = send(wallet, 'k2');
    const id = await opened(world, 1);
    await wallet.approvals.resolve(id, true);
    // The same approval is shown again, waiting, with the new effects and why.
    expect(await opened(world, 2)).toBe(id);
    const again = await wallet.approvals.get(id);
    expect(again.status).toBe('pending');
    expect(again.details.effects).toEqual(effects('400', '101'));
    expect(again.details.effectsChanged).toEqual(['you would receive less of native (400 instead of 420)']);
    expect(world.sent).toEqual([]);
    await wallet.approvals.resolve(id, true);
    const h = await hash;
    expect(world.sent).toHaveLength(1);
    expect((await repo.getActivity(h))?.effects?.at.blockNumber).toBe('102');
  });

  it('refuses before any window when the simulation reverts, with the decoded reason (a page gets code 3)', async () => {
    const { wallet } = await connected(world, { previewTransactions: preview });
    next.push(() => effects('0', '100', false));
    const err = await send(wallet, 'k3').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'WOULD_REVERT', shortMessage: expect.stringContaining('UniswapV2Router: INSUFFICIENT_OUTPUT_AMOUNT') });
    expect(toProviderError(err).code).toBe(3);
    expect(world.opened).toHaveLength(1);
  });

  it('fails closed when the effects cannot be proven: the window shows the refusal, the page gets its code, nothing is signed', async () => {
    const { wallet } = await connected(world, { previewTransactions: preview });
    next.push(() => {
      throw new VerificationError('PROOF_VALUE_MISMATCH', 'eth_getProof claims a value its proof does not prove');
    });
    const hash = send(wallet, 'k4');
    const refused = expect(hash).rejects.toMatchObject({ code: 'EFFECTS_NOT_PROVEN' });
    const id = await opened(world, 1);
    await refused;
    const view = await wallet.approvals.get(id);
    expect(view).toMatchObject({ status: 'failed', error: { code: 'EFFECTS_NOT_PROVEN' } });
    expect(view.details.verdict).toMatchObject({ ok: false, refusals: [expect.objectContaining({ code: 'EFFECTS_NOT_PROVEN' })] });
    expect(view.details.effects).toBeUndefined();
    // A yes on a refused request does nothing.
    await wallet.approvals.resolve(id, true);
    expect(world.sent).toEqual([]);
    expect(calls).toBe(1);
  });

  it('simulates with the gas limit and fees it will be signed with, in the window and again at approval', async () => {
    const { wallet } = await connected(world, { previewTransactions: preview });
    next.push(() => effects('420'), () => effects('420', '101'));
    const hash = send(wallet, 'k5');
    const id = await opened(world, 1);
    const tx = (await wallet.approvals.get(id)).details.tx as { gasLimit: string; maxFeePerGas: string; maxPriorityFeePerGas: string };
    await wallet.approvals.resolve(id, true);
    await hash;
    expect(asked).toHaveLength(2);
    for (const [r] of asked) {
      expect(r).toMatchObject({ gasLimit: BigInt(tx.gasLimit), maxFeePerGas: BigInt(tx.maxFeePerGas), maxPriorityFeePerGas: BigInt(tx.maxPriorityFeePerGas) });
    }
  });

  it('refuses before any window when what it does depends on the block it lands in (EFFECTS_DEPEND_ON_BLOCK: a page gets -32003 with the code), and at approval nothing is signed', async () => {
    const { wallet } = await connected(world, { previewTransactions: preview });
    const depends = () => {
      throw new WalletError('EFFECTS_DEPEND_ON_BLOCK', "what it does depends on the block it lands in: it reads the block's coinbase");
    };
    next.push(depends);
    const err = await send(wallet, 'k6').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'EFFECTS_DEPEND_ON_BLOCK', shortMessage: expect.stringContaining('coinbase') });
    expect(toProviderError(err)).toMatchObject({ code: -32003, data: { code: 'EFFECTS_DEPEND_ON_BLOCK' } });
    expect(world.opened).toHaveLength(1);
    // Shown, then at approval it depends on the block: refused, nothing sent.
    next.push(() => effects('420'), depends);
    const hash = send(wallet, 'k7');
    const refused = expect(hash).rejects.toMatchObject({ code: 'EFFECTS_DEPEND_ON_BLOCK' });
    await wallet.approvals.resolve(await opened(world, 1), true).catch(() => {});
    await refused;
    expect(world.sent).toEqual([]);
  });

  it("shows a permit in typed data as the approval it is, with the spender's code proven present or absent", async () => {
    const { wallet } = await connected(world, { previewTransactions: preview });
    const contract = '0x' + 'cc'.repeat(20);
    world.tokens.set(contract, { codeHash: '0x' + '12'.repeat(32) });
    const permit = (spender: string) => ({
      types: {
        EIP712Domain: [{ name: 'name', type: 'string' }, { name: 'chainId', type: 'uint256' }, { name: 'verifyingContract', type: 'address' }],
        Permit: [{ name: 'owner', type: 'address' }, { name: 'spender', type: 'address' }, { name: 'value', type: 'uint256' }, { name: 'nonce', type: 'uint256' }, { name: 'deadline', type: 'uint256' }],
      },
      primaryType: 'Permit',
      domain: { name: 'Token', chainId: 31337, verifyingContract: TKA },
      message: { owner: ACCOUNT0, spender, value: ((1n << 256n) - 1n).toString(), nonce: '0', deadline: '1900000000' },
    });
    void wallet.requests.signTypedData({ origin: APP, requestKey: 'p1' }, ACCOUNT0.toLowerCase(), permit(RECIPIENT)).catch(() => {});
    const first = await wallet.approvals.get(await opened(world, 1));
    expect(first.details.permits).toEqual([{ kind: 'eip2612', token: TKA, spender: RECIPIENT.toLowerCase(), amount: ((1n << 256n) - 1n).toString(), unlimited: true, revoke: false, deadline: '1900000000', spenderCode: 'none' }]);
    await wallet.approvals.resolve(first.id, false);
    // The site asks again once its cool-down after a rejection is over (src/client/wallet/approval-cool-down.ts).
    world.now += 3_000;
    void wallet.requests.signTypedData({ origin: APP, requestKey: 'p2' }, ACCOUNT0.toLowerCase(), permit(contract)).catch(() => {});
    const second = await wallet.approvals.get(await opened(world, 2));
    expect((second.details.permits as { spenderCode: string }[])[0]!.spenderCode).toBe('contract');
    // Proofs that lie: said so, nothing inferred.
    world.lie = true;
    await wallet.approvals.resolve(second.id, false);
    world.now += 6_000;
    void wallet.requests.signTypedData({ origin: APP, requestKey: 'p3' }, ACCOUNT0.toLowerCase(), permit(contract)).catch(() => {});
    const third = await wallet.approvals.get(await opened(world, 3));
    expect((third.details.permits as { spenderCode: string }[])[0]!.spenderCode).toBe('not proven');
  });
});
