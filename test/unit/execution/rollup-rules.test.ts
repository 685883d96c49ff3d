/**
 * A call on an OP Stack chain runs by that chain's fork (src/l2/op-stack/forks/rules.ts applied by
 * src/execution/evm-pool.ts, precompiles.ts and call.ts): P256VERIFY at 0x100 at RIP-7212's price
 * from Fjord and Osaka's from Karst (absent before Fjord and on L1 before Osaka), the pairing and
 * MSM input caps of each fork at their byte (a longer input takes all the gas given), BLOBBASEFEE
 * 1 whatever the header, no blob transactions, and the L1 fork's opcodes and caps (CLZ and
 * EIP-7825 from Karst). Over a proven world, each against the same call on L1.
 */
import { p256 } from '@noble/curves/nist.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { bigIntToBytesPadded, bytesToBigInt, concatBytes, hexToBytes } from '../../../src/core/bytes.ts';
import { cryptoReady } from '../../../src/crypto/backend.ts';
import { type BlockEnv, blockEnvFromJson, blockEnvToJson } from '../../../src/execution/block-env.ts';
import { type ExecutedCall, runCall, type RunResult } from '../../../src/execution/call.ts';
import type { CallRequest } from '../../../src/execution/call-request.ts';
import { ProvenState } from '../../../src/execution/state.ts';
import { opRules } from '../../../src/l2/op-stack/forks/rules.ts';
import type { OpFork } from '../../../src/l2/op-stack/forks/schedule.ts';
import { asm, returnsWord } from './asm.ts';
import { buildWorld, envFor, type World } from './world.ts';

const at = (byte: number) => '0x' + byte.toString(16).padStart(2, '0').repeat(20);
const precompile = (n: number) => '0x' + n.toString(16).padStart(40, '0');
const ALICE = at(0xa1);
const BLOB_FEE = at(0xbf);
const CLZ_OF_ONE = at(0xc1);
/**
 * Calls the address in its first calldata word with the rest (STATICCALL, all gas) and returns
 * [the gas between the GAS before and after the call, its success, its return data size]: what a
 * precompile costs inside a transaction, which the transaction's own gas used hides under the
 * EIP-7623 calldata floor.
 */
const METER = at(0x3e);

let world: World;
beforeAll(async () => {
  await cryptoReady();
  world = await buildWorld({
    [ALICE]: { balance: 10n ** 20n },
    [BLOB_FEE]: { code: returnsWord('BLOBBASEFEE') },
    [CLZ_OF_ONE]: { code: returnsWord('PUSH1 0x01 CLZ') },
    [METER]: {
      code: asm(
        'PUSH1 0x20 CALLDATASIZE SUB PUSH1 0x20 PUSH0 CALLDATACOPY GAS ' +
          'PUSH0 PUSH0 PUSH1 0x20 CALLDATASIZE SUB PUSH0 PUSH0 CALLDATALOAD GAS STATICCALL GAS ' +
          'SWAP1 PUSH1 0x20 MSTORE SWAP1 SUB PUSH0 MSTORE RETURNDATASIZE PUSH1 0x40 MSTORE PUSH1 0x60 PUSH0 RETURN',
      ),
    },
  });
});

const op = (fork: OpFork, over: Partial<BlockEnv> = {}): BlockEnv => {
  const rules = opRules(fork);
  return envFor(world, { chainId: 10n, fork: rules.l1Fork, rollup: rules.evm, gasLimit: 60_000_000n, ...over });
};
const l1 = (fork: BlockEnv['fork'], over: Partial<BlockEnv> = {}): BlockEnv => envFor(world, { fork, gasLimit: 60_000_000n, ...over });

const call = (to: string, data: Uint8Array | string, gas = 15_000_000n, over: Partial<CallRequest> = {}): CallRequest => ({
  from: hexToBytes(ALICE, 20),
  to: hexToBytes(to, 20),
  value: 0n,
  data: typeof data === 'string' ? hexToBytes(data) : data,
  gas,
  accessList: [],
  blobVersionedHashes: [],
  ...over,
});

