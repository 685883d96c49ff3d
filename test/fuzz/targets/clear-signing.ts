/**
 * Calls in words (src/client/wallet/clear-signing.ts wordsOfCall, over micro-eth-signer's ERC-7730
 * renderer): calldata to the devnet-style router bound to Uniswap's Router02 descriptor and to a
 * listed token bound to the ERC-20 one, mutated. The words are another decoder's reading of the
 * calldata than the one the contract will do: where they are given, Vigil's own ABI decoder
 * (src/execution/abi.ts, stricter than Solidity's) must accept the same bytes and read the same
 * amounts, recipients and deadlines; and the wrapper never throws.
 */
import { bytesToHex, hexToBytes } from '../../../src/core/bytes.ts';
import { decodeAbi, encodeFunctionCall, functionSelector } from '../../../src/execution/abi.ts';
import { wordsOfCall } from '../../../src/client/wallet/clear-signing.ts';
import type { TransactionEffects } from '../../../src/wallet/transaction-effects.ts';
import { mutateBytes } from '../mutators/bytes.ts';
import { againstReference, type Reference, type Verdict } from '../oracles.ts';
import { defineTarget, type Outcome } from '../target.ts';

const ROUTER = '0x5151515151515151515151515151515151515151';
const TOKEN = '0x7070707070707070707070707070707070707070';
const WETH = '0xeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee';
const USER = '0xa1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1';
const BINDINGS = { chainId: 31337, chain: { name: 'Devnet', ticker: 'ETH' }, routers: [ROUTER], listed: [TOKEN] };
const EFFECTS: TransactionEffects = { at: { blockNumber: '1', blockHash: '0x' }, ok: true, own: [], approvals: [], others: [], created: [], tokens: { [TOKEN]: { symbol: 'VTA', decimals: 18 } } };

/** Each call fuzzed: its contract, signature, and which argument each field of its words reads. */
const CALLS: { to: string; signature: string; fields: Record<string, number>; args: () => unknown[] }[] = [
  { to: ROUTER, signature: 'swapExactETHForTokens(uint256,address[],address,uint256)', fields: { 'Minimum to Receive': 0, Beneficiary: 2, Deadline: 3 }, args: () => [1940n * 10n ** 18n, [WETH, TOKEN], USER, 1893456000n] },
  { to: ROUTER, signature: 'swapExactTokensForETH(uint256,uint256,address[],address,uint256)', fields: { 'Amount to Send': 0, 'Minimum to Receive': 1, Beneficiary: 3, Deadline: 4 }, args: () => [5n * 10n ** 18n, 10n ** 15n, [TOKEN, WETH], USER, 1893456000n] },
  { to: TOKEN, signature: 'transfer(address,uint256)', fields: { To: 0, Amount: 1 }, args: () => [ROUTER, 100n * 10n ** 18n] },
];

const text = (v: unknown): string => (typeof v === 'bigint' ? v.toString() : String(v).toLowerCase());

export const clearSigningTarget = defineTarget({
  name: 'clear-signing',
  subject: "wordsOfCall's fields (the renderer's reading of the calldata) for Router02 swaps and an ERC-20 transfer, bound as on the devnet",
  reference: "Vigil's decodeAbi of the same calldata: words only where it accepts, each field the argument it decodes",
  seeds: 'encodeFunctionCall of three calls (two swaps, a transfer)',
  slice: 120,
  stricter: { NO_WORDS: "Calldata Vigil's decoder reads and the renderer does not (bytes past the arguments, which Solidity ignores): no words, the call shown raw beside its effects." },
  async load() {
    return CALLS.map((c) => ({ ...c, data: hexToBytes(encodeFunctionCall(c.signature, c.args() as never)) }));
  },
  async run(seeds: (typeof CALLS[number] & { data: Uint8Array })[], rng): Promise<Outcome> {
    const seed = rng.pick(seeds);
    const m = mutateBytes(rng, seed.data, { donors: seeds.map((s) => s.data), wordBase: 4 });
    const data = bytesToHex(m.value);
    const call = CALLS.find((c) => c.to === seed.to && data.startsWith(functionSelector(c.signature)));
    let theirs: Reference<Record<string, string>>;
    try {
      if (call === undefined) throw new Error('no such call');
      const args = decodeAbi(call.signature.slice(call.signature.indexOf('(') + 1, -1).split(','), `0x${data.slice(10)}`);
      theirs = { ok: true, value: Object.fromEntries(Object.entries(call.fields).map(([label, i]) => [label, text(args[i])])) };
    } catch {
      theirs = { ok: false };
    }
    let ours: Verdict<Record<string, string>>;
    try {
      const words = await wordsOfCall({ from: USER, to: seed.to, value: 10n ** 18n, data }, EFFECTS, BINDINGS, async () => new Map());
      ours = words === undefined ? { ok: false, code: 'NO_WORDS', error: undefined } : { ok: true, value: Object.fromEntries(words.fields.filter((f) => call?.fields[f.label] !== undefined).map((f) => [f.label, f.raw])) };
    } catch (error) {
      ours = { ok: false, code: 'UNTYPED', error };
    }
    return { ...againstReference(m.op, ours, theirs), input: { to: seed.to, data } };
  },
});
