/**
 * Words for a call or typed data (src/wallet/clear-signing): the ERC-7730 registry's files for
 * Vigil's networks (registry.generated.ts) and the renderer evaluated at the first preview that
 * needs them (a dynamic import: the extension's IIFE bundles inline it, but run it only then), the descriptors bound on the network's chain (its listed tokens and own routers too),
 * rendered with what the preview proved, and the tokens the words name that the preview did not
 * read proven by verified call at the same head before a second render. Whatever goes wrong here
 * (a descriptor the renderer cannot apply, a token that cannot be proven) leaves the words out and
 * never the preview: words are a reading aid beside the effects, which stay what is signed against.
 * @module
 */
import type { BatchWords, ClearWords } from '../../wallet/clear-signing/types.ts';
import type { ProvenFacts } from '../../wallet/clear-signing/render.ts';
import type { DescriptorFiles } from '../../wallet/clear-signing/registry.ts';
import type { PermitApproval } from '../../wallet/permits.ts';
import type { TokenFacts, TransactionEffects } from '../../wallet/transaction-effects.ts';
import { decodeDelegateCalls } from '../../wallet/smart-account/atomic-batch.ts';
import { shippedTokens } from '../../wallet/tokens/shipped.ts';

/** What binds descriptors on the network beyond the registry's own deployments (lower-case addresses). */
export interface WordsBindings {
  chainId: number;
  /** The network's name and native ticker, as the words say them. */
  chain: { name: string; ticker: string };
  /** The network's own listed tokens (a devnet's): with Vigil's list for the chain, what ERC-20 and ERC-2612 descriptors bind to. */
  listed?: readonly string[];
  /** The network's own Uniswap V2 routers (a devnet's). */
  routers?: readonly string[];
  /** Names Vigil verified or knows, by lower-case address (the user's accounts, verified ENS names, known contracts). */
  names?: ReadonlyMap<string, string>;
}

/** Proves tokens' symbol and decimals at the preview's head (what it could not prove, left out). */
export type ProveTokens = (addresses: readonly string[]) => Promise<ReadonlyMap<string, Pick<TokenFacts, 'symbol' | 'decimals'>>>;

type Modules = [
  typeof import('../../wallet/clear-signing/render.ts'),
  typeof import('../../wallet/clear-signing/registry.ts'),
  typeof import('../../wallet/clear-signing/agree.ts'),
  DescriptorFiles,
  typeof import('../../wallet/clear-signing/agree-batch.ts'),
];
let modules: Promise<Modules> | undefined;
const filesByBinding = new Map<string, DescriptorFiles>();

/** The renderer, the registry and its descriptors, loaded once (a failed load is tried again next time). */
function load(): Promise<Modules> {
  modules ??= Promise.all([
    import('../../wallet/clear-signing/render.ts'),
    import('../../wallet/clear-signing/registry.ts'),
    import('../../wallet/clear-signing/agree.ts'),
    import('../../wallet/clear-signing/registry.generated.ts').then((m) => m.REGISTRY_FILES),
    import('../../wallet/clear-signing/agree-batch.ts'),
  ]).catch((err: unknown) => {
    modules = undefined;
    throw err;
  });
  return modules;
}

async function filesFor(b: WordsBindings): Promise<Modules & { files: DescriptorFiles }> {
  const m = await load();
  const tokens = [...new Set([...shippedTokens(b.chainId).keys(), ...(b.listed ?? [])].map((t) => t.toLowerCase()))].sort();
  const routers = [...new Set((b.routers ?? []).map((r) => r.toLowerCase()))].sort();
  const key = `${b.chainId}|${tokens.join(',')}|${routers.join(',')}`;
  let files = filesByBinding.get(key);
  if (files === undefined) {
    files = m[1].descriptorFiles(m[3], { chainId: b.chainId, tokens, routers });
    // One network at a time in practice: a handful kept.
    if (filesByBinding.size >= 4) filesByBinding.clear();
    filesByBinding.set(key, files);
  }
  return Object.assign(m, { files });
}

function factsOf(b: WordsBindings, tokens: Iterable<[string, Pick<TokenFacts, 'symbol' | 'decimals'>]>): ProvenFacts {
  return { chainId: b.chainId, chain: b.chain, tokens: new Map([...tokens].map(([a, t]) => [a.toLowerCase(), t])), names: b.names ?? new Map() };
}

/** Renders, proves the tokens the words asked about that `known` lacks, and renders again with them. */
async function withTokens(render: (facts: ProvenFacts, asked: { tokens: Set<string> }) => Promise<ClearWords | undefined>, b: WordsBindings, known: Map<string, Pick<TokenFacts, 'symbol' | 'decimals'>>, prove: ProveTokens | undefined): Promise<ClearWords | undefined> {
  const asked = { tokens: new Set<string>() };
  const first = await render(factsOf(b, known), asked);
  const missing = [...asked.tokens].filter((t) => !known.has(t));
  if (first === undefined || missing.length === 0 || prove === undefined) return first;
  try {
    for (const [a, t] of await prove(missing)) known.set(a.toLowerCase(), t);
  } catch {
    // Not proven now (a lying or silent endpoint): those amounts stay in raw units, as rendered.
    return first;
  }
  return render(factsOf(b, known), { tokens: new Set() });
}

