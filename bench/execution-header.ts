/**
 * One-shot: the execution-header binding a Gloas head needs (src/execution/header.ts
 * verifyRpcHeader: read the eth_getBlockByHash answer, re-encode the header's RLP, keccak256,
 * compare with the proven hash), per header, on the @noble backend (the service worker's) and on
 * WASM, against anchors doing the same work on the same object in the same run:
 * - viem 2.57: hexToBytes/toRlp/keccak256 over the fields (viem has no header type: the field list
 *   is this file's, Amsterdam order from go-ethereum@02b73d4e core/types/block.go);
 * - @ethereumjs/rlp + @ethereumjs/util conversions + @noble/hashes keccak_256 (@ethereumjs/block,
 *   which hashes headers itself, is not installed).
 * Headers: mainnet 21,925,176 (Cancun, 20 fields, the fixture's real block object with its 200-odd
 * transaction hashes), the execution-apis Prague block (21 fields), and that block made Amsterdam
 * (23 fields). Each anchor's hash is checked equal to Vigil's before anything is timed. Then the
 * whole fetch on a loopback node (VerifiedHeaders.byProvenHash, no cache: a new instance per call).
 *
 * Usage: `node --import tsx bench/execution-header.ts [rounds]` (default 20,000; prints markdown)
 */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { RLP } from '@ethereumjs/rlp';
import { bigIntToUnpaddedBytes, hexToBytes as ejsHexToBytes, bytesToHex as ejsBytesToHex } from '@ethereumjs/util';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { type Hex, keccak256 as viemKeccak, toRlp } from 'viem';
import { ExecutionRpc } from '../src/client/verified/execution-rpc.ts';
import { VerifiedHeaders } from '../src/client/verified/headers.ts';
import { bytesToHex, hexToBytes } from '../src/core/bytes.ts';
import { cryptoReady, forceNoble, hashBackend } from '../src/crypto/backend.ts';
import { verifyRpcHeader } from '../src/execution/header.ts';
import { startChainServer } from '../test/unit/client/verified/chain-server.ts';

const ROUNDS = Number(process.argv[2] ?? 20_000);
const ORDER: [string, boolean][] = [
  ['parentHash', false], ['sha3Uncles', false], ['miner', false], ['stateRoot', false], ['transactionsRoot', false], ['receiptsRoot', false],
  ['logsBloom', false], ['difficulty', true], ['number', true], ['gasLimit', true], ['gasUsed', true], ['timestamp', true], ['extraData', false],
  ['mixHash', false], ['nonce', false], ['baseFeePerGas', true], ['withdrawalsRoot', false], ['blobGasUsed', true], ['excessBlobGas', true],
  ['parentBeaconBlockRoot', false], ['requestsHash', false], ['blockAccessListHash', false], ['slotNumber', true],
];
const present = (b: Record<string, any>) => ORDER.filter(([k]) => b[k] !== undefined && b[k] !== null);
const io = (path: string) => JSON.parse(readFileSync(new URL(`../test/fixtures/execution-apis/${path}`, import.meta.url), 'utf8').split('\n').find((l) => l.startsWith('<<'))!.slice(3)).result;

function viemHash(b: Record<string, any>): Hex {
  const items = present(b).map(([k, q]) => (q ? (BigInt(b[k]) === 0n ? '0x' : (`0x${BigInt(b[k]).toString(16).padStart(2 * Math.ceil(BigInt(b[k]).toString(16).length / 2), '0')}` as Hex)) : (b[k] as Hex)));
  return viemKeccak(toRlp(items));
}
function ejsHash(b: Record<string, any>): string {
  return ejsBytesToHex(keccak_256(RLP.encode(present(b).map(([k, q]) => (q ? bigIntToUnpaddedBytes(BigInt(b[k])) : ejsHexToBytes(b[k]))))));
}

const cancun = JSON.parse(readFileSync(new URL('../test/fixtures/mainnet-proofs/block.json', import.meta.url), 'utf8'));
const prague = io('eth_getBlockByNumber/get-block-prague-fork.io');
const { hash: _, ...pragueFields } = prague;
const amsterdamFields = { ...pragueFields, blockAccessListHash: '0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347', slotNumber: '0xceff02' };
const amsterdam = { ...amsterdamFields, hash: ejsHash(amsterdamFields) };
const HEADERS: [string, Record<string, any>][] = [
  [`mainnet 21,925,176 (Cancun, 20 fields, ${cancun.transactions.length} tx hashes)`, cancun],
  ['execution-apis Prague block (21 fields)', prague],
  ['the same made Amsterdam (23 fields)', amsterdam],
];

function median(fn: () => unknown, rounds: number): number {
  for (let i = 0; i < Math.min(2000, rounds); i++) fn();
  const batches = 15;
  const per = Math.max(1, Math.floor(rounds / batches));
  const out: number[] = [];
  for (let b = 0; b < batches; b++) {
    const t = performance.now();
    for (let i = 0; i < per; i++) fn();
    out.push(((performance.now() - t) * 1000) / per);
  }
  return out.sort((a, c) => a - c)[Math.floor(batches / 2)]!;
}

await cryptoReady();
console.log(`# Execution header binding (verifyRpcHeader)\n\n${new Date().toISOString().slice(0, 10)}; ${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}, node ${process.version}; median of 15 batches of ${Math.floor(ROUNDS / 15)} calls, µs per header.\n`);
const rows: string[] = [];
for (const backend of ['wasm', 'noble'] as const) {
  if (backend === 'noble') forceNoble(true);
  for (const [name, block] of HEADERS) {
    const proven = hexToBytes(block.hash);
    if (bytesToHex(hexToBytes(ejsHash(block))) !== block.hash || viemHash(block) !== block.hash) throw new Error(`an anchor does not hash ${name} to its hash`);
    verifyRpcHeader(block, proven);
    const vigil = median(() => verifyRpcHeader(block, proven), ROUNDS);
    const v = median(() => viemHash(block), ROUNDS);
    const e = median(() => ejsHash(block), ROUNDS);
    rows.push(`| ${name} | ${hashBackend()} | ${vigil.toFixed(1)} | ${v.toFixed(1)} | ${e.toFixed(1)} | ${(v / vigil).toFixed(1)}× / ${(e / vigil).toFixed(1)}× |`);
  }
}
console.log('| header | Vigil backend | Vigil verifyRpcHeader µs | viem toRlp+keccak256 µs | @ethereumjs/rlp + noble keccak µs | anchors ÷ Vigil |');
console.log('|---|---|---|---|---|---|');
console.log(rows.join('\n'));

// The whole fetch: eth_getBlockByHash over HTTP on loopback, verified, no cache.
const server = await startChainServer();
try {
  const rpc = new ExecutionRpc({ endpoints: [server.url], timeoutMs: 5_000 });
  const chainHead = io('eth_getBlockByNumber/get-latest.io');
  const hash = hexToBytes(chainHead.hash);
  const fetchOnce = async () => (await new VerifiedHeaders({ rpc, anchors: () => ({}) }).byProvenHash(hash)).header;
  for (let i = 0; i < 50; i++) await fetchOnce();
  const times: number[] = [];
  for (let i = 0; i < 400; i++) {
    const t = performance.now();
    await fetchOnce();
    times.push(performance.now() - t);
  }
  times.sort((a, c) => a - c);
  console.log(`\nbyProvenHash on a loopback node (the execution-apis head, Osaka, ${hashBackend()}): median ${times[200]!.toFixed(3)} ms, p90 ${times[360]!.toFixed(3)} ms per header (400 fetches, a new cache each).`);
} finally {
  await server.close();
}
