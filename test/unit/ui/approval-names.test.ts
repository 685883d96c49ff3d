// @vitest-environment happy-dom
/**
 * The approval window shows the recipient's and the spender's verified ENS names beside their
 * addresses (never instead): a primary name checked forward, with its provenance; nothing when the
 * address has none, when the lookup fails, or when the window's API cannot look names up.
 */
import { h } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApprovalApp } from '../../../src/ui/components/approval/view.ts';
import { cleanup, render } from './dom.ts';
import { ALICE, BOB, CAROL, fakeWallet, transactionApproval } from './fixtures.ts';

const byTestId = (el: Element, id: string) => el.querySelector(`[data-testid="${id}"]`);
const flush = () => act(() => new Promise((r) => setTimeout(r, 10)));

async function mount(api: ReturnType<typeof fakeWallet>) {
  const el = document.body.appendChild(document.createElement('div'));
  await act(async () => render(h(ApprovalApp, { api, id: api.approval!.id, pollMs: 60_000, close: vi.fn(), closeDelayMs: 1000, armDelayMs: 0 }), el));
  await flush();
  await flush();
  return el;
}

afterEach(cleanup);

const txOf = () => (transactionApproval().details as { tx: object }).tx;

describe('verified names in the approval window', () => {
  it("shows a plain send's recipient name beside the address", async () => {
    const api = fakeWallet();
    api.approval = transactionApproval();
    const el = await mount(api);
    expect(byTestId(el, 'approval-to')!.textContent).toBe(BOB);
    const name = byTestId(el, 'approval-to-name')!;
    expect(name.textContent).toContain('bob.eth · proven at block 1234');
    expect(name.getAttribute('data-kind')).toBe('proven');
    expect(api.calls.filter((c) => c.method === 'lookupAddress').map((c) => c.args)).toEqual([[BOB]]);
  });

  it("shows an ERC-20 transfer's recipient and an approval's spender by name; the token contract is not looked up", async () => {
    const api = fakeWallet();
    api.approval = transactionApproval({}, { tx: { ...txOf(), to: CAROL, value: '0' }, decoded: { kind: 'erc20-transfer', token: CAROL, recipient: BOB, amount: '2500000' } });
    const el = await mount(api);
    expect(byTestId(el, 'approval-recipient')!.textContent).toBe(BOB);
    expect(byTestId(el, 'approval-recipient-name')!.textContent).toContain('bob.eth');
    expect(byTestId(el, 'approval-to-name')).toBeNull();
    render(null, el);
    const api2 = fakeWallet();
    api2.approval = transactionApproval({}, { tx: { ...txOf(), to: CAROL, value: '0', data: '0x095ea7b3' + '00'.repeat(64) }, decoded: { kind: 'erc20-approve', token: CAROL, spender: BOB, amount: '5', unlimited: false } });
    const el2 = await mount(api2);
    expect(byTestId(el2, 'approval-spender')!.textContent).toBe(BOB);
    expect(byTestId(el2, 'approval-spender-name')!.textContent).toContain('bob.eth');
  });

  it("names a permit's spender beside it (a signature that is an approval), and no one without a name", async () => {
    const api = fakeWallet();
    const permit = (spender: string) => ({ kind: 'eip2612', token: CAROL, spender, amount: '5', unlimited: false, revoke: false, deadline: '1900000000', spenderCode: 'contract' });
    api.approval = {
      ...transactionApproval(),
      kind: 'typedData',
      details: { address: ALICE, preview: { primaryType: 'Permit', domain: { name: 'Token', chainId: '1', verifyingContract: CAROL }, message: [] }, permits: [permit(BOB), permit(CAROL)] },
    };
    const el = await mount(api);
    const [first, second] = [...byTestId(el, 'approval-permits')!.querySelectorAll('li')];
    expect(first!.querySelector('[data-testid="approval-permit-spender-name"]')!.textContent).toContain('bob.eth · proven at block 1234');
    expect(second!.querySelector('[data-testid="approval-permit-spender-name"]')).toBeNull();
    expect(api.calls.filter((c) => c.method === 'lookupAddress').map((c) => c.args)).toEqual([[BOB], [CAROL]]);
  });

  it('shows nothing for an address with no name, a failed lookup, or no lookup at all', async () => {
    const api = fakeWallet();
    api.approval = transactionApproval({}, { tx: { ...txOf(), to: CAROL } });
    const el = await mount(api);
    expect(byTestId(el, 'approval-to')!.textContent).toBe(CAROL);
    expect(byTestId(el, 'approval-to-name')).toBeNull();
    render(null, el);
    const failing = fakeWallet();
    failing.approval = transactionApproval();
    failing.lookupAddress = async () => {
      throw new Error('PROOF_ROOT_MISMATCH');
    };
    const el2 = await mount(failing);
    expect(byTestId(el2, 'approval-to-name')).toBeNull();
    render(null, el2);
    const without = fakeWallet();
    without.approval = transactionApproval();
    const { lookupAddress: _, ...api3 } = without;
    const el3 = await mount(api3 as never);
    expect(byTestId(el3, 'approval-to')!.textContent).toBe(BOB);
    expect(byTestId(el3, 'approval-to-name')).toBeNull();
  });
});

