/**
 * The Amsterdam oracle (test/support/amsterdam-oracle.ts: EDR 0.22.0 = revm 41.0.0, under Node 22)
 * against @ethereumjs/vm 10.1.3 (the devnet's engine; @ethereumjs/evm is Vigil's interpreter) on
 * the same blocks: same pre-state, same block env, same signed transactions.
 *
 * What agrees is asserted equal. What differs is pinned, each with the rule behind it, so that a
 * change on either side (an EDR that gains EIP-2780, an @ethereumjs that moves a constant) fails
 * here and says which. revm 41.0.0 runs Amsterdam at bal-devnet-7's rules: EIP-8037 (cost per
 * state byte 1530: 64 bytes a slot, 120 an account, 23 an authorization, 1 a code byte), EIP-7708,
 * EIP-7843, EIP-8024, EIP-7976, EIP-7981, EIP-7954 at 32 KiB; not EIP-2780, EIP-8038 or EIP-8246,
 * and an exceptional halt burns the state-gas reservoir. EDR adds EIP-7778 but simulates the slot
 * number (= block number) and the block access list hash, and deploys no EIP-7997 factory.
 *
 * Execution gas is compared as a difference: a program's gas used minus that of a call to a
 * contract that only STOPs, with the same transaction shape, so each engine's intrinsic gas cancels.
 * The oracle's packages are installed on first use (test/oracle, its own package-lock.json).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBlock } from '@ethereumjs/block';
import { MerkleStateManager } from '@ethereumjs/statemanager';
import { createTx, createTxFromRLP, type TypedTxData } from '@ethereumjs/tx';
import { Account, Address, createContractAddress, eoaCode7702SignAuthorization, privateToAddress } from '@ethereumjs/util';
import { buildBlock, createVM } from '@ethereumjs/vm';
import { bytesToHex, hexToBytes } from '../../src/core/bytes.ts';
import { devCommon } from '../../src/devnet/execution/node/genesis.ts';
import { SYSTEM_CONTRACTS } from '../../src/devnet/execution/node/system-contracts.ts';
import { type AmsterdamOracle, type OracleAccount, type OracleBlock, type OracleBlockResult, type OracleLog, startAmsterdamOracle } from '../support/amsterdam-oracle.ts';

/** Hex as @ethereumjs's transaction fields type it. */
type Hex = `0x${string}`;

const CHAIN_ID = 1337n;
const KEY = hexToBytes(`0x${'0b'.repeat(32)}`);
const SENDER = bytesToHex(privateToAddress(KEY)) as Hex;
const AUTHORITY_KEY = hexToBytes(`0x${'0c'.repeat(32)}`);
const AUTHORITY = bytesToHex(privateToAddress(AUTHORITY_KEY)) as Hex;
const COINBASE: Hex = `0x${'c0'.repeat(20)}`;
const NEW_ADDRESS: Hex = `0x${'99'.repeat(20)}`;
const BENEFICIARY: Hex = `0x${'be'.repeat(20)}`;
const PRIORITY_FEE = 2n;
/** Slot number = block number: EDR simulates it so (one a block from 0 at genesis). */
const ENV = { number: 5n, timestamp: 1_800_000_000n, coinbase: COINBASE, prevRandao: `0x${'42'.repeat(32)}`, gasLimit: 120_000_000n, baseFee: 7n };
const SLOT0: Hex = `0x${'00'.repeat(32)}`;
const TRANSFER_TOPIC = '0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef';
const SYSTEM_ADDRESS = '0xfffffffffffffffffffffffffffffffffffffffe';

/** Log0 of the top `words` stack words, stored at 0, 32, ...: `(PUSH1 32i MSTORE)* PUSH1 32·words PUSH0 LOG0 STOP`. */
const logTop = (words: number): string =>
  Array.from({ length: words }, (_, i) => `60${(i * 32).toString(16).padStart(2, '0')}52`).join('') + `60${(words * 32).toString(16).padStart(2, '0')}5fa000`;

/**
 * The programs, each at its own address, and the execution gas @ethereumjs charges beyond EDR's
 * (0: the same), with the rule that makes the difference.
 */