type Call = { from: string; to: string | null; value: bigint; data: string };

/** A call with calldata a descriptor could read (a plain transfer has none): the only ones worded. */
const hasCalldata = (call: Call): call is Call & { to: string } => call.to !== null && call.data.length >= 10;

/** A call's words before they are held against anything (the module comment says what leaves them out). */
async function renderCall(m: Modules & { files: DescriptorFiles }, call: Call, b: WordsBindings, known: Map<string, Pick<TokenFacts, 'symbol' | 'decimals'>>, prove: ProveTokens | undefined): Promise<ClearWords | undefined> {
  if (!hasCalldata(call)) return undefined;
  const input = { from: call.from, to: call.to, value: call.value, data: call.data };
  try {
    return await withTokens((facts, asked) => m[0].callWords(m.files, input, facts, asked), b, known, prove);
  } catch {
    return undefined;
  }
}

/**
 * The calls an atomic batch's one transaction runs (src/wallet/smart-account/atomic-batch.ts: to
 * the account itself, through its delegate), each from the account as the delegate makes it;
 * undefined when the call is not one. Only for a transaction the wallet made as an atomic batch
 * (its delegation proven): to a plain account the same data runs nothing.
 */
export function atomicInnerCalls(call: Call): Call[] | undefined {
  if (call.to === null || call.to.toLowerCase() !== call.from.toLowerCase()) return undefined;
  return decodeDelegateCalls(call.data)?.map((c) => ({ from: call.from, to: c.to, value: c.value, data: c.data }));
}

/**
 * The one transaction's words held against its effects, or undefined (no descriptor bound to its
 * contract on this chain, no calldata, or rendering failed: contained, see the module comment).
 */
export async function wordsOfCall(call: Call, effects: TransactionEffects, b: WordsBindings, prove?: ProveTokens): Promise<ClearWords | undefined> {
  // Checked before the renderer and its files load: most transfers carry no calldata.
  if (!hasCalldata(call)) return undefined;
  try {
    const m = await filesFor(b);
    const words = await renderCall(m, call, b, new Map(Object.entries(effects.tokens)), prove);
    return words === undefined ? undefined : m[2].agreeWithEffects(words, effects, call.from);
  } catch {
    return undefined;
  }
}

/**
 * A batch's calls in words, each by the descriptor bound to its own contract, held together against
 * the whole batch's effects (src/wallet/clear-signing/agree-batch.ts); undefined when no call has
 * words (or the renderer could not load).
 */
export async function wordsOfCalls(calls: readonly Call[], effects: TransactionEffects, b: WordsBindings, prove?: ProveTokens): Promise<BatchWords | undefined> {
  if (!calls.some(hasCalldata)) return undefined;
  try {
    const m = await filesFor(b);
    // One map for the batch: a token proven for one call's words is not proven again for the next.
    const known = new Map(Object.entries(effects.tokens));
    const words: (ClearWords | undefined)[] = [];
    for (const c of calls) words.push(await renderCall(m, c, b, known, prove));
    if (words.every((w) => w === undefined)) return undefined;
    // The flags say amounts in the units proven for the words too (at the same head), not only the effects'.
    return m[4].agreeBatchWithEffects(words, { ...effects, tokens: { ...Object.fromEntries(known), ...effects.tokens } }, calls[0]!.from);
  } catch {
    return undefined;
  }
}

/**
 * Typed data's words held against Vigil's reading of its permits, or undefined (none bound to its
 * verifying contract and chain, or rendering failed). `typedData`: what parseTypedData accepted.
 */
export async function wordsOfTypedData(typedData: unknown, domain: { chainId: bigint | undefined; verifyingContract: string | undefined }, permits: readonly PermitApproval[], known: ReadonlyMap<string, Pick<TokenFacts, 'symbol' | 'decimals'>>, b: WordsBindings, prove?: ProveTokens): Promise<ClearWords | undefined> {
  if (domain.chainId === undefined || domain.verifyingContract === undefined || Number(domain.chainId) !== b.chainId) return undefined;
  try {
    const m = await filesFor(b);
    const d = { chainId: b.chainId, verifyingContract: domain.verifyingContract };
    const words = await withTokens((facts, asked) => m[0].typedWords(m.files, typedData, d, facts, asked), b, new Map(known), prove);
    return words === undefined ? undefined : m[2].agreeWithPermits(words, permits.map((p) => ({ ...p, ...known.get(p.token) })));
  } catch {
    return undefined;
  }
}
