/**
 * One-shot: Linea's aggregation proof re-verified with its public input rebuilt
 * (src/l2/linea/public-input.ts + src/zk/gnark-plonk.ts), and pinned verifier contracts run on the
 * local EVM (src/execution/verifier-contract.ts) with Vigil's BN254 precompiles (WASM) and with
 * @ethereumjs/evm's default (@noble/curves): total time, and the time inside the BN254
 * precompiles (each call to the EVM's bn254 interface timed). Warm = median of runs after 3
 * warm-up runs. Prints markdown. Fixtures: test/fixtures/linea, test/fixtures/verifier-contracts.
 *
 * Usage: node --import tsx bench/verifier-contracts.ts
 * @module
 */
import { createEVM, type EVMBN254Interface, NobleBN254 } from '@ethereumjs/evm';
import { Address } from '@ethereumjs/util';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { encodeFunctionData, parseAbi } from 'viem';
import { concatBytes, hexToBigInt, hexToBytes } from '../src/core/bytes.ts';
import { cryptoReady } from '../src/crypto/backend.ts';
import { bn254Backend, bn254Ready } from '../src/crypto/bn254.ts';
import { keccak256 } from '../src/crypto/keccak.ts';
import { vigilBn254 } from '../src/execution/precompiles/bn254.ts';
import { runPinnedVerifier, type VerifierAcceptance } from '../src/execution/verifier-contract.ts';
import { lineaPublicInput, type LineaFinalization } from '../src/l2/linea/public-input.ts';
import { parseGnarkPlonkProof, parseGnarkPlonkSolidityVerifyingKey, verifyGnarkPlonk } from '../src/zk/gnark-plonk.ts';

