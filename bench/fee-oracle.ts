/**
 * The verified tip (src/execution/fee-oracle.ts) on the two mainnet blocks with full bodies in
 * test/fixtures (ethereumjs-monorepo's 14,151,203 and 15,571,241), against geth's oracle computed
 * the way geth does from the same blocks as a node holds them (each transaction's sender as the
 * node gives it, no body verification), and what it costs per prepared transaction: each block's
 * body verified against its header (every transaction hash, the transactions trie) and the senders
 * of its lowest tips recovered. A prepared transaction pays that for the blocks it has not seen
 * (bodies are kept per block hash): all five once, then the one new block per head. Run on the
 * @noble backend (the service worker's, which fetches and checks them) and on WASM.
 *
 * Usage: `node --import tsx bench/fee-oracle.ts` (prints markdown)
 */
import { readFileSync } from 'node:fs';
import { cryptoReady, forceNoble } from '../src/crypto/backend.ts';
import { type VerifiedBlock, verifyBlockBody } from '../src/execution/block-body.ts';
import { blockTipSamples, suggestTip } from '../src/execution/fee-oracle.ts';
import { parseRpcHeader } from '../src/execution/header.ts';
import { recoverSender } from '../src/execution/transactions.ts';

const BLOCKS = ['mainnet-14151203', 'mainnet-15571241'];
const json = (name: string) => JSON.parse(readFileSync(new URL(`../test/fixtures/ethereumjs-blocks/${name}.json`, import.meta.url), 'utf8'));
const TIP_START = 10n ** 6n;
const gwei = (x: bigint) => `${(Number(x) / 1e9).toFixed(9).replace(/0+$/, '').replace(/\.$/, '')} gwei`;

/** geth getBlockValues + SuggestTipCap, literally, over the node's JSON (its `from`, no verification). */
function gethSamples(b: Record<string, any>): bigint[] {
  const base = BigInt(b.baseFeePerGas);
  const tips = (b.transactions as Record<string, string>[])
    .map((t) => ({ from: t.from!.toLowerCase(), tip: t.maxFeePerGas === undefined ? BigInt(t.gasPrice!) - base : [BigInt(t.maxPriorityFeePerGas!), BigInt(t.maxFeePerGas) - base].reduce((a, c) => (a < c ? a : c)) }))
    .sort((x, y) => (x.tip < y.tip ? -1 : x.tip > y.tip ? 1 : 0));
  const out: bigint[] = [];
  for (const { from, tip } of tips) {
    if (tip < 2n) continue;
    if (from !== String(b.miner).toLowerCase()) out.push(tip);
    if (out.length >= 3) break;
  }
  return out;
}

function verified(name: string): { block: VerifiedBlock; samples: bigint[] } {
  const j = json(name);
  const { header, hash } = parseRpcHeader(j);
  const block = verifyBlockBody(header, hash!, j, { recoverSenders: false });
  const senders = new Map<number, Uint8Array>();
  const samples = blockTipSamples(block, (i) => senders.get(i) ?? senders.set(i, recoverSender(block.transactions[i]!.tx)).get(i)!);
  return { block, samples };
}

function timeMs(fn: () => void, runs: number): number {
  fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

await cryptoReady();
const rows: string[] = [];
const ours: bigint[][] = [];
const geths: bigint[][] = [];
for (const name of BLOCKS) {
  const j = json(name);
  const { samples } = verified(name);
  const theirs = gethSamples(j);
  ours.push(samples);
  geths.push(theirs);
  rows.push(`| ${Number(BigInt(j.number)).toLocaleString('en')} | ${j.transactions.length} | ${gwei(BigInt(j.baseFeePerGas))} | ${samples.map(gwei).join(', ')} | ${theirs.map(gwei).join(', ')} | ${samples.join() === theirs.join() ? 'equal' : '**differs**'} |`);
}
// Newest first, as the oracle reads them.
const tip = suggestTip([...ours].reverse(), TIP_START);
const gethTip = suggestTip([...geths].reverse(), TIP_START);

console.log('| block | transactions | base fee | samples (verified bodies, recovered senders) | geth\'s samples (node JSON) | |');
console.log('|---:|---:|---:|---|---|---|');
for (const r of rows) console.log(r);
console.log(`\nSuggested over both blocks: ${gwei(tip)}; geth's oracle over the same blocks: ${gwei(gethTip)} (${tip === gethTip ? 'equal' : '**differs**'}).\n`);

console.log('| cost per block (median of 21) | @noble (service worker) | WASM |');
console.log('|---|---:|---:|');
const cost: Record<string, [number, number]> = {};
for (const backend of ['noble', 'wasm'] as const) {
  forceNoble(backend === 'noble');
  for (const name of BLOCKS) {
    const ms = timeMs(() => verified(name), 21);
    (cost[name] ??= [0, 0])[backend === 'noble' ? 0 : 1] = ms;
  }
}
forceNoble(false);
for (const name of BLOCKS) {
  const j = json(name);
  const [n, w] = cost[name]!;
  console.log(`| ${Number(BigInt(j.number)).toLocaleString('en')} (${j.transactions.length} transactions): body verified + lowest tips' senders | ${n.toFixed(2)} ms | ${w.toFixed(2)} ms |`);
}
const perTx = (i: 0 | 1) => BLOCKS.reduce((a, name) => a + cost[name]![i], 0) / BLOCKS.length;
console.log(`| a prepared transaction, first at a head (5 blocks, the fixtures' average) | ${(5 * perTx(0)).toFixed(1)} ms | ${(5 * perTx(1)).toFixed(1)} ms |`);
console.log(`| a prepared transaction, one new block since the last | ${perTx(0).toFixed(1)} ms | ${perTx(1).toFixed(1)} ms |`);
