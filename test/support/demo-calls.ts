/**
 * Calls against the devnet's demo contracts (src/devnet/contracts), for the tests that compare
 * Vigil's EVM with a node's: seeded generated calls of every kind the contracts answer (a failure
 * reproduces from its seed), every precompile vector of the fixture directly and through the
 * contract, the revert kinds, plain value transfers and the calls whose gas is estimated.
 *
 * test/integration/execution-calls.test.ts runs them against the devnet (Vigil's state plumbing,
 * proofs and block env), test/integration/execution-reference.test.ts against a bare Hardhat node
 * (Vigil's opcodes and gas against EDR's). The same seed gives the same sequence of choices in
 * both; the addresses, block number and base fee are the world's.
 */
import { readFileSync } from 'node:fs';
import { encodeFunctionData, type Abi, type Hex } from 'viem';
import { bigIntToHex, hexToBigInt } from '../../src/core/bytes.ts';
import { ARTIFACTS } from '../../src/devnet/contracts/artifacts.ts';
import type { DemoContracts } from '../../src/devnet/contracts/deploy.ts';

export const T = ARTIFACTS.VigilToken.abi;
export const P = ARTIFACTS.VigilPair.abi;
export const Q = ARTIFACTS.VigilQuoter.abi;
export const I = ARTIFACTS.VigilInspector.abi;
export const PC = ARTIFACTS.VigilPrecompiles.abi;
export const UNIT = 10n ** 18n;
/** The seed of the generated calls: change it to explore, keep it to reproduce. */
export const SEED = 0x5eed_0011;
/** Gas for calls that would otherwise burn the whole default (2^24) in a loop: fail(OutOfGas). */
export const SMALL_GAS = '0x40000';
/** What the devnet-contracts test gives precompile calls (Osaka caps a transaction at 2^24). */
export const PRECOMPILE_GAS = '0xf00000';
/** What a world pays into the pair beyond its reserve before the calls: a swap of it succeeds (see {@link swapCall}). */
export const SURPLUS = 10n * UNIT;

/** A JSON-RPC call object. */
export type Call = Record<string, string>;

export interface Case {
  label: string;
  call: Call;
}

/** What the calls are made of: the contracts, the dev accounts, the block they run at. */
export interface CallWorld {
  contracts: Pick<DemoContracts, 'token' | 'tokenB' | 'tokenC' | 'pair' | 'pairBC' | 'quoter' | 'precompiles' | 'inspector'>;
  /** The dev accounts, lower case. */
  accounts: readonly Hex[];
  /** BLOCKHASH is asked of numbers up to a little past it; fee caps follow its base fee. */
  block: { number: bigint; baseFeePerGas: bigint };
}

/** Calldata of `functionName(args)`. */
export const fn = (abi: Abi, functionName: string, args: readonly unknown[] = []) =>
  encodeFunctionData({ abi, functionName, args } as Parameters<typeof encodeFunctionData>[0]);

/** mulberry32: a small seeded generator, enough to pick cases reproducibly. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <X>(xs: readonly X[]): X => xs[int(xs.length)]!;
  const hex = (bytes: number) => `0x${Array.from({ length: bytes }, () => int(256).toString(16).padStart(2, '0')).join('')}` as Hex;
  /** Up to 2^bits, with small numbers and edges as likely as large ones. */
  const big = (bits: number) => {
    const r = int(4);
    if (r === 0) return BigInt(int(3));
    if (r === 1) return BigInt(int(1000));
    return hexToBigInt(hex(Math.ceil(bits / 8))) >> BigInt((8 - (bits % 8)) % 8);
  };
  return { next, int, pick, hex, big, bool: () => next() < 0.5 };
}

type PrecompileCase = { name: string; input: Hex; output?: Hex; error?: string };
/** test/fixtures/precompiles: every precompile's valid and invalid inputs. */
export const PRECOMPILES = (
  JSON.parse(readFileSync(new URL('../fixtures/precompiles/precompiles.json', import.meta.url), 'utf8')) as {
    precompiles: { address: Hex; name: string; valid: PrecompileCase[]; invalid: PrecompileCase[] }[];
  }
).precompiles;

