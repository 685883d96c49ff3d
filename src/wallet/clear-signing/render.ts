/**
 * A call or typed data in words: micro-eth-signer's ERC-7730 renderer (it formats each field by its
 * descriptor's rule and does no I/O) over the descriptors bound to the call's contract on its chain
 * (./registry.ts), its resolvers fed only with what Vigil proved: token symbols and decimals by
 * verified call, names Vigil verified or knows, block times of verified headers, the network's name
 * and ticker. What was not proven is not given, and the renderer shows the raw value. Each field
 * keeps the asset (tokenAmount: the token the renderer asked about; amount: native) or address
 * (addressName) it shows, so that ./agree.ts can hold it against the simulation. Pure.
 * @module
 */
import { type ClearSigOpt, type ClearSigResult, type ClearSigTypedInput, eip712 } from 'micro-eth-signer/clearsig.js';
import { Decoder, decodeData } from 'micro-eth-signer/abi.js';
import type { ClearField, ClearPart, ClearWords } from './types.ts';
import { boundFiles, type DescriptorFiles, sourceOf } from './registry.ts';

/** What Vigil proved that the words may show (addresses lower-case). */
export interface ProvenFacts {
  chainId: number;
  /** The network's name and native ticker. */
  chain: { name: string; ticker: string };
  /** Tokens' symbol and decimals by verified call at the preview's head; a fact absent was not proven. */
  tokens: ReadonlyMap<string, { symbol?: string; decimals?: number }>;
  /** Names Vigil verified or knows (the user's accounts, verified ENS names, known contracts). */
  names: ReadonlyMap<string, string>;
  /** Timestamps of verified headers, by block number (decimal). */
  blocks?: ReadonlyMap<string, number>;
}

/** A call as the words see it (lower-case addresses, 0x-hex data). */
export interface CallInput {
  from: string;
  to: string;
  value: bigint;
  data: string;
}

/** What a render asked about: the tokens it wanted facts of (the caller may prove them and render again). */
export interface Asked {
  tokens: Set<string>;
}

/**
 * The call in words by the descriptor bound to `call.to` on `facts.chainId`, or undefined when none
 * is bound there (or the calldata is not what its ABI says).
 * @throws what the renderer throws on a descriptor it cannot apply (the caller contains it)
 */
export async function callWords(files: DescriptorFiles, call: CallInput, facts: ProvenFacts, asked?: Asked): Promise<ClearWords | undefined> {
  const to = call.to.toLowerCase();
  const bound = boundFiles(files, facts.chainId, to, 'contract');
  if (Object.keys(bound).length === 0) return undefined;
  const rec = recorder(facts, asked);
  // noDefault: only the bound descriptors' ABIs, never the package's own token list (its symbols are not proven).
  const decoded = decodeData(to, call.data, call.value, { decoder: new Decoder(), noDefault: true, clearSig: bound, chainId: BigInt(facts.chainId), from: call.from.toLowerCase(), ...rec.opts });
  if (decoded === undefined || Array.isArray(decoded) || decoded.clearSig === undefined) return undefined;
  const result = await decoded.clearSig;
  return result === undefined ? undefined : wordsOf(result, rec.assets, descriptorOf(bound, sourceOf), { chainId: facts.chainId, address: to });
}

/**
 * Typed data in words by the descriptor bound to its domain's verifying contract and chain id, or
 * undefined when none is. `typed` is what parseTypedData accepted; `domain` its verified reading.
 * @throws as {@link callWords}
 */
export async function typedWords(files: DescriptorFiles, typed: unknown, domain: { chainId: number; verifyingContract: string }, facts: ProvenFacts, asked?: Asked): Promise<ClearWords | undefined> {
  const contract = domain.verifyingContract.toLowerCase();
  if (domain.chainId !== facts.chainId) return undefined;
  const bound = boundFiles(files, facts.chainId, contract, 'eip712');
  if (Object.keys(bound).length === 0) return undefined;
  const rec = recorder(facts, asked);
  const result = await eip712(typed as ClearSigTypedInput, { clearSig: bound, ...rec.opts });
  return result === undefined ? undefined : wordsOf(result, rec.assets, descriptorOf(bound, sourceOf), { chainId: facts.chainId, address: contract });
}

