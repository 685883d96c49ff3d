/**
 * A recipient chosen by name in the popup's send, carried to the window as a claim checked again
 * (src/client/wallet/names/recipient-name.ts, src/client/wallet/requests.ts send): the name is resolved
 * again by proof for the window and shown only when it gives the recipient's address; otherwise a
 * warning says why and no name is shown; the activity keeps the name and the decoded call.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { VerificationError } from '../../../../../src/core/errors.ts';
import { cryptoReady } from '../../../../../src/crypto/backend.ts';
import { nameRecipient, type ProvenName, readNameClaim, recipientOfDetails } from '../../../../../src/client/wallet/names/recipient-name.ts';
import { ACCOUNT0, answer, APP, connected, freshWorld, opened, RECIPIENT, type World } from '../wallet-world.ts';

beforeAll(cryptoReady);

const at = { blockNumber: '100', blockHash: '0x' + 'ab'.repeat(32) };
const proven = (address: string | null, name = 'alice.vigil.eth'): ProvenName => ({ name, address, provenance: { kind: 'proven' }, at });
const plain = { tx: { to: RECIPIENT, value: '2' }, decoded: null, verdict: { ok: true, warnings: [] } };
const TOKEN = '0x5fbdb2315678afecb367f032d93f642f64180aa3';

describe('nameRecipient', () => {
  it('the recipient is the address paid, or a token transfer’s recipient; a call that pays no one has none', () => {
    expect(recipientOfDetails(plain)).toBe(RECIPIENT);
    expect(recipientOfDetails({ tx: { to: TOKEN }, decoded: { kind: 'erc20-transfer', recipient: ACCOUNT0 } })).toBe(ACCOUNT0);
    expect(recipientOfDetails({ tx: { to: TOKEN }, decoded: { kind: 'erc20-approve', spender: ACCOUNT0 } })).toBeNull();
  });

  it('shows the name when the proof gives the recipient (any case), with where it came from and the block', async () => {
    const out = await nameRecipient(plain, 'alice.vigil.eth', async () => proven(RECIPIENT.toLowerCase()));
    expect(out.recipientName).toEqual({ name: 'alice.vigil.eth', address: RECIPIENT, provenance: 'proven', at });
    expect((out.verdict as { warnings: unknown[] }).warnings).toEqual([]);
  });

  it('never shows a name the proof did not give: another address, none, a failed lookup, no resolver, a call that pays no one; each with a warning', async () => {
    const cases: [Record<string, unknown>, ((n: string) => Promise<ProvenName>) | undefined, string][] = [
      [plain, async () => proven(ACCOUNT0), 'RECIPIENT_NAME_CHANGED'],
      [plain, async () => proven(null), 'RECIPIENT_NAME_CHANGED'],
      [plain, async () => Promise.reject(new Error('alice.vigil.eth is served by an offchain gateway')), 'RECIPIENT_NAME_NOT_PROVEN'],
      [plain, undefined, 'RECIPIENT_NAME_NOT_PROVEN'],
      [{ ...plain, tx: { to: TOKEN }, decoded: { kind: 'erc20-approve', spender: RECIPIENT } }, async () => proven(RECIPIENT), 'RECIPIENT_NAME_NOT_PROVEN'],
    ];
    for (const [details, resolve, code] of cases) {
      const out = await nameRecipient(details, 'alice.vigil.eth', resolve);
      expect(out.recipientName, code).toBeUndefined();
      expect((out.verdict as { warnings: { code: string; severity: string }[] }).warnings).toMatchObject([{ code, severity: 'warning' }]);
    }
    const changed = await nameRecipient(plain, 'alice.vigil.eth', async () => proven(ACCOUNT0));
    expect((changed.verdict as { warnings: { message: string }[] }).warnings[0]!.message).toBe(`alice.vigil.eth now resolves to ${ACCOUNT0} (proven at block 100), not to this recipient: check the address before you approve.`);
  });

  it('reads a claim only as a bounded string', () => {
    expect(readNameClaim('alice.vigil.eth')).toBe('alice.vigil.eth');
    for (const bad of [undefined, '', 7, 'a'.repeat(256) + '.eth', { name: 'x.eth' }]) expect(readNameClaim(bad)).toBeUndefined();
  });
});

describe("the popup's send with a name", () => {
  let world: World;
  beforeEach(() => {
    world = freshWorld();
  });

  it('the window gets the name proven again; the activity row keeps it and the decoded call', async () => {
    const asked: string[] = [];
    const { wallet, repo } = await connected(world, { resolveName: async (name) => (asked.push(name), proven(RECIPIENT)) });
    const hash = wallet.requests.send({ from: ACCOUNT0, to: RECIPIENT, value: '0x2', name: 'alice.vigil.eth' });
    const view = await wallet.approvals.get(await opened(world, 1));
    expect(view.details.recipientName).toEqual({ name: 'alice.vigil.eth', address: RECIPIENT, provenance: 'proven', at });
    expect(asked).toEqual(['alice.vigil.eth']);
    // The transaction's own fields carry no name: the approval keeps what a page would send.
    expect(((await repo.getApproval(view.id))?.request as { request: unknown }).request).toEqual({ from: ACCOUNT0, to: RECIPIENT, value: '0x2' });
    await answer(world, wallet, true, 1);
    const row = await repo.getActivity(await hash);
    expect(row).toMatchObject({ decoded: null, recipientName: { name: 'alice.vigil.eth', address: RECIPIENT } });
  });

  it('a name that now resolves elsewhere: the window shows no name and warns; the activity keeps none', async () => {
    const { wallet, repo } = await connected(world, { resolveName: async () => proven(ACCOUNT0) });
    const hash = wallet.requests.send({ from: ACCOUNT0, to: RECIPIENT, value: '0x2', name: 'alice.vigil.eth' });
    const view = await wallet.approvals.get(await opened(world, 1));
    expect(view.details.recipientName).toBeUndefined();
    expect((view.details.verdict as { warnings: { code: string }[] }).warnings.map((w) => w.code)).toContain('RECIPIENT_NAME_CHANGED');
    await answer(world, wallet, true, 1);
    const row = await repo.getActivity(await hash);
    expect(row?.recipientName).toBeUndefined();
    expect(row?.decoded).toBeNull();
  });

  /** The words' names as the simulation was asked for them (src/client/wallet/names/own-names.ts withRecipient holds them to the address paid). */
  const recording = (into: unknown[]) => async (_requests: unknown, _against: unknown, options?: { recipientName?: unknown }): Promise<never> => {
    into.push(options?.recipientName);
    throw new VerificationError('PROOF_VALUE_MISMATCH', 'no simulation in this test');
  };

  it("the simulation's words get the name with the address its proof gave, from the one resolution the window's check uses too", async () => {
    const asked: string[] = [];
    const seen: unknown[] = [];
    const { wallet } = await connected(world, { resolveName: async (name) => (asked.push(name), proven(RECIPIENT)), previewTransactions: recording(seen) });
    const refused = wallet.requests.send({ from: ACCOUNT0, to: RECIPIENT, value: '0x2', name: 'alice.vigil.eth' }).catch((err: unknown) => err);
    const view = await wallet.approvals.get(await opened(world, 1));
    expect(seen).toEqual([{ name: 'alice.vigil.eth', address: RECIPIENT }]);
    expect(view.details.recipientName).toMatchObject({ name: 'alice.vigil.eth', address: RECIPIENT });
    expect(asked).toEqual(['alice.vigil.eth']);
    expect(await refused).toMatchObject({ code: 'EFFECTS_NOT_PROVEN' });
  });

  it('a name that does not resolve, or a send with none, gives the words no name', async () => {
    const seen: unknown[] = [];
    const { wallet } = await connected(world, {
      resolveName: async () => {
        throw new Error('no resolver');
      },
      previewTransactions: recording(seen),
    });
    const sends = [wallet.requests.send({ from: ACCOUNT0, to: RECIPIENT, value: '0x2', name: 'alice.vigil.eth' }).catch((err: unknown) => err)];
    await opened(world, 1);
    sends.push(wallet.requests.send({ from: ACCOUNT0, to: RECIPIENT, value: '0x3' }).catch((err: unknown) => err));
    await opened(world, 2);
    expect(seen).toEqual([undefined, undefined]);
    for (const s of await Promise.all(sends)) expect(s).toMatchObject({ code: 'EFFECTS_NOT_PROVEN' });
  });

  it("a page's transaction cannot name its recipient: a name in its own fields is never resolved nor given to the words", async () => {
    const asked: string[] = [];
    const seen: unknown[] = [];
    const { wallet } = await connected(world, { resolveName: async (name) => (asked.push(name), proven(RECIPIENT)), previewTransactions: recording(seen) });
    const params = { from: ACCOUNT0, to: RECIPIENT, value: '0x2', name: 'alice.vigil.eth', recipientName: { name: 'alice.vigil.eth', address: RECIPIENT }, names: { [RECIPIENT]: 'Savings (yours)' } };
    const sent = wallet.requests.sendTransaction({ origin: APP, requestKey: 'k-page' }, params).catch((err: unknown) => err);
    const view = await wallet.approvals.get(await opened(world, 1));
    expect(seen).toEqual([undefined]);
    expect(asked).toEqual([]);
    expect(view.details.recipientName).toBeUndefined();
    expect(await sent).toMatchObject({ code: 'EFFECTS_NOT_PROVEN' });
  });
});