const PROGRAMS: Record<string, { code: string; balance?: bigint; storage?: Record<string, string>; extra: number; why: string }> = {
  stop: { code: '0x00', extra: 0, why: 'the baseline' },
  sload: { code: '0x5f545000', extra: 0, why: 'cold SLOAD 2100 in both' },
  slotnum: { code: `0x4b${logTop(1)}`, extra: 0, why: 'EIP-7843 SLOTNUM' },
  // CHAINID BASEFEE GASLIMIT PREVRANDAO TIMESTAMP NUMBER COINBASE: the block env as the code reads it.
  blockEnv: { code: `0x46484544424341${logTop(7)}`, extra: 0, why: 'the block env opcodes' },
  // PUSH1 1..20, DUPN 0x80 (n = 17), SWAPN 0x81 (n = 18), EXCHANGE 0x8e (1, 2).
  stackOps: { code: `0x${Array.from({ length: 20 }, (_, i) => `60${(i + 1).toString(16).padStart(2, '0')}`).join('')}e680e781e88e${logTop(4)}`, extra: 0, why: 'EIP-8024 DUPN/SWAPN/EXCHANGE' },
  sstoreNew: { code: '0x600160005500', extra: 7100, why: 'EIP-8038 storage write 10000 (revm: 2900); state 64 × 1530 in both' },
  sstoreUpdate: { code: '0x60025f5500', storage: { [SLOT0]: '0x01' }, extra: 7100, why: 'EIP-8038 storage write 10000 (revm: 2900)' },
  sstoreClear: { code: '0x5f5f5500', storage: { [SLOT0]: '0x01' }, extra: 6480, why: 'EIP-8038 write 10000 and clear refund 11616 (capped at a fifth; revm: 2900 and 4800)' },
  sstoreSetThenClear: { code: '0x60015f555f5f5500', extra: 4459, why: 'EIP-8038 write and refund; the state gas of 0→1→0 refilled in both' },
  coldBalance: { code: `0x73${'ab'.repeat(20)}315000`, extra: 400, why: 'EIP-8038 cold account access 3000 (revm: 2600)' },
  callValueExisting: { code: `0x5f5f5f5f600173${SENDER.slice(2)}5af15000`, balance: 10n, extra: 2300, why: 'EIP-8038 CALL value 11300 (revm: 9000)' },
  callValueNew: { code: `0x5f5f5f5f600173${'ad'.repeat(20)}5af15000`, balance: 10n, extra: 2700, why: 'EIP-8038 CALL value and cold access; new account 120 × 1530 state gas in both' },
  createEmpty: { code: '0x5f5f5ff05000', extra: 3000, why: 'CREATE 12000 (EIP-8038; revm: 9000); new account state gas in both' },
  selfdestructNew: { code: `0x73${BENEFICIARY.slice(2)}ff`, balance: 5n, extra: 9400, why: 'EIP-8038 cold access +400 and account write +9000; new account state gas in both' },
};
const NAMES = Object.keys(PROGRAMS);
const programAddress = (name: string): Hex => `0x${'00'.repeat(18)}e0${NAMES.indexOf(name).toString(16).padStart(2, '0')}`;

function pre(extra: OracleAccount[] = []): OracleAccount[] {
  return [
    ...SYSTEM_CONTRACTS.map((c) => ({ address: c.address, nonce: 1n, code: hexToBytes(c.code) })),
    { address: SENDER, balance: 10n ** 24n },
    ...NAMES.map((name) => {
      const p = PROGRAMS[name]!;
      return { address: programAddress(name), code: hexToBytes(p.code), ...(p.balance !== undefined ? { balance: p.balance } : {}), ...(p.storage !== undefined ? { storage: p.storage } : {}) };
    }),
    ...extra,
  ];
}

function amsterdamCommon() {
  const common = devCommon({ fork: 'osaka', amsterdamTime: 0n, chainId: CHAIN_ID });
  common.setHardforkBy({ blockNumber: ENV.number, timestamp: ENV.timestamp });
  return common;
}