/** `count` calls of every kind the contracts answer, with arguments from the generator seeded with `seed`. */
export function generateCases(w: CallWorld, seed: number, count: number): Case[] {
  const g = prng(seed);
  const C = w.contracts;
  const accounts = w.accounts;
  const tokens = [C.token, C.tokenB, C.tokenC] as Hex[];
  const pairs = [C.pair, C.pairBC] as Hex[];
  const contracts = [...tokens, ...pairs, C.quoter, C.precompiles, C.inspector] as Hex[];
  const precompileAddresses = PRECOMPILES.map((p) => p.address);
  const [bob, carol] = [accounts[2]!, accounts[3]!];
  const stranger = () => g.hex(20);
  const holder = () => (g.next() < 0.7 ? g.pick(accounts) : stranger());
  const anyAddress = () => g.pick([...accounts, ...contracts, ...precompileAddresses, stranger(), '0x0000000000000000000000000000000000000000' as Hex]);
  const amount = () => g.pick([0n, 1n, g.big(80), 999_000n * UNIT, 1_000_000n * UNIT, 1_000_001n * UNIT, 2n ** 255n]);
  const from = () => holder();
  const paths: Hex[][] = [
    [C.token, C.tokenB],
    [C.token, C.tokenB, C.tokenC],
    [C.tokenC, C.tokenB, C.token],
    [C.tokenB, C.token],
    [C.token, C.tokenC], // no pair: NoPair
    [C.token], // too short: Error(string)
  ] as Hex[][];
  const reads: (() => [Hex, Hex])[] = [
    () => [g.pick(tokens), fn(T, 'balanceOf', [holder()]) as Hex],
    () => [g.pick(pairs), fn(P, 'getReserves') as Hex],
    () => [C.quoter as Hex, fn(Q, 'getAmountsOut', [g.big(90), g.pick(paths)]) as Hex],
    () => [g.pick(tokens), fn(T, 'transfer', [stranger(), 1n]) as Hex], // a write in a static call: fails
    () => [C.inspector as Hex, fn(I, 'fail', [g.int(4), BigInt(g.int(2))]) as Hex],
    () => [anyAddress(), g.hex(g.int(40))],
  ];

  const kinds: [weight: number, name: string, make: () => { call: Call }][] = [
    // ERC-20 reads
    [6, 'balanceOf', () => ({ call: { from: from(), to: g.pick(tokens), data: fn(T, 'balanceOf', [holder()]) } })],
    [3, 'allowance', () => ({ call: { from: from(), to: g.pick(tokens), data: fn(T, 'allowance', g.bool() ? [bob, g.pick([carol, ...accounts])] : [holder(), holder()]) } })],
    [3, 'token metadata', () => ({ call: { from: from(), to: g.pick(tokens), data: fn(T, g.pick(['totalSupply', 'name', 'symbol', 'decimals'])) } })],
    // ERC-20 writes, simulated: holders and non-holders, InsufficientBalance and Error(string) reverts
    [6, 'transfer', () => ({ call: { from: holder(), to: g.pick(tokens), data: fn(T, 'transfer', [anyAddress(), amount()]) } })],
    [4, 'transferFrom', () => ({ call: { from: g.pick([carol, carol, holder()]), to: C.token, data: fn(T, 'transferFrom', [g.pick([bob, holder()]), anyAddress(), g.pick([0n, 1n, 300n * UNIT, 301n * UNIT, amount()])]) } })],
    [3, 'approve', () => ({ call: { from: holder(), to: g.pick(tokens), data: fn(T, 'approve', [anyAddress(), amount()]) } })],
    // The pairs
    [4, 'pair reads', () => ({ call: { from: from(), to: g.pick(pairs), data: fn(P, g.pick(['getReserves', 'token0', 'token1', 'totalSupply', 'MINIMUM_LIQUIDITY'])) } })],
    [2, 'pair balanceOf', () => ({ call: { from: from(), to: g.pick(pairs), data: fn(P, 'balanceOf', [g.pick([accounts[0]!, holder()])]) } })],
    [2, 'pair swap', () => ({ call: { from: from(), to: C.pair, data: fn(P, 'swap', g.pick([[0n, g.big(70), holder()], [g.big(70), 0n, holder()], [0n, 0n, holder()]])) } })],
    // Quotes over both paths (and the failing ones)
    [8, 'getAmountsOut', () => ({ call: { from: from(), to: C.quoter, data: fn(Q, 'getAmountsOut', [g.pick([0n, g.big(64), g.big(90), g.big(120)]), g.pick(paths)]) } })],
    [2, 'getAmountOut', () => ({ call: { from: from(), to: C.quoter, data: fn(Q, 'getAmountOut', [g.big(90), g.big(90), g.big(90)]) } })],
    // The inspector
    [2, 'context', () => ({ call: { from: from(), to: C.inspector, data: fn(I, 'context') } })],
    [5, 'blockHashes', () => ({ call: { from: from(), to: C.inspector, data: fn(I, 'blockHashes', [Array.from({ length: 1 + g.int(5) }, () => BigInt(g.int(Number(w.block.number) + 3)))]) } })],
    [4, 'accounts', () => ({ call: { from: from(), to: C.inspector, data: fn(I, 'accounts', [Array.from({ length: 1 + g.int(4) }, anyAddress)]) } })],
    [4, 'codeSlice', () => ({ call: { from: from(), to: C.inspector, data: fn(I, 'codeSlice', [g.pick(contracts), BigInt(g.int(6000)), BigInt(g.int(300))]) } })],
    [4, 'readVia', () => {
      const [target, data] = g.pick(reads)();
      return { call: { from: from(), to: C.inspector, data: fn(I, 'readVia', [target, data]) } };
    }],
    [3, 'readMany', () => {
      const rs = Array.from({ length: g.int(4) }, () => g.pick(reads)());
      return { call: { from: from(), to: C.inspector, data: fn(I, 'readMany', [rs.map((r) => r[0]), rs.map((r) => r[1])]) } };
    }],
    [3, 'transientRoundTrip', () => {
      const n = g.int(5);
      const keys = Array.from({ length: n }, () => (g.bool() ? BigInt(g.int(3)) : g.big(256)));
      return { call: { from: from(), to: C.inspector, data: fn(I, 'transientRoundTrip', [keys, Array.from({ length: g.bool() ? n : g.int(5) }, () => g.big(256))]) } };
    }],
    [3, 'create', () => ({ call: { from: from(), to: C.inspector, data: fn(I, 'create', [g.pick([0n, g.big(256), 2n ** 256n - 1n]), g.hex(32)]) } })],
    [6, 'fail', () => {
      const kind = g.int(6);
      return { call: { from: from(), to: C.inspector, data: fn(I, 'fail', [kind, BigInt(g.int(3))]), ...(kind === 4 ? { gas: SMALL_GAS } : {}) } };
    }],
    [1, 'stored', () => ({ call: { from: from(), to: C.inspector, data: fn(I, 'stored') } })],
    // Value, fees, plain transfers, calldata nobody expects
    [3, 'value to receive', () => ({ call: { from: g.pick(accounts), to: C.inspector, value: bigIntToHex(g.big(60)) } })],
    [2, 'value to non-payable', () => ({ call: { from: g.pick(accounts), to: g.pick([...tokens, C.quoter as Hex]), data: fn(T, 'balanceOf', [holder()]), value: '0x1' } })],
    [3, 'plain transfer', () => ({ call: { from: g.pick(accounts), to: anyAddress(), value: bigIntToHex(g.big(64)) } })],
    [2, 'gasPrice', () => ({ call: { from: g.pick(accounts), to: g.pick(tokens), data: fn(T, 'balanceOf', [holder()]), gasPrice: bigIntToHex(w.block.baseFeePerGas + g.big(30)) } })],
    [2, 'maxFeePerGas', () => ({ call: { from: g.pick(accounts), to: C.quoter, data: fn(Q, 'getAmountsOut', [g.big(70), paths[1]!]), maxFeePerGas: bigIntToHex(w.block.baseFeePerGas * 2n), maxPriorityFeePerGas: '0x1' } })],
    [2, 'stray calldata', () => ({ call: { from: from(), to: g.pick(contracts), data: g.hex(g.int(70)) } })],
  ];
  const weights = kinds.reduce((n, [wt]) => n + wt, 0);
  const cases: Case[] = [];
  for (let i = 0; i < count; i++) {
    let r = g.int(weights);
    let k = 0;
    while (r >= kinds[k]![0]) r -= kinds[k++]![0];
    const [, name, make] = kinds[k]!;
    cases.push({ label: `#${i} ${name}`, call: make().call });
  }
  return cases;
}