/** runCall, proving what it misses until it reads nothing new. */
async function run(env: BlockEnv, request: CallRequest): Promise<RunResult> {
  const state = new ProvenState(world.stateRoot);
  for (let round = 0; round < 10; round++) {
    const r = await runCall(env, request, state);
    if (r.kind !== 'missing') return r;
    for (const a of new Set([...r.misses.accounts, ...r.misses.codes])) {
      state.addProof({ address: a, slots: [] }, await world.getProof(a, []));
      const code = world.getCode(a);
      if (code !== '0x') state.addCode(a, hexToBytes(code));
    }
  }
  throw new Error('the run kept missing state');
}
const executed = async (env: BlockEnv, request: CallRequest): Promise<ExecutedCall> => {
  const r = await run(env, request);
  expect(r.kind).toBe('executed');
  return r as ExecutedCall;
};
/** METER's reading of a call to `address` with `data`: [gas between its GAS readings, success, return data size]. */
async function meter(env: BlockEnv, address: string, data: Uint8Array): Promise<[bigint, bigint, bigint]> {
  const r = await executed(env, call(METER, concatBytes(new Uint8Array(12), hexToBytes(address, 20), data)));
  expect(r.success).toBe(true);
  const word = (i: number) => bytesToBigInt(r.returnData.subarray(32 * i, 32 * i + 32));
  return [word(0), word(1), word(2)];
}
/**
 * The gas a precompile took: METER's reading less its reading of the identity precompile (0x04, as
 * warm, so the call's own costs cancel), plus identity's price (15 + 3 a word).
 */
async function precompileGas(env: BlockEnv, address: string, data: Uint8Array): Promise<bigint> {
  const identityPrice = 15n + 3n * BigInt(Math.ceil(data.length / 32));
  return (await meter(env, address, data))[0] - (await meter(env, precompile(4), data))[0] + identityPrice;
}

const be = (x: bigint) => bigIntToBytesPadded(x, 32);
const secret = new Uint8Array(32).fill(7);
const q = p256.Point.fromBytes(p256.getPublicKey(secret, false)).toAffine();
const hash = new Uint8Array(32).fill(0x42);
const sig = p256.Signature.fromBytes(p256.sign(hash, secret, { prehash: false }));
const P256_INPUT = concatBytes(hash, be(sig.r), be(sig.s), be(q.x), be(q.y));
const ONE_WORD = '0x' + '00'.repeat(31) + '01';
const hex = (b: Uint8Array) => '0x' + Buffer.from(b).toString('hex');

describe('P256VERIFY at 0x100', () => {
  it('from Fjord at 3450 gas, verifying; Karst at Osaka\'s 6900', async () => {
    for (const fork of ['fjord', 'granite', 'holocene', 'isthmus', 'jovian'] as const) {
      const r = await executed(op(fork), call(precompile(0x100), P256_INPUT));
      expect(hex(r.returnData), fork).toBe(ONE_WORD);
      expect(await precompileGas(op(fork), precompile(0x100), P256_INPUT), fork).toBe(3450n);
    }
    expect(hex((await executed(op('karst'), call(precompile(0x100), P256_INPUT))).returnData)).toBe(ONE_WORD);
    expect(await precompileGas(op('karst'), precompile(0x100), P256_INPUT)).toBe(6900n);
  });

  it('absent before Fjord as on L1 before Osaka: an empty account, which answers nothing', async () => {
    for (const env of [op('ecotone'), op('canyon'), l1('prague')]) {
      const r = await executed(env, call(precompile(0x100), P256_INPUT));
      expect(r.returnData.length).toBe(0);
      // Read as any empty account is: cold, nothing returned.
      expect(await meter(env, precompile(0x100), P256_INPUT)).toEqual(await meter(env, at(0xee), P256_INPUT));
    }
    expect(await precompileGas(l1('osaka'), precompile(0x100), P256_INPUT)).toBe(6900n);
  });

  it('a wrong signature is no failure: empty output, the price charged', async () => {
    const wrong = P256_INPUT.slice();
    wrong[0]! ^= 1;
    const r = await executed(op('jovian'), call(precompile(0x100), wrong));
    expect(r.success).toBe(true);
    expect(r.returnData.length).toBe(0);
    expect(await precompileGas(op('jovian'), precompile(0x100), wrong)).toBe(3450n);
    expect(await meter(op('jovian'), precompile(0x100), wrong)).toEqual([expect.any(BigInt), 1n, 0n]);
  });
});

