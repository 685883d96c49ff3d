/**
 * The OP Succinct (Mantle) exit plan's second half on constructed proven storage: what it waits
 * for and what it signs once a withdrawal is proven, as the portal's finalizeWithdrawalTransaction
 * would judge it (mantle-v2 feb2a588c OptimismPortal.sol: the output still the one proven against,
 * the proof not older than the oracle's start, both times past the period, not paused). The whole
 * route runs end to end in test/integration/cli-exit-mantle.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { bigIntToBytesPadded, bytesToHex } from '../../../../src/core/bytes.ts';
import type { ProvenL1Storage } from '../../../../src/l2/adapter.ts';
import type { ExitInputs, ExitPlanRecord } from '../../../../src/l2/exit-plan.ts';
import { exitPlanOf, noExitNote } from '../../../../src/l2/exit-plans.ts';
import { parseOpSuccinctConfig } from '../../../../src/l2/op-succinct/config.ts';
import { opSuccinctExitPlan } from '../../../../src/l2/op-succinct/exit.ts';
import { ORACLE_SLOTS, outputKeys } from '../../../../src/l2/op-succinct/follow.ts';
import { encodeMantleFinalizeWithdrawal, MANTLE_PORTAL_SLOTS, mantleExitWithdrawal, mantleWithdrawalHash } from '../../../../src/l2/op-succinct/mantle-portal.ts';
import { MANTLE, PHALA } from '../../../../src/l2/op-succinct/networks.ts';
import { mappingKey, storageKey } from '../../../../src/l2/slots.ts';

const config = parseOpSuccinctConfig(MANTLE);
const ORACLE = config.oracle.address;
const PORTAL = config.portal!.address;
const OWNER = '0x' + '77'.repeat(20);
const AMOUNT = 10n ** 18n;
const NONCE = (1n << 240n) | 5n;
const HASH = mantleWithdrawalHash(mantleExitWithdrawal(OWNER, AMOUNT, NONCE));
const PERIOD = 43_200;
const PROVEN_AT = 1_800_000_000;
const ROOT = 0x5eedn;

const record = (step = 'mature'): ExitPlanRecord => ({
  id: `op-succinct-l2oo-v1:5000:${OWNER}:1`,
  kind: 'op-succinct-l2oo-v1',
  rollupChainId: 5000,
  owner: OWNER,
  amount: AMOUNT.toString(),
  step,
  sent: { force: { hash: '0x' + 'f0'.repeat(32), at: PROVEN_AT - 7200 }, prove: { hash: '0x' + 'f1'.repeat(32), at: PROVEN_AT } },
  facts: { withdrawalNonce: NONCE.toString(), withdrawalHash: HASH, l2Block: '900', outputIndex: '4', outputRoot: bytesToHex(bigIntToBytesPadded(ROOT, 32)) },
  reverts: 0,
  history: [],
  createdAt: PROVEN_AT - 7200,
  updatedAt: PROVEN_AT,
});

/** The portal and oracle as proven at a head `now`: the withdrawal proven against output 4 at PROVEN_AT. */
function inputs(now: number, o: { paused?: boolean; outputs?: bigint; outputRoot?: bigint; outputTime?: number; starting?: number } = {}): ExitInputs {
  const base = BigInt(mappingKey(MANTLE_PORTAL_SLOTS.provenWithdrawals, BigInt(HASH)));
  const word = (x: bigint) => bytesToHex(bigIntToBytesPadded(x, 32));
  const portal = new Map<string, bigint>([
    [mappingKey(MANTLE_PORTAL_SLOTS.finalizedWithdrawals, BigInt(HASH)), 0n],
    [word(base), ROOT],
    [word(base + 1n), BigInt(PROVEN_AT) | (4n << 128n)],
    [storageKey({ slot: MANTLE_PORTAL_SLOTS.paused }), o.paused === true ? 1n : 0n],
  ]);
  const [rootKey, packedKey] = outputKeys(4n);
  const oracle = new Map<string, bigint>([
    [storageKey({ slot: ORACLE_SLOTS.l2Outputs }), o.outputs ?? 6n],
    [storageKey({ slot: ORACLE_SLOTS.startingTimestamp }), BigInt(o.starting ?? 1_700_000_000)],
    [storageKey({ slot: ORACLE_SLOTS.finalizationPeriodSeconds }), BigInt(PERIOD)],
    [rootKey, o.outputRoot ?? ROOT],
    [packedKey, BigInt(o.outputTime ?? PROVEN_AT - 600) | (1000n << 128n)],
  ]);
  const l1: ProvenL1Storage = {
    blockNumber: 100n,
    blockHash: '0x' + '01'.repeat(32),
    timestamp: BigInt(now),
    accounts: new Map([
      [PORTAL, { codeHash: '0x', storage: portal }],
      [ORACLE, { codeHash: '0x', storage: oracle }],
    ]),
  };
  return { head: { blockNumber: 100n, blockHash: l1.blockHash, timestamp: BigInt(now) }, now, l1, receipts: new Map(), l2: new Map(), signedL2: new Map() };
}