/** Every precompile input of the fixture, through the contract and directly. */
export function precompileCases(w: CallWorld): Case[] {
  return PRECOMPILES.flatMap((p) =>
    [...p.valid, ...p.invalid].flatMap((c) => [
      { label: `precompile ${p.name} ${c.name}`, call: { from: w.accounts[0]!, to: w.contracts.precompiles, data: fn(PC, 'callPrecompile', [p.address, c.input]), gas: PRECOMPILE_GAS } },
      { label: `precompile ${p.name} ${c.name} (direct)`, call: { from: w.accounts[1]!, to: p.address, data: c.input, gas: PRECOMPILE_GAS } },
    ]),
  );
}

/**
 * Every revert kind, each failing on any node: the inspector's fail(kind) (custom error,
 * Error(string), Panic, bare, out of gas, INVALID), a transfer beyond the balance, a transferFrom
 * beyond the allowance the demo activity left (dev account 2 to 3: 300), a quote with no pair.
 */
export function revertCases(w: CallWorld): Case[] {
  const { contracts: C, accounts } = w;
  return [
    ...[0, 1, 2, 3, 4, 5].map((kind) => ({ label: `fail(${kind}, 0)`, call: { from: accounts[4]!, to: C.inspector, data: fn(I, 'fail', [kind, 0n]), gas: SMALL_GAS } })),
    { label: 'transfer beyond the balance', call: { from: accounts[5]!, to: C.tokenC, data: fn(T, 'transfer', [accounts[1]!, 2_000_000n * UNIT]) } },
    { label: 'transferFrom beyond the allowance', call: { from: accounts[3]!, to: C.token, data: fn(T, 'transferFrom', [accounts[2]!, accounts[4]!, 301n * UNIT]) } },
    { label: 'quote with no pair', call: { from: accounts[0]!, to: C.quoter, data: fn(Q, 'getAmountsOut', [UNIT, [C.token, C.tokenC]]) } },
  ];
}

