/**
 * The signing policy: each rule alone at its boundary, then properties over random inputs — the
 * verdict is ok exactly when none of the rules (written here again as plain formulas) fails,
 * ok is monotone, the facts shown are the proven values, and refusals come once each, in order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.ts';
import { WalletError } from '../../../src/wallet/errors.ts';
import {
  assertMessagePolicy,
  assertTransactionPolicy,
  checkMessagePolicy,
  checkTransactionPolicy,
  MAX_HEAD_FUTURE_SKEW_SECONDS,
  REFUSAL_ORDER,
  type PolicyInput,
  type PolicyVerdict,
  type Refusal,
  type RequestOrigin,
  signingHeadAgeSeconds,
} from '../../../src/wallet/policy.ts';

const ADDRESS = '0x52908400098527886e0f7030069857d2e4169ee7';
const OTHER = '0x8617e340b3d01fa5f11f306f4090fd50e238070d';
const HASH = `0x${'ab'.repeat(32)}`;
const OTHER_HASH = `0x${'cd'.repeat(32)}`;
const NOW = 1_750_000_000;
const GWEI = 10n ** 9n;
const ETH = 10n ** 18n;
const U256 = 1n << 256n;

/** A transaction that signs: 1 ETH at 21000 × 20 gwei, nonce 7 proven at the head 12 s ago. */
function base(): PolicyInput {
  return {
    now: NOW,
    network: { chainId: 11155111n, maxHeadAgeSeconds: 60, name: 'Sepolia' },
    head: { blockNumber: 100n, blockHash: HASH, timestamp: BigInt(NOW - 12), signedBy: { participants: 500, committeeSize: 512 } },
    account: { address: ADDRESS, nonce: 7n, balance: 2n * ETH, blockNumber: 100n, blockHash: HASH },
    pending: [],
    origin: { kind: 'site', origin: 'https://app.example', permitted: true },
    nextBaseFee: 10n * GWEI,
    tx: { from: ADDRESS, chainId: 11155111n, nonce: 7n, value: ETH, gasLimit: 21000n, maxFeePerGas: 20n * GWEI, gasSource: 'verified-estimate' },
  };
}

/** The base input with some fields replaced; object fields are merged, `undefined` removes. */
type Patch = {
  now?: number;
  network?: Partial<PolicyInput['network']>;
  head?: Partial<NonNullable<PolicyInput['head']>> | undefined;
  newestHead?: PolicyInput['newestHead'];
  account?: Partial<NonNullable<PolicyInput['account']>> | undefined;
  pending?: PolicyInput['pending'];
  origin?: RequestOrigin;
  nextBaseFee?: bigint | undefined;
  tx?: Partial<PolicyInput['tx']>;
};

function withInput(patch: Patch): PolicyInput {
  const out = base() as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(patch)) {
    const merge = value !== undefined && typeof value === 'object' && !Array.isArray(value) && key !== 'origin';
    out[key] = merge ? { ...(out[key] as object), ...value } : value;
  }
  return out as unknown as PolicyInput;
}

const codes = (v: PolicyVerdict): string[] => (v.ok ? [] : v.refusals.map((r) => r.code));
const cost = (tx: PolicyInput['tx']): bigint => tx.value + tx.maxFeePerGas * tx.gasLimit;