describe('the Mantle exit plan once the withdrawal is proven', () => {
  it('waits until one second past the period from the proof (the later of the proof and the output)', () => {
    const out = opSuccinctExitPlan.advance(config, record(), inputs(PROVEN_AT + 60));
    expect(out.action).toMatchObject({ kind: 'wait', until: PROVEN_AT + PERIOD + 1 });
    expect((out.action as { reason: string }).reason).toContain('may delete output 4');
    // An output proposed after the proof (impossible on the portal, kept honest here) sets the time instead.
    expect(opSuccinctExitPlan.advance(config, record(), inputs(PROVEN_AT + 60, { outputTime: PROVEN_AT + 100 })).action).toMatchObject({ until: PROVEN_AT + 100 + PERIOD + 1 });
  });

  it('finalizes at that second, with the withdrawal the portal hashes', () => {
    const out = opSuccinctExitPlan.advance(config, record(), inputs(PROVEN_AT + PERIOD + 1));
    expect(out.record.step).toBe('finalize');
    expect(out.action).toMatchObject({ kind: 'send', label: 'finalize', to: PORTAL, value: 0n, data: encodeMantleFinalizeWithdrawal(mantleExitWithdrawal(OWNER, AMOUNT, NONCE)) });
    expect(opSuccinctExitPlan.advance(config, record(), inputs(PROVEN_AT + PERIOD)).action.kind).toBe('wait');
  });

  it('signs nothing while the portal is paused, and says so', () => {
    const out = opSuccinctExitPlan.advance(config, record(), inputs(PROVEN_AT + PERIOD + 10, { paused: true }));
    expect(out.action.kind).toBe('wait');
    expect((out.action as { reason: string }).reason).toContain('paused by its guardian');
  });

  it.each([
    ['its output deleted (the length below it)', { outputs: 4n }],
    ['its output replaced (another root at its index)', { outputRoot: 0xbadn }],
    ["its proof older than the oracle's start", { starting: PROVEN_AT + 1 }],
  ])('proves again when the portal would not pay: %s', (_what, o) => {
    const out = opSuccinctExitPlan.advance(config, record(), inputs(PROVEN_AT + PERIOD + 10, o));
    expect(out.record.step).toBe('prove');
    expect(out.record.sent.prove).toBeUndefined();
    expect(out.record.facts.outputIndex).toBeUndefined();
    expect(out.record.error?.code).toBe('OP_OUTPUT_DELETED');
  });

  it('asks for what it lacks before judging anything', () => {
    const bare = inputs(PROVEN_AT);
    bare.l1.accounts.delete(ORACLE);
    const out = opSuccinctExitPlan.advance(config, record(), bare);
    expect(out.action).toMatchObject({ kind: 'need' });
    expect((out.action as { l1: { address: string }[] }).l1.map((r) => r.address)).toEqual([ORACLE]);
  });
});

describe('which OP Succinct chains have a forced exit', () => {
  it("Mantle's config names its MNT portal; Phala's names none, and says why in words", () => {
    expect(exitPlanOf('op-succinct-l2oo-v1', config)).toBe(opSuccinctExitPlan);
    const phala = parseOpSuccinctConfig(PHALA);
    expect(exitPlanOf('op-succinct-l2oo-v1', phala)).toBeUndefined();
    expect(noExitNote('op-succinct-l2oo-v1', phala)).toContain("Phala's config names no portal whose bridge Vigil speaks");
    expect(() => opSuccinctExitPlan.start(phala, { owner: OWNER, amount: 1n, balance: 1n, now: 0 })).toThrow(/names no portal/);
    expect(() => parseOpSuccinctConfig({ ...MANTLE, portal: { ...MANTLE.portal, bridge: 'optimism' } })).toThrow(/"portal.bridge" expected "mantle"/);
  });

  it("shows the route with the oracle's period as proven, else Mantle's 12 h", () => {
    expect(opSuccinctExitPlan.route(config).map((s) => [s.step, s.delaySeconds])).toEqual([
      ['force', 3600 * 12],
      ['inclusion', 3600],
      ['prove', 43_200],
      ['mature', undefined],
      ['finalize', undefined],
    ]);
    const l1 = inputs(0).l1;
    l1.accounts.get(ORACLE)!.storage.set(storageKey({ slot: ORACLE_SLOTS.finalizationPeriodSeconds }), 3600n);
    expect(opSuccinctExitPlan.route(config, l1)[2]!.delaySeconds).toBe(3600);
    expect(opSuccinctExitPlan.route(config).at(-1)!.title).toBe('Finalize: the MNT is paid on L1');
  });
});
