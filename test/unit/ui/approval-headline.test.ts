// @vitest-environment happy-dom
/**
 * The approval window's headline (src/ui/components/approval/headline.ts): a call the background
 * named (a swap on a known router, a deposit into a followed rollup's bridge, a known contract) in
 * words with the contract's address beside its name; ERC-20 calls by their token's proven symbol;
 * a symbol that breaks the token rule or passes for the network's currency shown as the token's
 * address; a call of a batch named with the batch's proven tokens; anything else as today.
 */
import { h } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CallName } from '../../../src/wallet/call-name.ts';
import type { TransactionEffects } from '../../../src/wallet/transaction-effects.ts';
import { describeTransaction, type TransactionDetails } from '../../../src/ui/components/approval/transaction.ts';
import { ApprovalApp } from '../../../src/ui/components/approval/view.ts';
import { headline, partsText } from '../../../src/ui/components/approval/headline.ts';
import { cleanup, render } from './dom.ts';
import { BOB, CAROL, fakeWallet, transactionApproval } from './fixtures.ts';

const ROUTER = '0x68b1d87f95878fe05b998f19b66f4baba5de1aed';
const VTA = '0x5fbdb2315678afecb367f032d93f642f64180aa3';
const ETH = 10n ** 18n;

function effects(call: CallName | undefined, tokens: TransactionEffects['tokens'] = { [VTA]: { symbol: 'VTA', decimals: 18 } }): TransactionEffects {
  return { at: { blockNumber: '7', blockHash: '0x' + 'ab'.repeat(32) }, ok: true, own: [], approvals: [], others: [], created: [], tokens, ...(call ? { call } : {}) };
}

function details(d: Record<string, unknown>): TransactionDetails {
  return transactionApproval({}, d).details as unknown as TransactionDetails;
}

const swapCall: CallName = { kind: 'swap', exchange: 'Uniswap V2', router: ROUTER, send: { asset: 'native', amount: String(ETH) }, receive: { asset: VTA, atLeast: '1940123456789000000000' } };
const tx = (to: string, value: bigint, data = '0x7ff36ab5' + '00'.repeat(224)) => ({ ...(transactionApproval().details as { tx: object }).tx, to, value: value.toString(), data });
const callDecoded = { kind: 'call', selector: '0x7ff36ab5', bytes: 228 };

describe('a named call', () => {
  it('a swap: what goes in (rounded up), the least that comes out (rounded down), on the router named with its address', () => {
    expect(describeTransaction(details({ tx: tx(ROUTER, ETH), decoded: callDecoded, effects: effects(swapCall) }))).toBe('Swap 1 ETH for at least 1,940.12 VTA (0x5fbd…0aa3) on Uniswap V2 (0x68b1…1aed)');
  });

  it("a deposit into a followed rollup's bridge, with its contract's address", () => {
    const call: CallName = { kind: 'deposit', rollup: 'OP Mainnet', contract: 'OptimismPortal', address: '0xbeb5fc579115071764c7423a4f12edde41f106ed', amount: String(2n * ETH) };
    expect(describeTransaction(details({ tx: tx(call.address, 2n * ETH, '0x'), decoded: null, effects: effects(call) }))).toBe('Send 2 ETH to 0xbeb5…06ed');
    expect(describeTransaction(details({ tx: tx(call.address, 2n * ETH, '0x1234'), decoded: { kind: 'call', selector: '0x1234', bytes: 2 }, effects: effects(call) }))).toBe(
      "Deposit 2 ETH into OP Mainnet's bridge (its OptimismPortal 0xbeb5…06ed)",
    );
    const devnet: CallName = { kind: 'deposit', rollup: 'Vigil ZK devnet', contract: 'rollup contract', address: '0x' + 'a2'.repeat(20), amount: String(ETH / 2n), l2Account: { opens: true } };
    expect(describeTransaction(details({ tx: tx(devnet.address, ETH / 2n), decoded: callDecoded, effects: effects(devnet) }))).toBe(
      "Deposit 0.5 ETH into Vigil ZK devnet's bridge (its rollup contract 0xa2a2…a2a2), opening your L2 account there",
    );
  });

  it('a known contract whose function is not named: its name and address, then the selector', () => {
    const call: CallName = { kind: 'known', name: "Uniswap V2's router", address: ROUTER };
    expect(describeTransaction(details({ tx: tx(ROUTER, 0n), decoded: callDecoded, effects: effects(call) }))).toBe("Call Uniswap V2's router 0x68b1…1aed (function 0x7ff36ab5, 228 bytes of data)");
  });

  it('an unnamed call reads as before', () => {
    expect(describeTransaction(details({ tx: tx(ROUTER, ETH), decoded: callDecoded, effects: effects(undefined) }))).toBe('Call contract 0x68B1…1aed (function 0x7ff36ab5, 228 bytes of data), sending 1 ETH'.replace('0x68B1', '0x68b1'));
  });
});

