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