/** A plain transfer, to a new account, value to a contract's receive and to a function that takes none. */
export function valueCases(w: CallWorld): Case[] {
  const { contracts: C, accounts } = w;
  return [
    { label: 'plain transfer', call: { from: accounts[7]!, to: accounts[8]!, value: bigIntToHex(UNIT) } },
    { label: 'transfer to a new account', call: { from: accounts[7]!, to: '0x00000000000000000000000000000000000c0ffe', value: '0x1' } },
    { label: 'value to receive()', call: { from: accounts[7]!, to: C.inspector, value: bigIntToHex(3n * UNIT) } },
    { label: 'value to a non-payable function', call: { from: accounts[7]!, to: C.token, data: fn(T, 'balanceOf', [accounts[7]!]), value: '0x1' } },
    { label: 'the inspector sees the value arrive', call: { from: accounts[7]!, to: C.inspector, data: fn(I, 'accounts', [[C.inspector, accounts[7]!]]), value: '0x0' } },
  ];
}

/** The swap the {@link SURPLUS} pays for: a little VTB out for the VTA paid in. */
export function swapCall(w: CallWorld): Call {
  const { contracts: C, accounts } = w;
  const aIsToken0 = C.token < C.tokenB;
  const out = 1n * UNIT; // far less than SURPLUS buys at 1 VTA : 2 VTB
  return { from: accounts[8]!, to: C.pair, data: fn(P, 'swap', aIsToken0 ? [0n, out, accounts[8]!] : [out, 0n, accounts[8]!]) };
}