describe("a token's symbol", () => {
  const transfer = { kind: 'erc20-transfer', token: VTA, recipient: BOB, amount: String(5n * ETH) };
  const approve = { kind: 'erc20-approve', token: VTA, spender: BOB, amount: ((1n << 256n) - 1n).toString(), unlimited: true };

  it('as proven, its address beside its symbol: "Send 5 VTA (0x5fbd…0aa3) to …", "Approve … to spend unlimited VTA (0x5fbd…0aa3)"', () => {
    expect(describeTransaction(details({ tx: tx(VTA, 0n), decoded: transfer, effects: effects(undefined) }))).toBe('Send 5 VTA (0x5fbd…0aa3) to 0xFFcf…09f0');
    expect(describeTransaction(details({ tx: tx(VTA, 0n), decoded: approve, effects: effects(undefined) }))).toBe('Approve 0xFFcf…09f0 to spend unlimited VTA (0x5fbd…0aa3)');
    expect(describeTransaction(details({ tx: tx(VTA, 0n), decoded: { ...approve, amount: '0', unlimited: false }, effects: effects(undefined) }))).toBe("Revoke 0xFFcf…09f0's allowance of VTA (0x5fbd…0aa3)");
  });

  it('a lying symbol is not shown: one that passes for ETH, one with a bidi override, one too long — the address instead, in base units', () => {
    for (const symbol of ['ETH', 'eth', 'US\u202eDC', 'A'.repeat(40), ' VTA']) {
      const text = describeTransaction(details({ tx: tx(VTA, 0n), decoded: transfer, effects: effects(undefined, { [VTA]: { symbol, decimals: 18 } }) }));
      expect(text, JSON.stringify(symbol)).toBe('Send 5,000,000,000,000,000,000 base units of token 0x5fbd…0aa3 to 0xFFcf…09f0');
    }
    // The page's own symbol never reaches the headline: only the followed token's or the simulation's.
    expect(describeTransaction(details({ tx: tx(VTA, 0n), decoded: approve, effects: effects(undefined, {}) }))).toBe('Approve 0xFFcf…09f0 to spend unlimited token 0x5fbd…0aa3');
  });

  it("a swap's token with a lying symbol is named by its address", () => {
    expect(describeTransaction(details({ tx: tx(ROUTER, ETH), decoded: callDecoded, effects: effects(swapCall, { [VTA]: { symbol: 'ETH', decimals: 18 } }) }))).toBe(
      'Swap 1 ETH for at least 1,940,123,456,789,000,000,000 base units of token 0x5fbd…0aa3 on Uniswap V2 (0x68b1…1aed)',
    );
  });

  it("a call of a batch is named with the batch's proven tokens (it carries no effects of its own)", () => {
    const call = details({ tx: tx(VTA, 0n), decoded: approve });
    expect(describeTransaction(call)).toBe('Approve 0xFFcf…09f0 to spend unlimited token 0x5fbd…0aa3');
    expect(describeTransaction(call, effects(undefined))).toBe('Approve 0xFFcf…09f0 to spend unlimited VTA (0x5fbd…0aa3)');
  });
});