describe('precompile input caps', () => {
  /** `pairs` BN254 pairs of points at infinity: a valid pairing input whose product is 1. */
  const bn254Pairs = (pairs: number) => new Uint8Array(192 * pairs);

  it('bn254 pairing: at the cap it runs, a pair more fails with all the gas; L1 has no cap', async () => {
    const cases: [OpFork, number][] = [['jovian', 427], ['karst', 300]];
    for (const [fork, pairs] of cases) {
      expect(opRules(fork).evm.inputCaps!['0000000000000000000000000000000000000008']).toBe(192 * pairs);
      const ok = await executed(op(fork), call(precompile(8), bn254Pairs(pairs)));
      expect(ok.success, fork).toBe(true);
      expect(hex(ok.returnData)).toBe(ONE_WORD);
      const over = await executed(op(fork), call(precompile(8), bn254Pairs(pairs + 1), 15_000_000n));
      expect(over.success, fork).toBe(false);
      expect(over.gasUsed, fork).toBe(15_000_000n);
    }
    const l1Run = await executed(l1('prague'), call(precompile(8), bn254Pairs(428), 16_000_000n));
    expect(l1Run.success).toBe(true);
  });

  it('Granite\'s cap is a byte count, not whole pairs: 112,687 bytes', async () => {
    // 586 pairs are 112,512 bytes, under the cap; 587 are 112,704, over it.
    expect((await executed(op('granite'), call(precompile(8), bn254Pairs(586), 25_000_000n, {}))).success).toBe(true);
    const over = await executed(op('granite'), call(precompile(8), bn254Pairs(587), 25_000_000n));
    expect(over.success).toBe(false);
    expect(over.gasUsed).toBe(25_000_000n);
    // Fjord has no cap: the same input runs.
    expect((await executed(op('fjord'), call(precompile(8), bn254Pairs(587), 25_000_000n))).success).toBe(true);
  });

  it('BLS12-381 G1MSM: Isthmus and Jovian refuse one byte past their caps before pricing', async () => {
    // Length checks come first: a too-long input fails whatever its points (and is never priced).
    const isthmus = await executed(op('isthmus'), call(precompile(0x0c), new Uint8Array(513_760 + 160), 15_000_000n));
    expect(isthmus.success).toBe(false);
    expect(isthmus.gasUsed).toBe(15_000_000n);
    const jovian = await executed(op('jovian'), call(precompile(0x0c), new Uint8Array(288_960 + 160), 15_000_000n));
    expect(jovian.success).toBe(false);
  });

  it('a capped precompile still runs a short input as L1 does', async () => {
    const pair = bn254Pairs(2);
    expect(await precompileGas(op('jovian'), precompile(8), pair)).toBe(await precompileGas(l1('prague'), precompile(8), pair));
  });
});

describe('the rest of OP\'s EVM', () => {
  it('BLOBBASEFEE is 1 from Ecotone, whatever the header\'s excess blob gas says', async () => {
    const r = await executed(op('jovian', { excessBlobGas: 50_000_000n }), call(BLOB_FEE, '0x'));
    expect(bytesToBigInt(r.returnData)).toBe(1n);
    const onL1 = await executed(l1('prague', { excessBlobGas: 50_000_000n }), call(BLOB_FEE, '0x'));
    expect(bytesToBigInt(onL1.returnData)).toBeGreaterThan(1n);
  });

  it('refuses a blob transaction', async () => {
    const r = await run(op('jovian'), call(at(0xee), '0x', 100_000n, { blobVersionedHashes: [new Uint8Array(32).fill(1)], maxFeePerBlobGas: 1n }));
    expect(r.kind).toBe('invalid');
    expect((r as { reason: string }).reason).toBe('TX_TYPE_NOT_SUPPORTED');
  });

  it('CLZ and the EIP-7825 transaction gas cap from Karst, not in Jovian', async () => {
    expect(bytesToBigInt((await executed(op('karst'), call(CLZ_OF_ONE, '0x'))).returnData)).toBe(255n);
    const jovian = await executed(op('jovian'), call(CLZ_OF_ONE, '0x'));
    expect(jovian.success).toBe(false);
    const capped = await run(op('karst'), call(at(0xee), '0x', 20_000_000n));
    expect(capped.kind === 'invalid' && capped.reason).toBe('GAS_LIMIT_TOO_HIGH');
    expect((await run(op('jovian'), call(at(0xee), '0x', 20_000_000n))).kind).toBe('executed');
  });

  it('an OP block environment crosses to the worker and back whole', () => {
    const env = op('jovian');
    const back = blockEnvFromJson(JSON.parse(JSON.stringify(blockEnvToJson(env))));
    expect(back.rollup).toEqual(env.rollup);
    expect(() => blockEnvFromJson({ ...blockEnvToJson(env), rollup: { id: 'x', blobTransactions: false, inputCaps: { '0x08': 1 } } })).toThrow(/40 lower-case hex/);
  });
});