describe('transaction policy, each rule at its boundary', () => {
  it('the base input signs, and the facts are the proven values', () => {
    const v = checkTransactionPolicy(base());
    expect(v).toEqual({
      ok: true,
      warnings: [],
      facts: {
        network: 'Sepolia',
        chainId: 11155111n,
        blockNumber: 100n,
        blockHash: HASH,
        headAgeSeconds: 12,
        nonce: 7n,
        balance: 2n * ETH,
        pendingCount: 0,
        pendingMaxCost: 0n,
        maxCost: ETH + 21000n * 20n * GWEI,
        balanceAfter: ETH - 21000n * 20n * GWEI,
      },
    });
  });

  it('head age: exactly the bound is fresh, one second more is stale', () => {
    const at = (age: number) => checkTransactionPolicy(withInput({ head: { timestamp: BigInt(NOW - age) } }));
    expect(at(60).ok).toBe(true);
    const stale = at(61);
    expect(codes(stale)).toEqual(['STALE_HEAD']);
    expect(stale.ok ? undefined : stale.refusals[0]).toEqual({
      code: 'STALE_HEAD',
      severity: 'refusal',
      message: "Vigil's newest verified Sepolia block (100) is 1 min 1 s old, more than the 1 min it accepts; it signs again once the light client catches up.",
      expected: 'at most 60 s',
      got: '61 s',
    });
    expect(codes(at(3 * 86400 + 7200))).toEqual(['STALE_HEAD']);
  });

  it("the head-age bound is ten of the network's slots and never under a minute, not rounded", () => {
    expect([12, 6, 2, 7, 6.5].map(signingHeadAgeSeconds)).toEqual([120, 60, 60, 70, 65]);
    // Mainnet's bound, as the policy applies it: a head of 120 s passes, one of 121 s is stale.
    const at = (age: number) => checkTransactionPolicy(withInput({ network: { maxHeadAgeSeconds: signingHeadAgeSeconds(12) }, head: { timestamp: BigInt(NOW - age) } }));
    expect(at(120).ok).toBe(true);
    expect(codes(at(121))).toEqual(['STALE_HEAD']);
  });

  it('a bound of zero accepts only a head from this second (or within the skew ahead)', () => {
    const at = (age: number) => checkTransactionPolicy(withInput({ network: { maxHeadAgeSeconds: 0 }, head: { timestamp: BigInt(NOW - age) } }));
    expect(at(0).ok).toBe(true);
    expect(codes(at(1))).toEqual(['STALE_HEAD']);
  });

  it('a head from the future: up to the skew is accepted, one second more is refused, saying why', () => {
    const ahead = (s: number) => checkTransactionPolicy(withInput({ head: { timestamp: BigInt(NOW + s) } }));
    const ok = ahead(MAX_HEAD_FUTURE_SKEW_SECONDS);
    expect(ok.ok && ok.facts.headAgeSeconds).toBe(-MAX_HEAD_FUTURE_SKEW_SECONDS);
    const v = ahead(MAX_HEAD_FUTURE_SKEW_SECONDS + 1);
    expect(codes(v)).toEqual(['STALE_HEAD']);
    expect(v.ok ? '' : v.refusals[0]!.message).toMatch(/13 s after your computer's clock; the clock is probably behind/);
  });

  it('no verified head is STALE_HEAD', () => {
    const v = checkTransactionPolicy(withInput({ head: undefined }));
    expect(codes(v)).toEqual(['STALE_HEAD']);
    expect(v.ok ? '' : v.refusals[0]!.message).toBe('Vigil has no verified Sepolia block yet, so it cannot prove your balance and nonce.');
    // What was proven is still shown.
    expect(v.facts).toMatchObject({ blockNumber: 100n, nonce: 7n, balance: 2n * ETH });
  });

  describe('the head signatures rest on: signed by two thirds of its sync committee', () => {
    const signedBy = (participants: number, committeeSize: number) => ({ head: { signedBy: { participants, committeeSize } } });
    /** A newer head, 4 s old, that 16 of 32 signed. */
    const thin = { blockNumber: 103n, blockHash: OTHER_HASH, timestamp: BigInt(NOW - 4), signedBy: { participants: 16, committeeSize: 32 } };

    it('3 · participants ≥ 2 · committee size signs; one member fewer is HEAD_THINLY_SIGNED', () => {
      for (const [ok, no, size] of [[22, 21, 32], [342, 341, 512], [2, 1, 3], [1, 0, 1]] as const) {
        expect(checkTransactionPolicy(withInput(signedBy(ok, size))).ok, `${ok}/${size}`).toBe(true);
        const v = checkTransactionPolicy(withInput(signedBy(no, size)));
        expect(codes(v), `${no}/${size}`).toEqual(['HEAD_THINLY_SIGNED']);
      }
      const v = checkTransactionPolicy(withInput(signedBy(21, 32)));
      expect(v.ok ? undefined : v.refusals[0]).toEqual({
        code: 'HEAD_THINLY_SIGNED',
        severity: 'refusal',
        message: "Vigil's newest verified Sepolia block (100) was signed by fewer than two thirds of its sync committee (21 of 32); it signs only against a block signed by at least 22 of the 32 members of its sync committee, at most 60 s old.",
        expected: 'a block signed by at least 22 of the 32 members of its sync committee, at most 60 s old',
        got: 'block 100: 21 of 32',
      });
    });

    it('a head whose signers are not known (kept from before they were counted) is refused, even fresh', () => {
      const v = checkTransactionPolicy(withInput({ head: { signedBy: null } }));
      expect(codes(v)).toEqual(['HEAD_THINLY_SIGNED']);
      expect(v.ok ? undefined : v.refusals[0]).toMatchObject({ got: 'block 100: not known', expected: 'a block signed by at least two thirds of the members of its sync committee, at most 60 s old' });
      // Nonsense counts are no supermajority either.
      for (const bad of [{ participants: 33, committeeSize: 32 }, { participants: 0, committeeSize: 0 }, { participants: -1, committeeSize: 3 }, { participants: 2.5, committeeSize: 3 }]) {
        expect(codes(checkTransactionPolicy(withInput({ head: { signedBy: bad } }))), JSON.stringify(bad)).toEqual(['HEAD_THINLY_SIGNED']);
      }
    });

    it('a newer thinly signed head changes nothing while the supermajority head is fresh: the facts are its', () => {
      const v = checkTransactionPolicy(withInput({ newestHead: thin }));
      expect(v.ok).toBe(true);
      expect(v.ok && [v.facts.blockNumber, v.facts.headAgeSeconds]).toEqual([100n, 12]);
    });

    it('once the supermajority head is too old, a newer thin one is HEAD_THINLY_SIGNED naming both and the head it needs', () => {
      const v = checkTransactionPolicy(withInput({ head: { timestamp: BigInt(NOW - 61) }, newestHead: thin }));
      expect(codes(v)).toEqual(['HEAD_THINLY_SIGNED']);
      expect(v.ok ? undefined : v.refusals[0]).toEqual({
        code: 'HEAD_THINLY_SIGNED',
        severity: 'refusal',
        message:
          "Vigil's newest verified Sepolia block (103) was signed by fewer than two thirds of its sync committee (16 of 32); the newest block two thirds signed (100) is 1 min 1 s old, more than the 1 min it accepts; it signs only against a block signed by at least 22 of the 32 members of its sync committee, at most 60 s old.",
        expected: 'a block signed by at least 22 of the 32 members of its sync committee, at most 60 s old',
        got: 'block 103: 16 of 32; block 100: 61 s old',
      });
      // Without the thin one it is plain staleness; with a thin one no newer, too.
      expect(codes(checkTransactionPolicy(withInput({ head: { timestamp: BigInt(NOW - 61) } })))).toEqual(['STALE_HEAD']);
      expect(codes(checkTransactionPolicy(withInput({ head: { timestamp: BigInt(NOW - 61) }, newestHead: { ...thin, blockNumber: 100n } })))).toEqual(['STALE_HEAD']);
    });

    it('no supermajority head at all, only thin ones: HEAD_THINLY_SIGNED, not STALE_HEAD', () => {
      const v = checkTransactionPolicy(withInput({ head: undefined, newestHead: thin }));
      expect(codes(v)).toEqual(['HEAD_THINLY_SIGNED']);
      expect(v.ok ? '' : v.refusals[0]!.message).toBe(
        "Vigil's newest verified Sepolia block (103) was signed by fewer than two thirds of its sync committee (16 of 32), and no block two thirds signed is verified yet; it signs only against a block signed by at least 22 of the 32 members of its sync committee, at most 60 s old.",
      );
      expect(() => assertTransactionPolicy(withInput({ head: undefined, newestHead: thin }))).toThrow(expect.objectContaining({ code: 'HEAD_THINLY_SIGNED' }));
    });

    it("the user's own --header (offline) is taken at its word", () => {
      expect(checkTransactionPolicy(withInput({ head: { signedBy: 'user' } })).ok).toBe(true);
    });
  });

  it("a chain id other than the verified network's", () => {
    for (const chainId of [1n, 11155110n, 11155112n]) {
      const v = checkTransactionPolicy(withInput({ tx: { chainId } }));
      expect(codes(v)).toEqual(['CHAIN_MISMATCH']);
      expect(v.ok ? undefined : v.refusals[0]).toMatchObject({ expected: '11155111', got: chainId.toString() });
    }
  });

  it('permission: a site without it is refused; the wallet itself is permitted', () => {
    const v = checkTransactionPolicy(withInput({ origin: { kind: 'site', origin: 'https://evil.example', permitted: false } }));
    expect(codes(v)).toEqual(['NOT_PERMITTED']);
    expect(v.ok ? '' : v.refusals[0]!.message).toBe(`https://evil.example is not connected to ${ADDRESS}; connect the account to this site first.`);
    expect(checkTransactionPolicy(withInput({ origin: { kind: 'wallet' } })).ok).toBe(true);
  });

  it('permission: from must be the proven account (addresses compare without case)', () => {
    expect(codes(checkTransactionPolicy(withInput({ tx: { from: OTHER } })))).toEqual(['NOT_PERMITTED']);
    expect(codes(checkTransactionPolicy(withInput({ tx: { from: OTHER }, origin: { kind: 'wallet' } })))).toEqual(['NOT_PERMITTED']);
    expect(checkTransactionPolicy(withInput({ tx: { from: `0x${ADDRESS.slice(2).toUpperCase()}` } })).ok).toBe(true);
  });

  it('nonce: off by one either way is refused, with the expected nonce', () => {
    for (const nonce of [6n, 8n]) {
      const v = checkTransactionPolicy(withInput({ tx: { nonce } }));
      expect(codes(v)).toEqual(['NONCE_NOT_VERIFIED']);
      expect(v.ok ? undefined : v.refusals[0]).toMatchObject({ expected: '7', got: nonce.toString() });
    }
    const v = checkTransactionPolicy(withInput({ tx: { nonce: 8n } }));
    expect(v.ok ? '' : v.refusals[0]!.message).toBe("The transaction's nonce is 8, but the next one is 7 (proven nonce 7 at block 100).");
  });

  it('nonce: an unproven account is refused', () => {
    const v = checkTransactionPolicy(withInput({ account: undefined }));
    expect(codes(v)).toEqual(['NONCE_NOT_VERIFIED']);
    expect(v.facts).toEqual({ network: 'Sepolia', chainId: 11155111n, headAgeSeconds: 12, maxCost: ETH + 21000n * 20n * GWEI });
  });

  it('nonce: an account proven at another block than the head is refused (older, newer, other fork)', () => {
    for (const account of [{ blockNumber: 99n }, { blockNumber: 101n }, { blockHash: OTHER_HASH }]) {
      expect(codes(checkTransactionPolicy(withInput({ account })))).toEqual(['NONCE_NOT_VERIFIED']);
    }
    // The same hash in other letters is the same block.
    expect(checkTransactionPolicy(withInput({ account: { blockHash: HASH.toUpperCase().replace('0X', '0x') } })).ok).toBe(true);
  });

  it('nonce: own pending transactions count when contiguous from the proven nonce', () => {
    const pending = [
      { nonce: 8n, maxCost: 1n },
      { nonce: 7n, maxCost: 2n },
    ];
    expect(checkTransactionPolicy(withInput({ pending, tx: { nonce: 9n } })).ok).toBe(true);
    expect(codes(checkTransactionPolicy(withInput({ pending, tx: { nonce: 7n } })))).toEqual(['NONCE_NOT_VERIFIED']);
    expect(codes(checkTransactionPolicy(withInput({ pending, tx: { nonce: 10n } })))).toEqual(['NONCE_NOT_VERIFIED']);
    // Already included ones (below the proven nonce) are ignored.
    expect(checkTransactionPolicy(withInput({ pending: [...pending, { nonce: 5n, maxCost: 10n * ETH }], tx: { nonce: 9n } })).ok).toBe(true);
  });

  it('nonce: a gap in the pending nonces is refused, naming the missing nonce', () => {
    for (const pending of [[{ nonce: 8n, maxCost: 1n }], [{ nonce: 7n, maxCost: 1n }, { nonce: 9n, maxCost: 1n }]]) {
      const n = 7n + BigInt(pending.length);
      const v = checkTransactionPolicy(withInput({ pending, tx: { nonce: n } }));
      expect(codes(v)).toEqual(['NONCE_NOT_VERIFIED']);
      expect(v.ok ? '' : v.refusals[0]!.message).toMatch(/skip nonce (7|8) /);
    }
  });

  it('nonce: the transaction that fills the lowest missing nonce is accepted (a stopped batch left the gap), and its cost still counts the ones above', () => {
    // Nonce 8 waits above a gap at 7: the next transaction takes 7, never refused because of the gap it fills.
    const pending = [{ nonce: 8n, maxCost: ETH / 2n }];
    const v = checkTransactionPolicy(withInput({ pending, tx: { nonce: 7n } }));
    expect(v.ok && [v.facts.pendingCount, v.facts.pendingMaxCost]).toEqual([1, ETH / 2n]);
    const poor = checkTransactionPolicy(withInput({ pending, tx: { nonce: 7n }, account: { balance: ETH } }));
    expect(codes(poor)).toEqual(['INSUFFICIENT_VERIFIED_BALANCE']);
    // With two gaps (8 and 10 missing), only the lowest.
    const two = [{ nonce: 7n, maxCost: 1n }, { nonce: 9n, maxCost: 1n }, { nonce: 11n, maxCost: 1n }];
    expect(checkTransactionPolicy(withInput({ pending: two, tx: { nonce: 8n } })).ok).toBe(true);
    const v10 = checkTransactionPolicy(withInput({ pending: two, tx: { nonce: 10n } }));
    expect(v10.ok ? undefined : v10.refusals[0]).toMatchObject({ code: 'NONCE_NOT_VERIFIED', expected: '8', got: '10' });
  });

  it('nonce: a speed-up or cancel of a transaction waiting above a gap is judged at its own nonce, not refused for the gap', () => {
    const pending = [{ nonce: 9n, maxCost: ETH / 2n }];
    const replaces = { nonce: 9n, maxFeePerGas: 20n * GWEI, maxPriorityFeePerGas: 2n * GWEI };
    const v = checkTransactionPolicy({ ...withInput({ pending, tx: { nonce: 9n, value: 0n, maxFeePerGas: 30n * GWEI, maxPriorityFeePerGas: 3n * GWEI } }), replaces });
    expect(v.ok).toBe(true);
  });

  it('nonce: replacements (same nonce twice) count once, with the larger cost', () => {
    const pending = [
      { nonce: 7n, maxCost: ETH / 2n },
      { nonce: 7n, maxCost: ETH / 4n },
    ];
    const v = checkTransactionPolicy(withInput({ pending, tx: { nonce: 8n } }));
    expect(v.ok && [v.facts.pendingCount, v.facts.pendingMaxCost]).toEqual([1, ETH / 2n]);
  });

  it('balance: exactly the cost signs, one wei less is refused', () => {
    const tx = base().tx;
    expect(checkTransactionPolicy(withInput({ account: { balance: cost(tx) } })).ok).toBe(true);
    const v = checkTransactionPolicy(withInput({ account: { balance: cost(tx) - 1n } }));
    expect(codes(v)).toEqual(['INSUFFICIENT_VERIFIED_BALANCE']);
    expect(v.ok ? undefined : v.refusals[0]).toEqual({
      code: 'INSUFFICIENT_VERIFIED_BALANCE',
      severity: 'refusal',
      message: 'This transaction may cost up to 1.00042 ETH, more than the 1.000419999999999999 ETH proven at block 100.',
      expected: `at most ${cost(tx) - 1n} wei`,
      got: `${cost(tx)} wei`,
    });
    expect(v.facts.balanceAfter).toBe(-1n);
  });

  it('balance: what own pending transactions may spend is reserved', () => {
    const tx = { ...base().tx, nonce: 9n };
    const pending = [
      { nonce: 7n, maxCost: 3n * ETH },
      { nonce: 8n, maxCost: 5n },
      { nonce: 6n, maxCost: 100n * ETH }, // already included: not reserved
    ];
    const need = cost(tx) + 3n * ETH + 5n;
    expect(checkTransactionPolicy(withInput({ tx, pending, account: { balance: need } })).ok).toBe(true);
    const v = checkTransactionPolicy(withInput({ tx, pending, account: { balance: need - 1n } }));
    expect(codes(v)).toEqual(['INSUFFICIENT_VERIFIED_BALANCE']);
    expect(v.ok ? '' : v.refusals[0]!.message).toMatch(/and your pending ones up to 3\.000000000000000005 ETH/);
  });

  it('unattended (a forced-exit step, no window): the fee cap at 2 × next base fee + verified tip signs, one wei above is refused', () => {
    const unattended = { verifiedTip: 2n * GWEI, maxCost: ETH };
    // 2 × 10 gwei + 2 gwei = 22 gwei; the cost is then 21000 × 22 gwei + the 1 ETH sent: cap it above.
    const input = (maxFeePerGas: bigint, nextBaseFee: bigint | 'none' = 10n * GWEI) =>
      ({ ...withInput({ tx: { maxFeePerGas }, nextBaseFee: nextBaseFee === 'none' ? undefined : nextBaseFee }), unattended: { ...unattended, maxCost: 2n * ETH } });
    expect(checkTransactionPolicy(input(22n * GWEI)).ok).toBe(true);
    const v = checkTransactionPolicy(input(22n * GWEI + 1n));
    expect(codes(v)).toEqual(['FEE_ABOVE_CEILING']);
    expect(v.ok ? '' : v.refusals[0]!.message).toMatch(/above 2 × the verified next base fee \(10 gwei\) \+ the verified tip \(2 gwei\)/);
    // No verified base fee: nothing bounds it, so nothing is signed without a window.
    expect(codes(checkTransactionPolicy(input(20n * GWEI, 'none')))).toEqual(['FEE_ABOVE_CEILING']);
    // The same input with a window: no such bound.
    expect(checkTransactionPolicy(withInput({ tx: { maxFeePerGas: 30n * GWEI } })).ok).toBe(true);
  });

  it('unattended replacement (a step re-signed at its nonce): its fee cap may reach the least the replacement rule asks, one wei above that is refused', () => {
    // The step pending at nonce 7 offered 22 gwei; re-signed, the rule asks 24.75 gwei, above 2 × 10 gwei + 2 gwei.
    const replaces = { nonce: 7n, maxFeePerGas: 22n * GWEI, maxPriorityFeePerGas: 2n * GWEI };
    const input = (maxFeePerGas: bigint) =>
      ({ ...withInput({ tx: { nonce: 7n, maxFeePerGas, maxPriorityFeePerGas: 2_250_000_000n }, nextBaseFee: 10n * GWEI, pending: [{ nonce: 7n, maxCost: ETH }] }), replaces, unattended: { verifiedTip: 2n * GWEI, maxCost: 2n * ETH } }) as PolicyInput;
    expect(checkTransactionPolicy(input(24_750_000_000n)).ok).toBe(true);
    const v = checkTransactionPolicy(input(24_750_000_000n + 1n));
    expect(codes(v)).toEqual(['FEE_ABOVE_CEILING']);
    expect(v.ok ? undefined : v.refusals[0]).toMatchObject({ expected: 'at most 24750000000 wei per gas' });
    // Without `replaces` the same fee is above what Vigil pays unattended.
    const { replaces: _r, ...plain } = input(24_750_000_000n);
    expect(codes(checkTransactionPolicy({ ...plain, pending: [] }))).toContain('FEE_ABOVE_CEILING');
  });

  it('unattended: fees at the cap plus the value sent at most maxCost, one wei more is refused with the numbers', () => {
    const cost = ETH + 21000n * 20n * GWEI;
    const at = (maxCost: bigint) => ({ ...withInput({}), unattended: { verifiedTip: 10n * GWEI, maxCost } });
    expect(checkTransactionPolicy(at(cost)).ok).toBe(true);
    const v = checkTransactionPolicy(at(cost - 1n));
    expect(codes(v)).toEqual(['FEE_ABOVE_CAP']);
    expect(v.ok ? undefined : v.refusals[0]).toMatchObject({ expected: `at most ${cost - 1n} wei`, got: `${cost} wei` });
    expect(v.ok ? '' : v.refusals[0]!.message).toMatch(/may cost up to 1\.00042 ETH \(21000 gas at up to 20 gwei, plus 1 ETH sent\), more than the 1\.000419999999999999 ETH Vigil spends without asking you/);
    // Both bounds broken: the per-gas one first.
    expect(codes(checkTransactionPolicy({ ...withInput({ tx: { maxFeePerGas: 100n * GWEI } }), unattended: { verifiedTip: 0n, maxCost: 0n } }))).toEqual(['FEE_ABOVE_CEILING', 'FEE_ABOVE_CAP']);
  });

  it('replacement: the pending nonce, both fees +12.5% (one wei less refused), the dearer of the two counted once', () => {
    // Nonce 7 is pending (proven nonce 7) at 20 gwei cap, 2 gwei tip, costing up to 1.5 ETH.
    const replaces = { nonce: 7n, maxFeePerGas: 20n * GWEI, maxPriorityFeePerGas: 2n * GWEI };
    const input = (tx: Partial<PolicyInput['tx']>, over: Partial<PolicyInput> = {}) =>
      ({ ...withInput({ tx: { nonce: 7n, maxFeePerGas: 22_500_000_000n, maxPriorityFeePerGas: 2_250_000_000n, ...tx }, pending: [{ nonce: 7n, maxCost: (3n * ETH) / 2n }] }), replaces, ...over }) as PolicyInput;
    const ok = checkTransactionPolicy(input({}));
    expect(ok.ok).toBe(true);
    // Balance 2 ETH: the replacement (1 ETH + fees) and the original (1.5 ETH) are never both paid.
    expect(ok.ok && ok.facts.balanceAfter).toBe(2n * ETH - (3n * ETH) / 2n);
    expect(codes(checkTransactionPolicy(input({ maxFeePerGas: 22_500_000_000n - 1n })))).toEqual(['REPLACEMENT_UNDERPRICED']);
    expect(codes(checkTransactionPolicy(input({ maxPriorityFeePerGas: 2_250_000_000n - 1n })))).toEqual(['REPLACEMENT_UNDERPRICED']);
    // Another nonce than the replaced one, or a nonce the proven account has used already.
    // (Then both are paid: 2.5 ETH, more than the 2 proven.)
    expect(codes(checkTransactionPolicy(input({ nonce: 8n })))).toEqual(['NONCE_NOT_VERIFIED', 'INSUFFICIENT_VERIFIED_BALANCE']);
    const used = checkTransactionPolicy(input({ nonce: 6n }, { replaces: { ...replaces, nonce: 6n } }));
    expect(codes(used)).toEqual(['NONCE_NOT_VERIFIED']);
    expect(used.ok ? '' : used.refusals[0]!.message).toMatch(/nothing left to replace/);
    // Without `replaces`, the same transaction is refused: nonce 7 is taken by the pending one (and both would be paid).
    const { replaces: _r, ...plain } = input({});
    expect(codes(checkTransactionPolicy(plain))).toEqual(['NONCE_NOT_VERIFIED', 'INSUFFICIENT_VERIFIED_BALANCE']);
  });

  it('fee: the fee cap at the next base fee signs, one wei below is refused, no base fee skips the check', () => {
    expect(checkTransactionPolicy(withInput({ nextBaseFee: 20n * GWEI })).ok).toBe(true);
    const v = checkTransactionPolicy(withInput({ nextBaseFee: 20n * GWEI + 1n }));
    expect(codes(v)).toEqual(['FEE_BELOW_BASE_FEE']);
    expect(v.ok ? '' : v.refusals[0]!.message).toBe(
      "The fee cap of 20 gwei is below the next block's base fee of 20.000000001 gwei, so the transaction cannot be included.",
    );
    expect(checkTransactionPolicy(withInput({ nextBaseFee: undefined, tx: { maxFeePerGas: 0n } })).ok).toBe(true);
  });

  it('out-of-range fields are INVALID_TRANSACTION', () => {
    const cases: Partial<PolicyInput['tx']>[] = [
      { value: -1n },
      { value: U256 },
      { gasLimit: -1n },
      { maxFeePerGas: U256 },
      { nonce: -1n },
      { chainId: -1n },
      { from: '0x1234' },
    ];
    for (const tx of cases) {
      const v = checkTransactionPolicy(withInput({ tx }));
      expect(codes(v)[0]).toBe('INVALID_TRANSACTION');
    }
    // The largest values are in range (and then simply too expensive).
    expect(codes(checkTransactionPolicy(withInput({ tx: { value: U256 - 1n } })))).toEqual(['INSUFFICIENT_VERIFIED_BALANCE']);
  });

  it('a dApp-chosen gas limit is a warning, not a refusal', () => {
    const v = checkTransactionPolicy(withInput({ tx: { gasSource: 'dapp' } }));
    expect(v.ok).toBe(true);
    expect(v.warnings.map((w) => [w.code, w.severity])).toEqual([['GAS_NOT_VERIFIED', 'warning']]);
    expect(checkTransactionPolicy(withInput({ tx: { gasSource: 'user' } })).warnings).toEqual([]);
  });

  it('every failing rule is reported, most fundamental first', () => {
    const v = checkTransactionPolicy(
      withInput({
        tx: { chainId: 1n, nonce: 3n, maxFeePerGas: GWEI, value: 10n * ETH, gasSource: 'dapp' },
        head: { timestamp: BigInt(NOW - 600) },
        origin: { kind: 'site', origin: 'https://x.example', permitted: false },
      }),
    );
    expect(codes(v)).toEqual(['CHAIN_MISMATCH', 'STALE_HEAD', 'NOT_PERMITTED', 'NONCE_NOT_VERIFIED', 'INSUFFICIENT_VERIFIED_BALANCE', 'FEE_BELOW_BASE_FEE']);
    expect(v.warnings.map((w) => w.code)).toEqual(['GAS_NOT_VERIFIED']);
  });

  it('assertTransactionPolicy returns the facts or throws the first refusal, the others in details', () => {
    expect(assertTransactionPolicy(base())).toEqual((checkTransactionPolicy(base()) as { facts: unknown }).facts);
    const input = withInput({ tx: { chainId: 1n, nonce: 8n } });
    let err: unknown;
    try {
      assertTransactionPolicy(input);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(WalletError);
    const w = err as WalletError;
    expect([w.code, w.expected, w.got]).toEqual(['CHAIN_MISMATCH', '11155111', '1']);
    expect(w.shortMessage).toBe('The transaction is for chain 1, but Vigil verifies Sepolia (chain 11155111): expected 11155111, got 1');
    expect(w.details).toMatch(/^NONCE_NOT_VERIFIED: /);
  });

  it("the caller's own malformed inputs throw InputError", () => {
    expect(() => checkTransactionPolicy(withInput({ now: NOW + 0.5 }))).toThrow(InputError);
    expect(() => checkTransactionPolicy(withInput({ network: { maxHeadAgeSeconds: -1 } }))).toThrow(InputError);
    expect(() => checkTransactionPolicy(withInput({ account: { balance: -1n } }))).toThrow(InputError);
    expect(() => checkTransactionPolicy(withInput({ pending: [{ nonce: 7n, maxCost: -1n }] }))).toThrow(InputError);
    expect(() => checkTransactionPolicy(withInput({ nextBaseFee: -1n }))).toThrow(InputError);
  });
});

describe('message policy', () => {
  const site = (permitted: boolean): RequestOrigin => ({ kind: 'site', origin: 'https://app.example', permitted });
  const network = { chainId: 1n, name: 'Mainnet' };

  it('needs the permission (the wallet itself has it)', () => {
    expect(checkMessagePolicy({ origin: site(true), from: ADDRESS, network })).toEqual({ ok: true });
    expect(checkMessagePolicy({ origin: { kind: 'wallet' }, from: ADDRESS, network })).toEqual({ ok: true });
    const v = checkMessagePolicy({ origin: site(false), from: ADDRESS, network });
    expect(v.ok ? [] : v.refusals.map((r) => r.code)).toEqual(['NOT_PERMITTED']);
  });

  it("typed data must name the verified chain when it names one", () => {
    expect(checkMessagePolicy({ origin: site(true), from: ADDRESS, network, typedDataChainId: 1n })).toEqual({ ok: true });
    const v = checkMessagePolicy({ origin: site(false), from: ADDRESS, network, typedDataChainId: 10n });
    expect(v.ok ? [] : v.refusals.map((r) => [r.code, r.expected, r.got])).toEqual([
      ['INVALID_TYPED_DATA', '1', '10'],
      ['NOT_PERMITTED', undefined, undefined],
    ]);
    expect(v.ok ? '' : v.refusals[0]!.message).toBe(
      'The data to sign is for chain 10, but Vigil verifies Mainnet (chain 1); a signature could be used there.',
    );
    expect(() => assertMessagePolicy({ origin: site(true), from: ADDRESS, network, typedDataChainId: 5n })).toThrow(
      expect.objectContaining({ code: 'INVALID_TYPED_DATA' }),
    );
    expect(() => assertMessagePolicy({ origin: site(true), from: ADDRESS, network })).not.toThrow();
  });

  it('property: ok iff permitted (or the wallet) and the domain chain, if any, is the verified one', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.constant<RequestOrigin>({ kind: 'wallet' }), fc.boolean().map(site)),
        fc.option(fc.bigInt(0n, 3n), { nil: undefined }),
        fc.bigInt(0n, 3n),
        (origin, typedDataChainId, chainId) => {
          const v = checkMessagePolicy({ origin, from: ADDRESS, network: { chainId }, ...(typedDataChainId !== undefined ? { typedDataChainId } : {}) });
          const permitted = origin.kind === 'wallet' || origin.permitted;
          const chainOk = typedDataChainId === undefined || typedDataChainId === chainId;
          expect(v.ok).toBe(permitted && chainOk);
        },
      ),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

/** The rules again, as plain formulas over the input, independent of src/wallet/policy.ts. */
function failingRules(i: PolicyInput): string[] {
  const { tx, head, account, network, now } = i;
  const outOfRange = (v: bigint) => v < 0n || v >= U256;
  const p = account?.nonce ?? 0n;
  const ahead = i.pending.filter((x) => x.nonce >= p);
  const distinct = [...new Set(ahead.map((x) => x.nonce))];
  const reserved = distinct.reduce((sum, n) => sum + ahead.filter((x) => x.nonce === n).reduce((m, x) => (x.maxCost > m ? x.maxCost : m), 0n), 0n);
  // The lowest nonce at or above the proven one that no pending transaction holds (past them all, or the first gap).
  let lowestFree = p;
  while (distinct.includes(lowestFree)) lowestFree++;
  const sameBlock = !head || !account || (head.blockNumber === account.blockNumber && head.blockHash.toLowerCase() === account.blockHash.toLowerCase());
  // Two thirds: 3 · participants ≥ 2 · committee size; the user's own --header counts as theirs.
  const supermajority = (s: NonNullable<PolicyInput['head']>['signedBy']) => s === 'user' || (s !== null && s.committeeSize > 0 && 3 * s.participants >= 2 * s.committeeSize);
  const tooOld = (h: NonNullable<PolicyInput['head']>) => BigInt(now) - h.timestamp > BigInt(network.maxHeadAgeSeconds);
  const thinNewer = !!i.newestHead && !supermajority(i.newestHead.signedBy) && (!head || i.newestHead.blockNumber > head.blockNumber);

  const rules: [string, boolean][] = [
    ['INVALID_TRANSACTION', [tx.chainId, tx.nonce, tx.value, tx.gasLimit, tx.maxFeePerGas].some(outOfRange) || !/^0x[0-9a-fA-F]{40}$/.test(tx.from)],
    ['CHAIN_MISMATCH', tx.chainId !== network.chainId],
    ['HEAD_THINLY_SIGNED', head ? !supermajority(head.signedBy) || (tooOld(head) && thinNewer) : thinNewer],
    ['STALE_HEAD', head ? supermajority(head.signedBy) && ((tooOld(head) && !thinNewer) || head.timestamp - BigInt(now) > 12n) : !thinNewer],
    ['NOT_PERMITTED', (i.origin.kind === 'site' && !i.origin.permitted) || (!!account && tx.from.toLowerCase() !== account.address.toLowerCase())],
    ['NONCE_NOT_VERIFIED', !account || !sameBlock || tx.nonce !== lowestFree],
    ['INSUFFICIENT_VERIFIED_BALANCE', !!account && tx.value + tx.maxFeePerGas * tx.gasLimit + reserved > account.balance],
    ['FEE_BELOW_BASE_FEE', i.nextBaseFee !== undefined && tx.maxFeePerGas < i.nextBaseFee],
    ['FEE_ABOVE_CEILING', !!i.unattended && (i.nextBaseFee === undefined || tx.maxFeePerGas > 2n * i.nextBaseFee + i.unattended.verifiedTip)],
    ['FEE_ABOVE_CAP', !!i.unattended && tx.value + tx.maxFeePerGas * tx.gasLimit > i.unattended.maxCost],
  ];
  return rules.filter(([, fails]) => fails).map(([code]) => code);
}

/** The codes the generated inputs reach (a replacement has its own boundary test above). */
const ORDER = ['INVALID_TRANSACTION', 'CHAIN_MISMATCH', 'HEAD_THINLY_SIGNED', 'STALE_HEAD', 'NOT_PERMITTED', 'NONCE_NOT_VERIFIED', 'INSUFFICIENT_VERIFIED_BALANCE', 'FEE_BELOW_BASE_FEE', 'FEE_ABOVE_CEILING', 'FEE_ABOVE_CAP'];

const hex = (bytes: number) => fc.uint8Array({ minLength: bytes, maxLength: bytes }).map((b) => `0x${Buffer.from(b).toString('hex')}`);
const mixedCase = (s: string, flip: boolean) => (flip ? `0x${s.slice(2).toUpperCase()}` : s);
/** Mostly the first, sometimes one of the others. */
const mostly = <T>(usual: fc.Arbitrary<T>, ...others: fc.Arbitrary<T>[]) =>
  fc.oneof({ weight: 8 * others.length, arbitrary: usual }, ...others.map((arbitrary) => ({ weight: 1, arbitrary })));

type AgeKnob = 'bound' | 'skew' | 'bound+1' | 'skew+1' | 'none' | number | { raw: number };
type ProofKnob = { flipHash: boolean } | 'unproven' | 'older' | 'newer' | 'fork';
type FromKnob = 'same' | 'upper' | 'other' | 'malformed';
type BaseFeeKnob = { below: bigint | 'none' } | { above: bigint };
type SignersKnob = { size: number; count: number } | 'user' | 'unknown';

/**
 * Inputs near every boundary. With `okOnly`, every knob takes a passing value (so the input
 * signs); otherwise each knob usually passes and sometimes sits just past its boundary.
 */
function inputs(okOnly: boolean): fc.Arbitrary<PolicyInput> {
  const pick = <T>(good: fc.Arbitrary<T>, ...bad: fc.Arbitrary<T>[]) => (okOnly ? good : mostly(good, ...bad));
  return fc
    .record({
      now: fc.integer({ min: 1_600_000_000, max: 2_000_000_000 }),
      bound: fc.oneof(fc.constantFrom(0, 12, 60, 384), fc.integer({ min: 0, max: 100_000 })),
      chainId: fc.constantFrom(1n, 17000n, 11155111n, 560048n),
      chainDelta: pick(fc.constant(0n), fc.constantFrom(-1n, 1n), fc.bigInt(-(2n ** 70n), 2n ** 70n)),
      // Age relative to the bound: a position inside [−skew, bound], or just outside it.
      age: pick<AgeKnob>(
        fc.oneof(fc.constantFrom<AgeKnob>('bound', 'skew'), fc.double({ min: 0, max: 1, noNaN: true })),
        fc.constantFrom<AgeKnob>('bound+1', 'skew+1', 'none'),
        fc.integer({ min: -1_000, max: 1_000_000 }).map((n) => ({ raw: n })),
      ),
      blockNumber: fc.bigInt(0n, 30_000_000n),
      blockHash: hex(32),
      // Who signed the head, as a committee size and a count at, above or just below two thirds.
      signers: pick<SignersKnob>(
        fc.oneof(
          fc.integer({ min: 1, max: 1024 }).map((n) => ({ size: n, count: Math.ceil((2 * n) / 3) })),
          fc.integer({ min: 1, max: 1024 }).chain((n) => fc.integer({ min: Math.ceil((2 * n) / 3), max: n }).map((count) => ({ size: n, count }))),
          fc.constant<SignersKnob>('user'),
        ),
        fc.integer({ min: 1, max: 1024 }).map((n) => ({ size: n, count: Math.ceil((2 * n) / 3) - 1 })),
        fc.constant<SignersKnob>('unknown'),
      ),
      // A newer head beside it: none, thinly signed, or signed by a supermajority.
      newest: fc.constantFrom<'none' | 'thin' | 'super' | 'thin-older'>('none', 'none', 'thin', 'super', 'thin-older'),
      address: hex(20),
      proof: pick<ProofKnob>(
        fc.record({ flipHash: fc.boolean() }),
        fc.constantFrom<ProofKnob>('unproven', 'older', 'newer', 'fork'),
      ),
      from: pick(fc.constantFrom<FromKnob>('same', 'upper'), fc.constantFrom<FromKnob>('other', 'malformed')),
      origin: pick(
        fc.oneof(fc.constant<RequestOrigin>({ kind: 'wallet' }), fc.constant<RequestOrigin>({ kind: 'site', origin: 'https://a.example', permitted: true })),
        fc.constant<RequestOrigin>({ kind: 'site', origin: 'https://b.example', permitted: false }),
      ),
      provenNonce: fc.oneof(fc.bigInt(0n, 20n), fc.bigInt(0n, 2n ** 64n - 2n)),
      // Pending: a contiguous run from the proven nonce (maybe with replacements and already
      // included ones), or anything near it.
      pendingRun: fc.integer({ min: 0, max: 4 }),
      pendingExtra: pick(
        fc.array(fc.integer({ min: -3, max: -1 }), { maxLength: 2 }),
        fc.array(fc.integer({ min: -3, max: 7 }), { minLength: 1, maxLength: 4 }),
      ),
      pendingCosts: fc.array(fc.bigInt(0n, 10n ** 19n), { minLength: 12, maxLength: 12 }),
      nonceDelta: pick(fc.constant(0n), fc.constantFrom(-1n, 1n), fc.bigInt(-(2n ** 64n), 2n ** 64n)),
      value: pick(fc.oneof(fc.bigInt(0n, 10n ** 19n), fc.bigInt(0n, 2n ** 200n)), fc.constantFrom(-1n, U256, U256 + 5n)),
      gasLimit: pick(fc.oneof(fc.constant(21000n), fc.bigInt(0n, 30_000_000n)), fc.constantFrom(-1n, U256)),
      maxFeePerGas: pick(fc.oneof(fc.bigInt(0n, 500n * GWEI), fc.bigInt(0n, 2n ** 40n)), fc.constantFrom(-5n, U256)),
      // Balance relative to what is needed.
      slack: pick(fc.oneof(fc.constant(0n), fc.bigInt(0n, 10n ** 20n)), fc.constant(-1n), fc.bigInt(-(10n ** 20n), -1n)),
      // Next base fee relative to the fee cap (≤ passes).
      baseFee: pick<BaseFeeKnob>(
        fc.oneof(fc.constant<'none' | bigint>('none'), fc.constant<'none' | bigint>(0n), fc.bigInt(0n, 10n ** 12n)).map((d) => ({ below: d })),
        fc.constantFrom(1n, 2n ** 30n).map((d) => ({ above: d })),
      ),
      gasSource: fc.constantFrom<PolicyInput['tx']['gasSource']>('verified-estimate', 'dapp', 'user'),
      // Signed with no window: the verified tip and the cap relative to what the transaction needs (≥ 0 passes).
      unattended: pick<'none' | { tip: bigint; cap: bigint }>(
        fc.oneof(fc.constant<'none'>('none'), fc.record({ tip: fc.bigInt(0n, 2n ** 30n), cap: fc.bigInt(0n, 2n ** 60n) })),
        fc.record({ tip: fc.oneof(fc.constant(-1n), fc.bigInt(-(2n ** 30n), 2n ** 30n)), cap: fc.oneof(fc.constant(-1n), fc.bigInt(-(2n ** 60n), 2n ** 60n)) }),
      ),
    })
    .map((k): PolicyInput => {
      const bound = k.bound;
      let ageSeconds: number | undefined;
      if (k.age === 'bound') ageSeconds = bound;
      else if (k.age === 'skew') ageSeconds = -MAX_HEAD_FUTURE_SKEW_SECONDS;
      else if (k.age === 'bound+1') ageSeconds = bound + 1;
      else if (k.age === 'skew+1') ageSeconds = -MAX_HEAD_FUTURE_SKEW_SECONDS - 1;
      else if (k.age === 'none') ageSeconds = undefined;
      else if (typeof k.age === 'number') ageSeconds = Math.round(-MAX_HEAD_FUTURE_SKEW_SECONDS + k.age * (bound + MAX_HEAD_FUTURE_SKEW_SECONDS));
      else ageSeconds = k.age.raw;
      const signedBy = k.signers === 'user' ? ('user' as const) : k.signers === 'unknown' ? null : { participants: Math.max(0, k.signers.count), committeeSize: k.signers.size };
      const head = ageSeconds === undefined ? undefined : { blockNumber: k.blockNumber, blockHash: k.blockHash, timestamp: BigInt(k.now - ageSeconds), signedBy };
      const newestHead =
        k.newest === 'none'
          ? undefined
          : {
              blockNumber: k.blockNumber + (k.newest === 'thin-older' ? 0n : 2n),
              blockHash: OTHER_HASH,
              timestamp: BigInt(k.now),
              signedBy: k.newest === 'super' ? { participants: 30, committeeSize: 32 } : { participants: 16, committeeSize: 32 },
            };

      const p = k.provenNonce;
      const pendingNonces = [...Array.from({ length: k.pendingRun }, (_, j) => p + BigInt(j)), ...k.pendingExtra.map((d) => p + BigInt(d))].filter(
        (n) => n >= 0n,
      );
      const pending = pendingNonces.map((nonce, j) => ({ nonce, maxCost: k.pendingCosts[j % 12]! }));
      const reservedByNonce = new Map<bigint, bigint>();
      for (const x of pending) if (x.nonce >= p) reservedByNonce.set(x.nonce, (reservedByNonce.get(x.nonce) ?? 0n) > x.maxCost ? reservedByNonce.get(x.nonce)! : x.maxCost);
      const reserved = [...reservedByNonce.values()].reduce((a, b) => a + b, 0n);

      const from = k.from === 'same' ? k.address : k.from === 'upper' ? mixedCase(k.address, true) : k.from === 'other' ? OTHER : '0xnot-an-address';
      const tx: PolicyInput['tx'] = {
        from,
        chainId: k.chainId + k.chainDelta,
        nonce: p + BigInt(reservedByNonce.size) + k.nonceDelta,
        value: k.value,
        gasLimit: k.gasLimit,
        maxFeePerGas: k.maxFeePerGas,
        gasSource: k.gasSource,
      };
      const need = tx.value + tx.maxFeePerGas * tx.gasLimit + reserved;
      let balance = need + k.slack;
      if (balance < 0n) balance = 0n;
      if (balance >= U256) balance = U256 - 1n;

      let account: PolicyInput['account'];
      if (k.proof !== 'unproven') {
        const at =
          typeof k.proof === 'object'
            ? { blockNumber: k.blockNumber, blockHash: mixedCase(k.blockHash, k.proof.flipHash) }
            : k.proof === 'older'
              ? { blockNumber: k.blockNumber - 1n, blockHash: OTHER_HASH }
              : k.proof === 'newer'
                ? { blockNumber: k.blockNumber + 1n, blockHash: OTHER_HASH }
                : { blockNumber: k.blockNumber, blockHash: OTHER_HASH };
        account = { address: k.address, nonce: p, balance, ...at };
      }

      let nextBaseFee: bigint | undefined;
      if ('below' in k.baseFee) nextBaseFee = k.baseFee.below === 'none' ? undefined : tx.maxFeePerGas - k.baseFee.below;
      else nextBaseFee = tx.maxFeePerGas + k.baseFee.above;
      if (nextBaseFee !== undefined && (nextBaseFee < 0n || nextBaseFee >= U256)) nextBaseFee = 0n;
      // No verified base fee bounds nothing: a passing unattended input needs one.
      if (okOnly && k.unattended !== 'none' && nextBaseFee === undefined) nextBaseFee = 0n;
      let unattended: PolicyInput['unattended'];
      if (k.unattended !== 'none') {
        const tip = tx.maxFeePerGas - 2n * (nextBaseFee ?? 0n) + k.unattended.tip;
        const cap = tx.value + tx.maxFeePerGas * tx.gasLimit + k.unattended.cap;
        unattended = { verifiedTip: tip < 0n ? 0n : tip, maxCost: cap < 0n ? 0n : cap };
      }

      return {
        now: k.now,
        network: { chainId: k.chainId, maxHeadAgeSeconds: bound, name: 'Testnet' },
        ...(head ? { head } : {}),
        ...(newestHead ? { newestHead } : {}),
        ...(account ? { account } : {}),
        pending,
        origin: k.origin,
        ...(nextBaseFee !== undefined ? { nextBaseFee } : {}),
        tx,
        ...(unattended ? { unattended } : {}),
      };
    });
}

const RUNS = { numRuns: 2_000 };

describe('transaction policy, properties', () => {
  it('(1) ok iff no rule fails; the refusals are exactly the failing rules', () => {
    const seen = { ok: 0, refused: new Map<string, number>() };
    fc.assert(
      fc.property(inputs(false), (input) => {
        const before = structuredClone(input);
        const v = checkTransactionPolicy(input);
        const failing = failingRules(input);
        expect(v.ok).toBe(failing.length === 0);
        expect(codes(v)).toEqual(failing);
        expect(input).toEqual(before); // nothing mutated
        if (v.ok) seen.ok++;
        for (const c of failing) seen.refused.set(c, (seen.refused.get(c) ?? 0) + 1);
        // assert agrees with check
        if (v.ok) expect(assertTransactionPolicy(input)).toEqual(v.facts);
        else expect(() => assertTransactionPolicy(input)).toThrow(expect.objectContaining({ code: v.refusals[0]!.code }));
      }),
      RUNS,
    );
    // The generator reaches every outcome often enough for the property to mean something.
    expect(seen.ok).toBeGreaterThan(RUNS.numRuns / 50);
    for (const code of ORDER) expect(seen.refused.get(code) ?? 0, code).toBeGreaterThan(RUNS.numRuns / 100);
  });

  it('(1b) with every knob on its passing side, the input signs', () => {
    fc.assert(
      fc.property(inputs(true), (input) => {
        expect(failingRules(input)).toEqual([]);
        expect(checkTransactionPolicy(input).ok).toBe(true);
      }),
      RUNS,
    );
  });

  it('(2) monotone: more balance, less value, gas or fee (down to the base fee) stays ok', () => {
    const fraction = fc.bigInt(0n, 1000n);
    fc.assert(
      fc.property(inputs(true), fc.bigInt(0n, 10n ** 21n), fraction, fraction, fraction, (input, more, fv, fg, ff) => {
        expect(checkTransactionPolicy(input).ok).toBe(true);
        const { tx, account } = input;
        const floor = input.nextBaseFee ?? 0n;
        const balance = account!.balance + more < U256 ? account!.balance + more : U256 - 1n;
        const changed: PolicyInput = {
          ...input,
          account: { ...account!, balance },
          tx: {
            ...tx,
            value: (tx.value * fv) / 1000n,
            gasLimit: (tx.gasLimit * fg) / 1000n,
            maxFeePerGas: floor + ((tx.maxFeePerGas - floor) * ff) / 1000n,
          },
        };
        expect(checkTransactionPolicy(changed).ok).toBe(true);
      }),
      RUNS,
    );
  });

  it('(2b) an older head never turns a refusal into ok, nor removes a refusal', () => {
    fc.assert(
      fc.property(inputs(false), fc.oneof(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 1_000_000 })), (input, older) => {
        // A head from beyond the skew is refused for being ahead; aging it can make it honest.
        fc.pre(input.head === undefined || input.head.timestamp - BigInt(input.now) <= BigInt(MAX_HEAD_FUTURE_SKEW_SECONDS));
        const aged: PolicyInput = input.head ? { ...input, head: { ...input.head, timestamp: input.head.timestamp - BigInt(older) } } : input;
        const before = checkTransactionPolicy(input);
        const after = checkTransactionPolicy(aged);
        if (!before.ok) expect(after.ok).toBe(false);
        for (const c of codes(before)) expect(codes(after)).toContain(c);
        // The same, by the clock moving on.
        const later = checkTransactionPolicy({ ...input, now: input.now + older });
        if (!before.ok) expect(later.ok).toBe(false);
      }),
      RUNS,
    );
  });

  it('(3) the facts of an ok verdict are the proven values', () => {
    fc.assert(
      fc.property(inputs(true), (input) => {
        const v = checkTransactionPolicy(input);
        if (!v.ok) throw new Error('expected ok');
        const a = input.account!;
        const h = input.head!;
        expect(v.facts.blockNumber).toBe(a.blockNumber);
        expect(v.facts.blockHash).toBe(a.blockHash);
        expect(v.facts.blockNumber).toBe(h.blockNumber);
        expect(v.facts.balance).toBe(a.balance);
        expect(v.facts.nonce).toBe(a.nonce);
        expect(v.facts.chainId).toBe(input.network.chainId);
        expect(BigInt(v.facts.headAgeSeconds)).toBe(BigInt(input.now) - h.timestamp);
        expect(v.facts.maxCost).toBe(cost(input.tx));
        expect(v.facts.balanceAfter).toBe(a.balance - v.facts.maxCost - v.facts.pendingMaxCost);
        expect(v.facts.balanceAfter >= 0n).toBe(true);
        expect(input.tx.nonce).toBe(a.nonce + BigInt(v.facts.pendingCount));
      }),
      RUNS,
    );
  });

  it('(4) refusal codes are unique and in the fixed order; warnings are apart and never block', () => {
    expect(REFUSAL_ORDER.filter((c) => c !== 'INVALID_TYPED_DATA')).toEqual([...ORDER, 'REPLACEMENT_UNDERPRICED']);
    fc.assert(
      fc.property(inputs(false), (input) => {
        const v = checkTransactionPolicy(input);
        const list: Refusal[] = v.ok ? [] : v.refusals;
        const positions = list.map((r) => ORDER.indexOf(r.code));
        expect(positions.every((p) => p >= 0)).toBe(true);
        expect(positions).toEqual([...new Set(positions)].sort((a, b) => a - b));
        expect(list.every((r) => r.severity === 'refusal' && r.message.length > 0)).toBe(true);
        if (!v.ok) expect(v.refusals.length).toBeGreaterThan(0);
        expect(v.warnings.map((w) => [w.code, w.severity])).toEqual(input.tx.gasSource === 'dapp' ? [['GAS_NOT_VERIFIED', 'warning']] : []);
        // Warnings never decide: the same input with the user's gas gives the same refusals.
        expect(codes(checkTransactionPolicy({ ...input, tx: { ...input.tx, gasSource: 'user' } }))).toEqual(codes(v));
      }),
      RUNS,
    );
  });
});