describe('in the window', () => {
  afterEach(cleanup);

  it("each amount of the headline is short, exact on hover and focus; the router's full address is in the fields", async () => {
    const api = fakeWallet();
    api.approval = transactionApproval({}, { tx: tx(ROUTER, ETH + 123n), decoded: callDecoded, effects: effects({ ...swapCall, send: { asset: 'native', amount: String(ETH + 123n) } }) });
    const el = document.body.appendChild(document.createElement('div'));
    await act(async () => render(h(ApprovalApp, { api, id: api.approval!.id, pollMs: 60_000, close: vi.fn(), armDelayMs: 0 }), el));
    await act(() => new Promise((r) => setTimeout(r, 10)));
    const what = el.querySelector('[data-testid="approval-what"]')!;
    expect(what.textContent).toBe('Swap 1.0001 ETH for at least 1,940.12 VTA (0x5fbd…0aa3) on Uniswap V2 (0x68b1…1aed)');
    expect([...what.querySelectorAll('.amount')].map((a) => [a.getAttribute('title'), a.getAttribute('aria-label'), (a as HTMLElement).tabIndex])).toEqual([
      ['1.000000000000000123 ETH', '1.000000000000000123 ETH', 0],
      ['1,940.123456789 VTA (0x5fbd…0aa3)', '1,940.123456789 VTA (0x5fbd…0aa3)', 0],
    ]);
    expect(el.querySelector('[data-testid="approval-to"]')!.textContent).toBe(ROUTER);
    await act(async () => render(null, el));
  });
});

describe('the other standard token calls, in words (never "function 0x23b872dd")', () => {
  const OWNER = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC';
  const NFT = '0x998abeb3e57409262ae5b751f60747921b33613e';
  const say = (decoded: Record<string, unknown>, e: TransactionEffects | undefined = effects(undefined)) => describeTransaction(details({ tx: tx(decoded.token as string, 0n), decoded, effects: e }));

  it('transferFrom of a token with proven decimals: its amount, from the owner to the recipient', () => {
    expect(say({ kind: 'token-transfer-from', token: VTA, owner: OWNER, recipient: BOB, amount: String(5n * ETH) })).toBe('Send 5 VTA (0x5fbd…0aa3) from 0x3C44…93BC to 0xFFcf…09f0');
  });

  it('transferFrom that moved an NFT (the effects say ERC-721): the token id; with neither, says the number may be either', () => {
    const nft = { ...effects(undefined, {}), others: [{ account: BOB, asset: NFT, standard: 'erc721' as const, tokenId: '42', amount: '1' }] };
    expect(say({ kind: 'token-transfer-from', token: NFT, owner: OWNER, recipient: BOB, amount: '42' }, nft)).toBe('Send token 0x998a…613e #42 from 0x3C44…93BC to 0xFFcf…09f0');
    expect(say({ kind: 'token-transfer-from', token: NFT, owner: OWNER, recipient: BOB, amount: '42' }, effects(undefined, {}))).toBe('Send token 0x998a…613e (amount or token id 42) from 0x3C44…93BC to 0xFFcf…09f0');
  });

  it('increaseAllowance and decreaseAllowance: whose allowance, by how much', () => {
    expect(say({ kind: 'erc20-allowance', token: VTA, spender: BOB, amount: String(ETH), change: 'increase' })).toBe("Raise 0xFFcf…09f0's allowance by 1 VTA (0x5fbd…0aa3)");
    expect(say({ kind: 'erc20-allowance', token: VTA, spender: BOB, amount: String(ETH), change: 'decrease' })).toBe("Lower 0xFFcf…09f0's allowance by 1 VTA (0x5fbd…0aa3)");
  });

  it("ERC-721 safeTransferFrom and setApprovalForAll; ERC-1155's transfers, each id with its amount", () => {
    expect(say({ kind: 'erc721-transfer', token: NFT, owner: OWNER, recipient: BOB, tokenId: '7' })).toBe('Send token 0x998a…613e #7 from 0x3C44…93BC to 0xFFcf…09f0');
    expect(say({ kind: 'operator', token: NFT, operator: BOB, approved: true })).toBe('Allow 0xFFcf…09f0 to move all your token 0x998a…613e, now and later');
    expect(say({ kind: 'operator', token: NFT, operator: BOB, approved: false })).toBe("Revoke 0xFFcf…09f0's permission to move your token 0x998a…613e");
    expect(say({ kind: 'erc1155-transfer', token: NFT, owner: OWNER, recipient: BOB, items: [{ id: '7', amount: '3' }] })).toBe('Send 3 of token 0x998a…613e #7 from 0x3C44…93BC to 0xFFcf…09f0');
    const items = [1, 2, 3, 4].map((i) => ({ id: String(i), amount: String(i * 10) }));
    expect(say({ kind: 'erc1155-transfer', token: NFT, owner: OWNER, recipient: BOB, items })).toBe('Send 4 kinds of token 0x998a…613e (#1 ×10, #2 ×20, #3 ×30, …) from 0x3C44…93BC to 0xFFcf…09f0');
  });
});