function sign(data: TypedTxData): Uint8Array {
  const tx = createTx({ chainId: CHAIN_ID, maxFeePerGas: 100n, maxPriorityFeePerGas: PRIORITY_FEE, gasLimit: 1_000_000n, type: 2, nonce: 0n, ...data }, { common: amsterdamCommon() });
  return tx.sign(KEY).serialize();
}

/** The same block on @ethereumjs/vm 10.1.3, built as the devnet's node builds its blocks (buildBlock). */
async function runEthereumjs(input: OracleBlock): Promise<OracleBlockResult> {
  const common = amsterdamCommon();
  const stateManager = new MerkleStateManager({ common });
  for (const a of input.pre) {
    const address = new Address(hexToBytes(a.address));
    await stateManager.putAccount(address, new Account(a.nonce ?? 0n, a.balance ?? 0n));
    if (a.code !== undefined) await stateManager.putCode(address, a.code);
    for (const [k, v] of Object.entries(a.storage ?? {})) await stateManager.putStorage(address, hexToBytes(k), hexToBytes(v));
  }
  const vm = await createVM({ common, stateManager });
  const env = input.env;
  const parent = createBlock(
    { header: { number: env.number - 1n, timestamp: env.timestamp - 1n, gasLimit: env.gasLimit, gasUsed: env.gasLimit / 2n, baseFeePerGas: env.baseFee, slotNumber: env.number - 1n } },
    { common },
  );
  const builder = await buildBlock(vm, {
    parentBlock: parent,
    headerData: {
      number: env.number,
      timestamp: env.timestamp,
      coinbase: new Address(hexToBytes(env.coinbase)),
      mixHash: hexToBytes(env.prevRandao),
      gasLimit: env.gasLimit,
      baseFeePerGas: env.baseFee,
      parentBeaconBlockRoot: new Uint8Array(32),
      slotNumber: env.number,
    },
    blockOpts: { calcDifficultyFromHeader: parent.header, putBlockIntoBlockchain: false },
  });
  const txs: OracleBlockResult['txs'] = [];
  for (const raw of input.txs) {
    const tx = createTxFromRLP(raw, { common });
    try {
      const r = await builder.addTransaction(tx);
      txs.push({
        hash: bytesToHex(tx.hash()),
        status: 'status' in r.receipt ? (r.receipt.status as 0 | 1) : 1,
        gasUsed: r.totalGasSpent,
        cumulativeGasUsed: r.receipt.cumulativeBlockGasUsed,
        logs: r.receipt.logs.map(([address, topics, data]) => ({ address: bytesToHex(address), topics: topics.map(bytesToHex), data: bytesToHex(data) })),
        contractAddress: r.createdAddress?.toString() ?? null,
      });
    } catch (err) {
      txs.push({ error: (err as Error).message });
    }
  }
  const { block } = await builder.build();
  const balances: Record<string, bigint> = {};
  for (const a of input.balances ?? []) balances[a.toLowerCase()] = (await vm.stateManager.getAccount(new Address(hexToBytes(a))))?.balance ?? 0n;
  return { txs, gasUsed: block.header.gasUsed, slotNumber: block.header.slotNumber, blockAccessListHash: bytesToHex(block.header.blockAccessListHash!), balances };
}

interface Tx {
  status: 0 | 1;
  gasUsed: bigint;
  logs: OracleLog[];
}
interface Both {
  edr: OracleBlockResult;
  ejs: OracleBlockResult;
  /** The first transaction's outcome in each. */
  e: Tx;
  j: Tx;
}

let oracle: AmsterdamOracle | undefined;

async function both(txs: Uint8Array[], extraPre: OracleAccount[] = [], balances: string[] = []): Promise<Both> {
  const block: OracleBlock = { chainId: CHAIN_ID, pre: pre(extraPre), env: ENV, txs, balances: [SENDER, COINBASE, ...balances] };
  const edr = await oracle!.runBlock(block);
  const ejs = await runEthereumjs(block);
  const first = (r: OracleBlockResult): Tx => {
    const t = r.txs[0]!;
    if ('error' in t) throw new Error(`refused: ${t.error}`);
    return t;
  };
  const result = { edr, ejs, e: first(edr), j: first(ejs) };
  // The fee recipient's balance is the priority fee on the receipts' gas in each engine.
  for (const r of [edr, ejs]) {
    const spent = r.txs.reduce((sum, t) => sum + ('error' in t ? 0n : t.gasUsed), 0n);
    expect(r.balances[COINBASE]).toBe(spent * PRIORITY_FEE);
  }
  return result;
}