/** Calls whose gas is estimated and whose access list is made: each succeeds. */
export function gasCases(w: CallWorld): Case[] {
  const { contracts: C, accounts } = w;
  return [
    { label: 'plain transfer', call: { from: accounts[1]!, to: accounts[2]!, value: '0x1' } },
    { label: 'transfer to a new account', call: { from: accounts[1]!, to: '0x00000000000000000000000000000000000c0ffe', value: '0x1' } },
    { label: 'value to receive()', call: { from: accounts[1]!, to: C.inspector, value: bigIntToHex(UNIT) } },
    { label: 'token transfer', call: { from: accounts[1]!, to: C.token, data: fn(T, 'transfer', [accounts[6]!, 5n * UNIT]) } },
    { label: 'token transfer to a new holder', call: { from: accounts[1]!, to: C.tokenB, data: fn(T, 'transfer', ['0x00000000000000000000000000000000000c0ffe', 5n * UNIT]) } },
    { label: 'token transfer of everything (slot cleared: a refund)', call: { from: accounts[7]!, to: C.tokenC, data: fn(T, 'transfer', [accounts[8]!, 1_000_000n * UNIT]) } },
    { label: 'approve', call: { from: accounts[1]!, to: C.token, data: fn(T, 'approve', [accounts[5]!, UNIT]) } },
    { label: 'transferFrom on an allowance', call: { from: accounts[3]!, to: C.token, data: fn(T, 'transferFrom', [accounts[2]!, accounts[6]!, 100n * UNIT]) } },
    { label: 'swap', call: swapCall(w) },
    { label: 'quote, one hop', call: { from: accounts[0]!, to: C.quoter, data: fn(Q, 'getAmountsOut', [UNIT, [C.token, C.tokenB]]) } },
    { label: 'quote, two hops', call: { from: accounts[0]!, to: C.quoter, data: fn(Q, 'getAmountsOut', [12_345n * UNIT, [C.token, C.tokenB, C.tokenC]]) } },
    { label: 'store', call: { from: accounts[4]!, to: C.inspector, data: fn(I, 'store', [7n]) } },
    { label: 'create and create2', call: { from: accounts[4]!, to: C.inspector, data: fn(I, 'create', [5n, `0x${'11'.repeat(32)}`]) } },
    { label: 'readMany', call: { from: accounts[4]!, to: C.inspector, data: fn(I, 'readMany', [[C.token, C.pair], [fn(T, 'balanceOf', [accounts[1]!]), fn(P, 'getReserves')]]) } },
    { label: 'BN254 pairing through the contract', call: { from: accounts[4]!, to: C.precompiles, data: fn(PC, 'callPrecompile', [PRECOMPILES[7]!.address, PRECOMPILES[7]!.valid[0]!.input]) } },
  ];
}

/** Two calls that fail at any gas: a transfer beyond the balance, a swap paying nothing in. */
export function failingGasCases(w: CallWorld): Case[] {
  const { contracts: C, accounts } = w;
  return [
    { label: 'a transfer that reverts', call: { from: accounts[1]!, to: C.token, data: fn(T, 'transfer', [accounts[2]!, 2_000_000n * UNIT]) } },
    { label: 'a swap paying nothing in', call: { from: accounts[1]!, to: C.pairBC, data: fn(P, 'swap', [1n, 0n, accounts[1]!]) } },
  ];
}