describe('a recipient chosen by name, and the same words as done (the activity)', () => {
  const alice = { name: 'alice.vigil.eth', address: BOB };

  it('the name proven for the recipient, its short address beside it; a name proven for another address is not used', () => {
    const send = { tx: tx(BOB.toLowerCase(), 2n * ETH, '0x'), decoded: null };
    expect(partsText(headline({ ...send, recipientName: alice }))).toBe('Send 2 ETH to alice.vigil.eth (0xffcf…09f0)');
    expect(partsText(headline({ ...send, recipientName: { name: 'alice.vigil.eth', address: CAROL } }))).toBe('Send 2 ETH to 0xffcf…09f0');
    const transfer = { tx: tx(VTA, 0n), decoded: { kind: 'erc20-transfer' as const, token: VTA, recipient: BOB, amount: String(10n * ETH) }, effects: effects(undefined) };
    expect(partsText(headline({ ...transfer, recipientName: alice }))).toBe('Send 10 VTA (0x5fbd…0aa3) to alice.vigil.eth (0xFFcf…09f0)');
  });

  it('a spender Vigil knows by its name, its short address beside it: "Approve Uniswap V2\'s router (0x68b1…1aed) to spend …"', () => {
    const approve = { kind: 'erc20-approve' as const, token: VTA, spender: ROUTER, amount: String(3n * ETH), unlimited: false };
    const known = { ...effects(undefined), parties: { [ROUTER]: "Uniswap V2's router" } };
    expect(partsText(headline({ tx: { to: VTA, value: '0' }, decoded: approve, effects: known }, undefined, 'done'))).toBe("Approved Uniswap V2's router (0x68b1…1aed) to spend up to 3 VTA (0x5fbd…0aa3)");
    expect(partsText(headline({ tx: { to: VTA, value: '0' }, decoded: { ...approve, unlimited: true }, effects: known }))).toBe("Approve Uniswap V2's router (0x68b1…1aed) to spend unlimited VTA (0x5fbd…0aa3)");
  });

  it('said as done: "Sent", "Deposited", "Approved"', () => {
    const transfer = { tx: { to: VTA, value: '0' }, decoded: { kind: 'erc20-transfer' as const, token: VTA, recipient: BOB, amount: String(10n * ETH) }, effects: effects(undefined), recipientName: alice };
    expect(partsText(headline(transfer, undefined, 'done'))).toBe('Sent 10 VTA (0x5fbd…0aa3) to alice.vigil.eth (0xFFcf…09f0)');
    const deposit: CallName = { kind: 'deposit', rollup: 'Vigil ZK devnet', contract: 'rollup contract', address: '0x' + 'a2'.repeat(20), amount: String(2n * ETH) };
    expect(partsText(headline({ tx: { to: deposit.address, value: String(2n * ETH) }, decoded: callDecoded as never, effects: effects(deposit) }, undefined, 'done'))).toBe("Deposited 2 ETH into Vigil ZK devnet's bridge (its rollup contract 0xa2a2…a2a2)");
    const approve = { kind: 'erc20-approve' as const, token: VTA, spender: ROUTER, amount: String(3n * ETH), unlimited: false };
    expect(partsText(headline({ tx: { to: VTA, value: '0' }, decoded: approve, effects: effects(undefined) }, undefined, 'done'))).toBe('Approved 0x68b1…1aed to spend up to 3 VTA (0x5fbd…0aa3)');
    expect(partsText(headline({ tx: { to: null, value: '0' }, decoded: callDecoded as never }, undefined, 'done'))).toBe('Created a contract');
  });
});