const transferLog = (from: string, to: string, value: bigint): OracleLog => ({
  address: SYSTEM_ADDRESS,
  topics: [TRANSFER_TOPIC, `0x${from.slice(2).padStart(64, '0')}`, `0x${to.slice(2).padStart(64, '0')}`],
  data: `0x${value.toString(16).padStart(64, '0')}`,
});

describe('Amsterdam oracle (EDR) against @ethereumjs 10.1.3', () => {
  beforeAll(async () => {
    const o = await startAmsterdamOracle();
    if ('missing' in o) throw new Error(o.missing);
    oracle = o;
  });
  afterAll(async () => {
    await oracle?.stop();
  });

  it('runs under Node 22, the project under its own', () => {
    expect(oracle!.nodeVersion).toMatch(/^v22\./);
    expect(process.version).not.toBe(oracle!.nodeVersion);
  });

  it.each(NAMES)('executes %s: same status and logs, execution gas as pinned', async (name) => {
    const to = programAddress(name);
    const run = await both([sign({ to })], [], [BENEFICIARY]);
    const stop = await both([sign({ to: programAddress('stop') })]);
    expect(run.e.status).toBe(1);
    expect(run.j.status).toBe(1);
    expect(run.e.logs).toEqual(run.j.logs);
    const edrExec = run.e.gasUsed - stop.e.gasUsed;
    const ejsExec = run.j.gasUsed - stop.j.gasUsed;
    expect({ name, extra: ejsExec - edrExec }, PROGRAMS[name]!.why).toEqual({ name, extra: BigInt(PROGRAMS[name]!.extra) });
    expect(run.edr.balances[BENEFICIARY]).toBe(run.ejs.balances[BENEFICIARY]);
  });

  it('agrees on the block env, SLOTNUM, DUPN/SWAPN/EXCHANGE results and EIP-7708 transfer logs', async () => {
    const slot = await both([sign({ to: programAddress('slotnum') })]);
    expect(slot.edr.slotNumber).toBe(ENV.number);
    expect(slot.e.logs[0]!.data).toBe(`0x${ENV.number.toString(16).padStart(64, '0')}`);
    const env = await both([sign({ to: programAddress('blockEnv') })]);
    const word = (v: bigint | string) => (typeof v === 'string' ? v.slice(2) : v.toString(16)).padStart(64, '0');
    const expected = `0x${[COINBASE, ENV.number, ENV.timestamp, ENV.prevRandao, ENV.gasLimit, ENV.baseFee, CHAIN_ID].map(word).join('')}`;
    expect(env.e.logs[0]!.data).toBe(expected);
    expect(env.j.logs[0]!.data).toBe(expected);
    const stack = await both([sign({ to: programAddress('stackOps') })]);
    // Stack 20..1 (top first): DUPN 17 → 4; SWAPN 18 swaps it with 3; EXCHANGE (1, 2) swaps 20 and 19.
    const words = [3n, 19n, 20n, 18n].map((v) => v.toString(16).padStart(64, '0')).join('');
    expect(stack.e.logs[0]!.data).toBe(`0x${words}`);
    expect(stack.j.logs[0]!.data).toBe(`0x${words}`);
    const call = await both([sign({ to: programAddress('callValueNew') })]);
    expect(call.e.logs).toEqual([transferLog(programAddress('callValueNew'), `0x${'ad'.repeat(20)}`, 1n)]);
    const send = await both([sign({ to: NEW_ADDRESS, value: 1n })], [], [NEW_ADDRESS]);
    expect(send.e.logs).toEqual([transferLog(SENDER, NEW_ADDRESS, 1n)]);
    expect(send.j.logs).toEqual(send.e.logs);
    expect(send.edr.balances[NEW_ADDRESS]).toBe(1n);
    expect(send.ejs.balances[NEW_ADDRESS]).toBe(1n);
  });

  it('halts both on an EIP-8024 immediate it refuses (DUPN 0x5b), all gas spent', async () => {
    const r = await both([sign({ to: `0x${'00'.repeat(19)}c4` as Hex })], [{ address: `0x${'00'.repeat(19)}c4`, code: hexToBytes('0x6001e65b00') }]);
    expect([r.e.status, r.e.gasUsed]).toEqual([0, 1_000_000n]);
    expect([r.j.status, r.j.gasUsed]).toEqual([0, 1_000_000n]);
  });

  it('differs in intrinsic gas: EIP-2780 in @ethereumjs only (TX_BASE 12000, recipient 3000, value 6000, new account as state gas)', async () => {
    const gas = async (data: TypedTxData, extra: OracleAccount[] = []) => {
      const r = await both([sign(data)], extra);
      return [r.e.gasUsed, r.j.gasUsed];
    };
    expect(await gas({ to: SENDER, value: 1n })).toEqual([21_000n, 12_000n]);
    expect(await gas({ to: programAddress('stop') })).toEqual([21_000n, 15_000n]);
    expect(await gas({ to: NEW_ADDRESS, value: 1n })).toEqual([21_000n, 21_000n + 120n * 1530n]);
    // Contract creation: revm's TX_CREATE 9000 on a 21000 base; @ethereumjs's 12000 on 12000.
    // 18 bytes of initcode, a 10-byte runtime: state 120 × 1530 + 10 × 1530 in both.
    expect(await gas({ data: hexToBytes('0x69602a5f5260205ff300005f52600a6016f3') })).toEqual([229_189n, 223_189n]);
  });

  it('differs in the calldata floor only by the base (EIP-7976: 64 a byte, zero or not; EIP-7981: access-list bytes too; in both)', async () => {
    for (const fill of [0, 1]) {
      const r = await both([sign({ to: SENDER, data: new Uint8Array(1000).fill(fill) })]);
      expect([r.e.gasUsed, r.j.gasUsed]).toEqual([21_000n + 64_000n, 12_000n + 64_000n]);
    }
    // EIP-7981: an access list's 20 bytes count in the floor too.
    const r = await both([sign({ to: SENDER, data: new Uint8Array(1000), accessList: [{ address: NEW_ADDRESS, storageKeys: [] }] })]);
    expect([r.e.gasUsed, r.j.gasUsed]).toEqual([21_000n + 64n * 1020n, 12_000n + 64n * 1020n]);
  });

  it("differs in what an exceptional halt burns when the gas limit is above EIP-7825's cap (the EIP-8037 reservoir)", async () => {
    const invalid = `0x${'00'.repeat(19)}a1` as Hex;
    const r = await both([sign({ to: invalid, gasLimit: 20_000_000n })], [{ address: invalid, code: hexToBytes('0xfe') }]);
    expect([r.e.status, r.j.status]).toEqual([0, 0]);
    // revm burns the whole limit; @ethereumjs the regular gas up to the cap, the reservoir returned.
    expect([r.e.gasUsed, r.j.gasUsed]).toEqual([20_000_000n, 1n << 24n]);
  });

  it('differs in access-list prices: EIP-7981 data cost in both, EIP-8038 entry prices in @ethereumjs only', async () => {
    const slot = programAddress('slotnum');
    const base = await both([sign({ to: slot })]);
    const addressOnly = await both([sign({ to: slot, accessList: [{ address: NEW_ADDRESS, storageKeys: [] }] })]);
    const withKey = await both([sign({ to: slot, accessList: [{ address: NEW_ADDRESS, storageKeys: [SLOT0] }] })]);
    // Address: revm 2400 + 20 × 64; @ethereumjs 2900 + 20 × 64. Key: revm 1900 + 32 × 64; @ethereumjs 2000 + 32 × 64.
    expect([addressOnly.e.gasUsed - base.e.gasUsed, addressOnly.j.gasUsed - base.j.gasUsed]).toEqual([3680n, 4180n]);
    expect([withKey.e.gasUsed - addressOnly.e.gasUsed, withKey.j.gasUsed - addressOnly.j.gasUsed]).toEqual([3948n, 4048n]);
  });

  it('differs in the code size limit (EIP-7954: revm 32 KiB, @ethereumjs 64 KiB) and in what a failed creation burns', async () => {
    const create = (size: number, gasLimit: bigint) => both([sign({ gasLimit, data: hexToBytes(`0x62${size.toString(16).padStart(6, '0')}5ff3`) })]);
    const at32k = await create(0x8000, 100_000_000n);
    expect([at32k.e.status, at32k.j.status]).toEqual([1, 1]);
    const over32k = await create(0x8001, 100_000_000n);
    expect([over32k.e.status, over32k.j.status]).toEqual([0, 1]);
    // Over both limits: revm burns the whole gas limit but the creation's own state gas;
    // @ethereumjs burns the regular gas (EIP-7825's cap) and returns the state-gas reservoir.
    const over64k = await create(0x10001, 110_000_000n);
    expect([over64k.e.status, over64k.j.status]).toEqual([0, 0]);
    expect([over64k.e.gasUsed, over64k.j.gasUsed]).toEqual([110_000_000n - 120n * 1530n, 1n << 24n]);
  });

  it('differs in EIP-7702 authorizations: regular 7500 (revm) against 7816 + 9000 account write (@ethereumjs); 23 × 1530 state in both', async () => {
    const auth = eoaCode7702SignAuthorization({ chainId: `0x${CHAIN_ID.toString(16)}`, address: programAddress('sstoreNew'), nonce: '0x0' }, AUTHORITY_KEY);
    const fresh = await both([sign({ type: 4, to: SENDER, authorizationList: [auth] })]);
    expect([fresh.e.gasUsed, fresh.j.gasUsed]).toEqual([21_000n + 7_500n + 143n * 1530n, 12_000n + 7_816n + 9_000n + 143n * 1530n]);
    // An existing authority, called: its delegated code sets a new slot.
    const existing = await both([sign({ type: 4, to: AUTHORITY, authorizationList: [auth] })], [{ address: AUTHORITY, balance: 1n }]);
    expect([existing.e.gasUsed, existing.j.gasUsed]).toEqual([166_616n, 180_032n]);
  });

  it('differs in SELFDESTRUCT to self in the creating transaction: revm burns (and logs it), @ethereumjs keeps (EIP-8246)', async () => {
    const created = createContractAddress(new Address(hexToBytes(SENDER)), 0n).toString() as Hex;
    const r = await both([sign({ value: 5n, data: hexToBytes('0x30ff') })], [], [created]);
    expect([r.edr.balances[created], r.ejs.balances[created]]).toEqual([0n, 5n]);
    const burn = { address: SYSTEM_ADDRESS, topics: ['0xcc16f5dbb4873280815c1ee09dbd06736cffcc184412cf7a71a0fdb75d397ca5', `0x${created.slice(2).padStart(64, '0')}`], data: `0x${(5n).toString(16).padStart(64, '0')}` };
    expect(r.e.logs).toEqual([transferLog(SENDER, created, 5n), burn]);
    expect(r.j.logs).toEqual([transferLog(SENDER, created, 5n)]);
  });

  it("differs in the header's gas used: EDR Σ receipts before refunds (EIP-7778), @ethereumjs max(Σ regular, Σ state) (EIP-8037)", async () => {
    const r = await both([sign({ nonce: 0n, to: NEW_ADDRESS, value: 1n }), sign({ nonce: 1n, to: programAddress('sstoreNew') }), sign({ nonce: 2n, to: programAddress('slotnum') })]);
    const receipts = (x: OracleBlockResult) => x.txs.map((t) => ('error' in t ? -1n : t.gasUsed));
    expect(receipts(r.edr)).toEqual([21_000n, 123_926n, 21_647n]);
    expect(r.edr.gasUsed).toBe(21_000n + 123_926n + 21_647n);
    expect(receipts(r.ejs)).toEqual([204_600n, 125_026n, 15_647n]);
    // State: a new account and a new slot; regular (21000 + 27106 + 15647) is less.
    expect(r.ejs.gasUsed).toBe(120n * 1530n + 64n * 1530n);
  });
});
