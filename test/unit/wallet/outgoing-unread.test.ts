/**
 * A loss cannot hide past the bound on tokens read (audit 2026-11-28 F3): the engine reads the
 * tokens the run has the user send before those it only hands them (src/execution/effects.ts
 * holdingProbes), so sixteen throwaway emitters of incoming Transfers cannot push a drained
 * token out of "your changes"; a token the user sends that is unread all the same is named in
 * `outgoingNotRead` (src/wallet/transaction-effects.ts) and refused for signing
 * (src/wallet/policy.ts effectsRefusals, EFFECTS_OUTGOING_UNREAD); tokens the user only receives
 * and that are unread stay a count, signed as before. The snapshot rule asks again when a token it
 * sends is newly unread (src/wallet/effects-snapshot.ts).
 */
import { describe, expect, it } from 'vitest';
import { holdingProbes } from '../../../src/execution/effects.ts';
import { effectsChanged } from '../../../src/wallet/effects-snapshot.ts';
import { effectsRefusals } from '../../../src/wallet/policy.ts';
import { ATTACKER, bait, CAP, effectsOf, nftTransfer, tokenAt, transfer } from './sends-past-the-bound.ts';

const ME = '0x' + 'a1'.repeat(20);
const STOLEN = tokenAt(1000);

describe('the tokens a run has the user send are read first', () => {
  it("the audit's bait: 16 incoming emitters, then a transferFrom of an unfollowed token: the loss is among the user's changes, and it may be signed", async () => {
    const { logs, balances } = bait(ME, CAP, [STOLEN]);
    const e = await effectsOf(ME, logs, balances);
    // Outgoing first: the loss heads "your changes".
    expect(e.own[0]).toEqual({ asset: STOLEN, standard: 'erc20', amount: '-5000' });
    expect(e.own).toHaveLength(CAP);
    // One emitter is left unread: a count, as before.
    expect(e.tokensNotRead).toBe(1);
    expect(e.outgoingNotRead).toBeUndefined();
    expect(effectsRefusals(e)).toEqual([]);
  });

  it('sends first, then receives, then the rest, each in the order the logs first name them; the bound stays', () => {
    const CC = '0x' + 'cc'.repeat(20);
    const logs = [
      transfer(tokenAt(1), CC, ATTACKER, 1n),
      transfer(tokenAt(2), CC, ME, 1n),
      transfer(tokenAt(3), ME, CC, 1n),
      nftTransfer(tokenAt(4), CC, ME, 7n),
      // Received first, sent after: a token the user sends.
      nftTransfer(tokenAt(4), ME, CC, 8n),
      transfer(tokenAt(5), ME, CC, 1n),
    ];
    const holders = (max: number) => holdingProbes(logs, { holder: ME, named: [], maxTouched: max }).probes.filter((p) => p.account === undefined).map((p) => p.token);
    expect(holders(16)).toEqual([tokenAt(3), tokenAt(4), tokenAt(4), tokenAt(5), tokenAt(2), tokenAt(1)]);
    expect(holdingProbes(logs, { holder: ME, named: [], maxTouched: 3 })).toMatchObject({ notRead: 2 });
    expect([...new Set(holders(3))]).toEqual([tokenAt(3), tokenAt(4), tokenAt(5)]);
  });
});

describe('a token the user sends that is still unread refuses the signature (EFFECTS_OUTGOING_UNREAD)', () => {
  it('more tokens sent than the bound: the one left over is named, and the refusal says which', async () => {
    const stolen = Array.from({ length: CAP + 1 }, (_, i) => tokenAt(1000 + i));
    const { logs, balances } = bait(ME, 3, stolen);
    const e = await effectsOf(ME, logs, balances);
    expect(e.own).toHaveLength(CAP);
    expect(e.tokensNotRead).toBe(4);
    expect(e.outgoingNotRead).toEqual([tokenAt(1000 + CAP)]);
    expect(effectsRefusals(e)).toEqual([
      {
        code: 'EFFECTS_OUTGOING_UNREAD',
        severity: 'refusal',
        message: `It sends a token whose balance Vigil did not read (${tokenAt(1000 + CAP)}): what you would lose is not among your changes, so Vigil will not sign it.`,
      },
    ]);
  });

  it('an NFT collection with more ids than are read, one of them the user\'s: refused; many unread tokens are named up to eight, then counted', async () => {
    const ids = Array.from({ length: CAP + 1 }, (_, i) => nftTransfer(tokenAt(2000), ME, ATTACKER, BigInt(i)));
    expect((await effectsOf(ME, ids, {})).outgoingNotRead).toEqual([tokenAt(2000)]);
    const message = effectsRefusals({ outgoingNotRead: Array.from({ length: 10 }, (_, i) => tokenAt(i)) })[0]!.message;
    expect(message).toBe(`It sends 10 tokens whose balances Vigil did not read (${Array.from({ length: 8 }, (_, i) => tokenAt(i)).join(', ')} and 2 more): what you would lose is not among your changes, so Vigil will not sign it.`);
  });

  it('a followed token read by name is read, whatever the bound on touched tokens', async () => {
    const stolen = Array.from({ length: CAP + 1 }, (_, i) => tokenAt(1000 + i));
    const { logs, balances } = bait(ME, 0, stolen);
    const e = await effectsOf(ME, logs, balances, [{ token: tokenAt(1000 + CAP), standard: 'erc20' }]);
    expect(e.own).toHaveLength(CAP + 1);
    expect(e.outgoingNotRead).toBeUndefined();
    expect(effectsRefusals(e)).toEqual([]);
  });

  it('tokens the user only receives and that are unread stay a count: nothing refused', async () => {
    const { logs, balances } = bait(ME, CAP + 5, [STOLEN]);
    const e = await effectsOf(ME, logs, balances);
    expect(e.own[0]).toEqual({ asset: STOLEN, standard: 'erc20', amount: '-5000' });
    expect(e.tokensNotRead).toBe(6);
    expect(e.outgoingNotRead).toBeUndefined();
    expect(effectsRefusals(e)).toEqual([]);
  });

  it('the snapshot rule asks again when a token it sends is newly unread, even with the count unchanged', async () => {
    const { logs, balances } = bait(ME, 1, Array.from({ length: CAP }, (_, i) => tokenAt(1000 + i)));
    const seen = await effectsOf(ME, logs, balances);
    expect(seen.tokensNotRead).toBe(1);
    expect(seen.outgoingNotRead).toBeUndefined();
    // The same count, but now it is a token it sends that is left unread (a batch's later call simulated again).
    const now = { ...seen, tokensNotRead: 1, outgoingNotRead: [tokenAt(1000)] };
    expect(effectsChanged(seen, now)).toEqual([`it now sends ${tokenAt(1000)}, whose balance was not read`]);
    expect(effectsChanged(now, now)).toEqual([]);
  });
});