describe('a recipient chosen by name in the send form', () => {
  const proven = { name: 'alice.vigil.eth', address: BOB, provenance: 'proven', at: { blockNumber: '12', blockHash: '0x' + 'ab'.repeat(32) } };

  it('shows the name in the headline and beside the address, as the background proved it again for the window (no reverse lookup for it)', async () => {
    const api = fakeWallet();
    api.approval = transactionApproval({}, { recipientName: proven });
    const el = await mount(api);
    expect(byTestId(el, 'approval-what')!.textContent).toBe('Send 1.5 ETH to alice.vigil.eth (0xFFcf…09f0)');
    expect(byTestId(el, 'approval-to')!.textContent).toBe(BOB);
    const name = byTestId(el, 'approval-name')!;
    expect(name.textContent).toBe(' alice.vigil.eth · proven at block 12');
    expect(name.getAttribute('data-kind')).toBe('proven');
    expect(byTestId(el, 'approval-to-name')).toBeNull();
  });

  it("a token transfer's recipient by its name; a name proven for another address is not shown", async () => {
    const api = fakeWallet();
    api.approval = transactionApproval({}, { tx: { ...txOf(), to: CAROL, value: '0' }, decoded: { kind: 'erc20-transfer', token: CAROL, recipient: BOB, amount: '2500000', symbol: 'VTA', decimals: 6 }, recipientName: proven });
    const el = await mount(api);
    expect(byTestId(el, 'approval-what')!.textContent).toBe('Send 2.5 VTA (0x22d4…e32b) to alice.vigil.eth (0xFFcf…09f0)');
    expect(byTestId(el, 'approval-name')!.textContent).toContain('alice.vigil.eth');
    render(null, el);
    const api2 = fakeWallet();
    api2.approval = transactionApproval({}, { recipientName: { ...proven, address: CAROL } });
    const el2 = await mount(api2);
    expect(byTestId(el2, 'approval-what')!.textContent).toBe('Send 1.5 ETH to 0xFFcf…09f0');
    expect(byTestId(el2, 'approval-name')).toBeNull();
  });

  it('an operator approval is flagged as the unlimited approval it is; transferFrom names its owner and recipient', async () => {
    const api = fakeWallet();
    api.approval = transactionApproval({}, { tx: { ...txOf(), to: CAROL, value: '0' }, decoded: { kind: 'operator', token: CAROL, operator: BOB, approved: true } });
    const el = await mount(api);
    expect(byTestId(el, 'approval-unlimited')!.textContent).toContain('Operator approval');
    expect(byTestId(el, 'approval-operator')!.textContent).toBe(BOB);
    render(null, el);
    const api2 = fakeWallet();
    api2.approval = transactionApproval({}, { tx: { ...txOf(), to: CAROL, value: '0' }, decoded: { kind: 'token-transfer-from', token: CAROL, owner: ALICE, recipient: BOB, amount: '5', symbol: 'VTA', decimals: 0 } });
    const el2 = await mount(api2);
    expect(byTestId(el2, 'approval-what')!.textContent).toBe('Send 5 VTA (0x22d4…e32b) from 0x90F8…c9C1 to 0xFFcf…09f0');
    expect(byTestId(el2, 'approval-owner')!.textContent).toBe(ALICE);
    expect(byTestId(el2, 'approval-recipient')!.textContent).toBe(BOB);
  });
});