/** The resolvers, each answering only from `facts`, and what they were asked per field. */
function recorder(facts: ProvenFacts, asked: Asked | undefined) {
  const assets = new Map<string, Set<string>>();
  const opts: ClearSigOpt = {
    resolveToken: async ({ address, field }) => {
      const a = address.toLowerCase();
      if (field?.format === 'tokenAmount' || field?.format === 'tokenTicker') {
        if (typeof field.label === 'string') assets.set(field.label, (assets.get(field.label) ?? new Set()).add(a));
        asked?.tokens.add(a);
      }
      const t = facts.tokens.get(a);
      if (t === undefined || (t.symbol === undefined && t.decimals === undefined)) return undefined;
      return { ...(t.symbol !== undefined ? { symbol: t.symbol } : {}), ...(t.decimals !== undefined ? { decimals: t.decimals } : {}), verified: true };
    },
    resolveAddress: async ({ address }) => {
      const name = facts.names.get(address.toLowerCase());
      return name === undefined ? undefined : { name, verified: true };
    },
    resolveBlock: async ({ block }) => facts.blocks?.get(block.toString()),
    resolveChain: async ({ chainId }) => (Number(chainId) === facts.chainId ? facts.chain : undefined),
  };
  return { opts, assets };
}

function descriptorOf(bound: DescriptorFiles, source: (file: string) => string): ClearWords['descriptor'] {
  // The file with formats is the one that renders; its metadata may be in a file it includes.
  const name = Object.keys(bound).find((n) => bound[n]!.display?.formats !== undefined) ?? Object.keys(bound)[0]!;
  const withMeta = Object.values(bound).find((f) => f.metadata?.owner !== undefined);
  const meta = bound[name]!.metadata ?? withMeta?.metadata ?? {};
  const contractName = meta.contractName ?? bound[name]!.context?.$id;
  return { ...(typeof meta.owner === 'string' ? { owner: meta.owner } : {}), ...(typeof contractName === 'string' ? { contractName } : {}), source: source(name) };
}

function wordsOf(result: ClearSigResult, assets: ReadonlyMap<string, ReadonlySet<string>>, descriptor: ClearWords['descriptor'], boundTo: ClearWords['boundTo']): ClearWords {
  const fields: ClearField[] = Object.entries(result.fields).map(([label, f]) => {
    const raw = rawText(f.rawValue);
    const field: ClearField = { label, value: f.value, format: f.format, raw };
    if (f.format === 'amount') field.asset = 'native';
    if (f.format === 'tokenAmount') {
      const asset = assetOf(label, assets, Object.keys(result.fields));
      if (asset !== undefined) field.asset = asset;
    }
    if (f.format === 'addressName' && /^0x[0-9a-f]{40}$/.test(raw)) field.address = raw;
    return field;
  });
  const words: ClearWords = { intent: result.intent, fields, descriptor, boundTo, disagreements: [] };
  if (result.structuredIntent !== undefined) {
    words.sentence = result.structuredIntent.map((p): ClearPart => {
      if (typeof p === 'string') return p;
      const i = fields.findIndex((f) => f.format === p.format && f.value === p.value && f.raw === rawText(p.rawValue));
      return i >= 0 ? { field: i } : p.value;
    });
  }
  return words;
}

/**
 * The token a tokenAmount field is an amount of: the one the renderer asked about for its label,
 * only when that is certain. An array path renders one field per item ("Amount", "Amount 2", …)
 * and a native item asks about no token, so a label shown more than once, or asked about more than
 * one token, gets none: provenance left out rather than guessed.
 */
function assetOf(label: string, assets: ReadonlyMap<string, ReadonlySet<string>>, labels: readonly string[]): string | undefined {
  const asked = assets.get(label);
  if (asked === undefined || asked.size !== 1) return undefined;
  const repeated = labels.some((l) => l !== label && l.startsWith(`${label} `) && /^\d+$/.test(l.slice(label.length + 1)));
  return repeated ? undefined : [...asked][0];
}

/** A decoded value as text: integers in decimal, bytes in 0x-hex, addresses lower-case. */
function rawText(v: unknown): string {
  if (typeof v === 'bigint' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return /^0x[0-9a-fA-F]*$/.test(v) ? v.toLowerCase() : v;
  if (v instanceof Uint8Array) return `0x${Array.from(v, (b) => b.toString(16).padStart(2, '0')).join('')}`;
  return JSON.stringify(v, (_, x: unknown) => (typeof x === 'bigint' ? x.toString() : x instanceof Uint8Array ? rawText(x) : x)) ?? '';
}