const RUNS = process.env.BENCH_QUICK === '1' ? 3 : 15;
const fixture = (path: string) => new URL(`../test/fixtures/${path}`, import.meta.url);
const bin = (path: string) => new Uint8Array(readFileSync(fixture(path)));
const json = (path: string) => JSON.parse(readFileSync(fixture(path), 'utf8')) as Record<string, unknown>;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timed(fn: () => unknown | Promise<unknown>): Promise<{ cold: number; warm: number }> {
  let t = performance.now();
  await fn();
  const cold = performance.now() - t;
  for (let i = 0; i < 2; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return { cold, warm: median(samples) };
}

await Promise.all([cryptoReady(), bn254Ready()]);
if (bn254Backend() !== 'wasm') throw new Error('the BN254 WASM kernel is not in place');

// ---- Linea: public input rebuilt + gnark PLONK ------------------------------------------------
const agg = json('linea/mainnet-24288348-24288678-getZkAggregatedProof.json');
const blob = json('linea/mainnet-24288348-24288678-getZkBlobCompressionProof.json');
const s = (o: Record<string, unknown>, k: string) => String(o[k]);
const b32 = (hex: string) => hexToBytes(hex, 32);
const finalization: LineaFinalization = {
  parentStateRootHash: b32(s(agg, 'parentStateRootHash')),
  endBlockNumber: BigInt(s(agg, 'finalBlockNumber')),
  shnarfData: {
    parentShnarf: b32(s(blob, 'prevShnarf')),
    snarkHash: b32(s(blob, 'snarkHash')),
    finalStateRootHash: b32(s(blob, 'finalStateRootHash')),
    dataEvaluationPoint: b32(s(blob, 'expectedX')),
    dataEvaluationClaim: b32(s(blob, 'expectedY')),
  },
  lastFinalizedTimestamp: BigInt(s(agg, 'parentAggregationLastBlockTimestamp')),
  finalTimestamp: BigInt(s(agg, 'finalTimestamp')),
  lastFinalizedL1RollingHash: b32(s(agg, 'parentAggregationLastL1RollingHash')),
  l1RollingHash: b32(s(agg, 'l1RollingHash')),
  lastFinalizedL1RollingHashMessageNumber: BigInt(s(agg, 'parentAggregationLastL1RollingHashMessageNumber')),
  l1RollingHashMessageNumber: BigInt(s(agg, 'l1RollingHashMessageNumber')),
  l2MerkleTreesDepth: BigInt(s(agg, 'l2MerkleTreesDepth')),
  l2MerkleRoots: (agg.l2MerkleRoots as string[]).map(b32),
  l2MessagingBlocksOffsets: hexToBytes(s(agg, 'l2MessagingBlocksOffsets')),
};
const lineaState = { lastFinalizedShnarf: b32(s(agg, 'parentAggregationFinalShnarf')), lastFinalizedBlockNumber: BigInt(s(agg, 'lastFinalizedBlockNumber')) };
const lineaKey = parseGnarkPlonkSolidityVerifyingKey(readFileSync(fixture('linea/PlonkVerifierMainnetFull.paris.sol'), 'utf8'));
const lineaProofBytes = hexToBytes(s(agg, 'aggregatedProof'));
if (lineaPublicInput('v3', finalization, lineaState) !== hexToBigInt(s(agg, 'aggregatedProofPublicInput'))) throw new Error('Linea public input not rebuilt');
const linea = await timed(() => verifyGnarkPlonk(lineaKey, parseGnarkPlonkProof(lineaKey, lineaProofBytes), [lineaPublicInput('v3', finalization, lineaState)]));

// ---- Verifier contracts -----------------------------------------------------------------------
/** Wraps a BN254 implementation, adding the time spent in it to `spent.ms`. */
function timing(inner: EVMBN254Interface, spent: { ms: number }): EVMBN254Interface {
  const wrap =
    (f: (input: Uint8Array) => Uint8Array) =>
    (input: Uint8Array): Uint8Array => {
      const t = performance.now();
      try {
        return f(input);
      } finally {
        spent.ms += performance.now() - t;
      }
    };
  return { add: wrap((i) => inner.add(i)), mul: wrap((i) => inner.mul(i)), pairing: wrap((i) => inner.pairing(i)) };
}

interface Contract {
  name: string;
  code: Uint8Array;
  calldata: Uint8Array;
  accept: VerifierAcceptance;
}

const evm = await createEVM();
const scrollDeploy = await evm.runCall({ caller: new Address(new Uint8Array(20).fill(1)), data: bin('verifier-contracts/scroll/plonk_verifier_v0.12.0-rc.3.bin'), gasLimit: 30_000_000n });
const scrollProof = bin('verifier-contracts/scroll/v0.12.0-rc.3_proof.data');
const polygonProof = json('verifier-contracts/polygon/proof.json') as { polynomials: Record<string, string[]>; evaluations: Record<string, string> };
const word = (v: string) => `0x${BigInt(v).toString(16).padStart(64, '0')}` as const;
const polygonCalldata = hexToBytes(
  encodeFunctionData({
    abi: parseAbi(['function verifyProof(bytes32[24] proof, uint256[1] pubSignals) view returns (bool)']),
    functionName: 'verifyProof',
    args: [
      [
        ...['C1', 'C2', 'W1', 'W2'].flatMap((k) => polygonProof.polynomials[k]!.slice(0, 2).map(word)),
        ...['ql', 'qr', 'qm', 'qo', 'qc', 's1', 's2', 's3', 'a', 'b', 'c', 'z', 'zw', 't1w', 't2w', 'inv'].map((k) => word(polygonProof.evaluations[k]!)),
      ] as never,
      [BigInt((JSON.parse(readFileSync(fixture('verifier-contracts/polygon/public.json'), 'utf8')) as string[])[0]!)],
    ],
  }),
);
const feynmanDeploy = await evm.runCall({ caller: new Address(new Uint8Array(20).fill(1)), data: bin('verifier-contracts/scroll-openvm/verifier-feynman.bin'), gasLimit: 30_000_000n });
const feynmanProof = json('verifier-contracts/scroll-openvm/bundle-proof-feynman.json') as { proof: string; instances: string };
const contracts: Contract[] = [
  {
    // What mainnet routes protocol version 8 to: the call is the proof's instances and proof (src/l2/scroll/bundle-proof.ts assembles the same bytes).
    name: "Scroll's OpenVM Feynman plonk verifier (halo2-KZG, mainnet's)",
    code: await evm.stateManager.getCode(feynmanDeploy.createdAddress!),
    calldata: concatBytes(new Uint8Array(Buffer.from(feynmanProof.instances, 'base64')), new Uint8Array(Buffer.from(feynmanProof.proof, 'base64'))),
    accept: 'no-revert',
  },
  {
    name: "Scroll's plonk verifier v0.12.0-rc.3 (halo2-KZG)",
    code: await evm.stateManager.getCode(scrollDeploy.createdAddress!),
    calldata: concatBytes(scrollProof.subarray(0, 0x180), bin('verifier-contracts/scroll/v0.12.0-rc.3_pi.data'), scrollProof.subarray(0x180)),
    accept: 'no-revert',
  },
  {
    name: "Polygon zkEVM's FflonkVerifier",
    code: hexToBytes((json('verifier-contracts/polygon/FflonkVerifier.json') as { deployedBytecode: string }).deployedBytecode),
    calldata: polygonCalldata,
    accept: 'returns-true',
  },
];

const rows: string[] = [];
for (const c of contracts) {
  for (const [label, impl] of [
    ['Vigil (WASM)', vigilBn254],
    ['@ethereumjs/evm default (@noble/curves)', new NobleBN254()],
  ] as const) {
    const spent = { ms: 0 };
    const bn254 = timing(impl, spent);
    const pinned = { codeHash: keccak256(c.code), accept: c.accept };
    const run = async () => {
      const v = await runPinnedVerifier(c.code, pinned, c.calldata, { bn254 });
      if (v.kind !== 'verified') throw new Error(`${c.name}: ${v.reason}`);
    };
    await run();
    for (let i = 0; i < 2; i++) await run();
    const totals: number[] = [];
    const inside: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      spent.ms = 0;
      const t = performance.now();
      await run();
      totals.push(performance.now() - t);
      inside.push(spent.ms);
    }
    const [total, pre] = [median(totals), median(inside)];
    rows.push(`| ${c.name} | ${label} | ${total.toFixed(1)} | ${pre.toFixed(1)} | ${((100 * pre) / total).toFixed(0)} % | ${(total - pre).toFixed(1)} |`);
  }
}

const cpu = cpus()[0]?.model ?? 'unknown';
console.log(`### Linea aggregation proof and verifier contracts in the local EVM (bench/verifier-contracts.ts)

- machine: ${cpu} × ${cpus().length} (shared), node ${process.version}; ${RUNS} warm runs after 3, median

Linea mainnet aggregation 24288348–24288678 (prover 6.0.4): public input rebuilt from the
finalization data (shnarf + v3 layout) and the gnark PLONK proof verified against it: cold
${linea.cold.toFixed(1)} ms, warm **${linea.warm.toFixed(1)} ms** (target ≤ 60 ms warm).

| verifier | BN254 precompiles | total ms | in BN254 precompiles ms | share | rest of the EVM ms |
|---|---|---:|---:|---:|---:|
${rows.join('\n')}
`);
