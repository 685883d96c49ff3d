/**
 * The ERC-7730 descriptors Vigil renders calls and typed data with on one chain, and what each is
 * bound to. A descriptor renders only what goes to a contract its deployments name on that chain
 * (typed data: its domain's verifying contract and chain id); micro-eth-signer's repository indexes
 * them so, never by wildcard. Sources:
 * - the public registry ethereum/clear-signing-erc7730-registry at commit 4a712899, as
 *   micro-eth-signer 0.20.1 ships it (`CLEARSIG_REPO_FULL`), with its own curated files (`OURS`:
 *   the legacy Uniswap V2/V3 routers, WETH) on top;
 * - the generic ERC-20 and ERC-2612 descriptors (`ERCS`), bound here only to the tokens Vigil lists
 *   on the chain (its shipped list and the network's own listed tokens), never to any address, and
 *   with no symbol or decimals of their own: those come from proofs at render time (./render.ts);
 * - the network's own Uniswap V2 routers (a devnet's) bound to OURS' Router02 descriptor, as the
 *   preview trusts them (src/client/wallet/transaction-preview.ts knownRouters);
 * - what the registry lacks, written here from each protocol's published ABI and addresses
 *   (./descriptors.ts).
 * Pure: the caller passes the registry it loaded (it is large: the extension loads it lazily).
 * @module
 */
import type { ClearSigDef } from 'micro-eth-signer/clearsig.js';
import { ERCS, OURS, addTokens } from 'micro-eth-signer/abi.js';
import { VIGIL_DESCRIPTORS } from './descriptors.ts';

/** The registry as micro-eth-signer ships it: file name → descriptor. */
export type DescriptorFiles = Record<string, ClearSigDef>;

/** What Vigil binds the generic descriptors to on one chain (lower-case addresses). */
export interface Bindings {
  chainId: number;
  /** The tokens Vigil lists on the chain: ERC-20 calls and ERC-2612 permits to them are rendered. */
  tokens: readonly string[];
  /** The network's own Uniswap V2 routers (a devnet's): rendered by the Router02 descriptor. */
  routers: readonly string[];
}

/** Where Vigil has the registry from, as the words say it. */
export const REGISTRY_SOURCE = 'ERC-7730 registry 4a712899 via micro-eth-signer 0.20.1';
const ROUTER02 = 'local/legacy-uniswap-v2-router02.json';
const GENERIC = new Set(Object.keys(ERCS));

/** Where one file came from, for the words' `descriptor.source`. */
export function sourceOf(file: string): string {
  if (file.startsWith('vigil/')) return VIGIL_DESCRIPTORS[file]?.metadata?.info?.url ? `written in Vigil from ${VIGIL_DESCRIPTORS[file]!.metadata.info.url}` : 'written in Vigil';
  if (file.startsWith('bound/')) return `${REGISTRY_SOURCE}, bound by Vigil to this network's own contract`;
  if (file.startsWith('tokens/')) return `${REGISTRY_SOURCE} (generic ERC), bound to a token Vigil lists`;
  return REGISTRY_SOURCE;
}

/**
 * The descriptor files for `bindings.chainId`: the registry's files deployed there (with the files
 * they include), Vigil's own, the network's routers and the listed tokens bound.
 * @example descriptorFiles(CLEARSIG_REPO_FULL, { chainId: 1, tokens: [usdc], routers: [] })
 */
export function descriptorFiles(registry: DescriptorFiles, bindings: Bindings): DescriptorFiles {
  const all: DescriptorFiles = { ...ERCS, ...registry, ...OURS, ...VIGIL_DESCRIPTORS };
  const out: DescriptorFiles = {};
  for (const [name, file] of Object.entries(all)) {
    if (GENERIC.has(name)) continue;
    // A file's deployments may be in a file it includes (Uniswap's Permit2 file includes the common one).
    const incs = includesOf(name, file, all);
    if (![file, ...incs.map((i) => all[i]!)].some((f) => deployedOn(f, bindings.chainId))) continue;
    out[name] = file;
    for (const inc of incs) out[inc] = all[inc]!;
  }
  for (const router of bindings.routers) {
    const clone = JSON.parse(JSON.stringify(OURS[ROUTER02])) as ClearSigDef;
    clone.context.contract.deployments = [{ chainId: bindings.chainId, address: router.toLowerCase() }];
    out[`bound/${bindings.chainId}/${router.toLowerCase()}/${ROUTER02.split('/').pop()}`] = clone;
  }
  // No symbol or decimals given: the renderer asks for them (./render.ts: proven, or raw units).
  const tokens = Object.fromEntries(bindings.tokens.map((t) => [t.toLowerCase(), { abi: 'ERC20' }]));
  const bound = addTokens({ ...ERCS }, tokens, bindings.chainId);
  for (const [name, file] of Object.entries(bound)) if (name.startsWith('tokens/')) out[name] = file;
  return out;
}

/**
 * The files that bind `address` on `chainId` (the call's or the domain's contract: in their own
 * deployments or those of a file they include), with the files they include; empty: none.
 */
export function boundFiles(files: DescriptorFiles, chainId: number, address: string, kind: 'contract' | 'eip712'): DescriptorFiles {
  const a = address.toLowerCase();
  const binds = (f: ClearSigDef) => deployments(f, kind).some((d) => Number(d.chainId) === chainId && String(d.address).toLowerCase() === a);
  const out: DescriptorFiles = {};
  for (const [name, file] of Object.entries(files)) {
    const incs = includesOf(name, file, files);
    if (!binds(file) && !incs.some((i) => binds(files[i]!))) continue;
    out[name] = file;
    for (const i of incs) out[i] = files[i]!;
  }
  return out;
}

function deployments(file: ClearSigDef, kind?: 'contract' | 'eip712'): { chainId: unknown; address: unknown }[] {
  const ctx = file.context ?? {};
  const of = (k: 'contract' | 'eip712') => (Array.isArray(ctx[k]?.deployments) ? (ctx[k].deployments as { chainId: unknown; address: unknown }[]) : []);
  return kind === undefined ? [...of('contract'), ...of('eip712')] : of(kind);
}

function deployedOn(file: ClearSigDef, chainId: number): boolean {
  return deployments(file).some((d) => Number(d.chainId) === chainId);
}

/** The files `file` includes, by name relative to its own folder (as micro-eth-signer resolves them), recursively. */
function includesOf(name: string, file: ClearSigDef, all: DescriptorFiles, seen = new Set<string>()): string[] {
  const incs = file.includes === undefined ? [] : Array.isArray(file.includes) ? file.includes : [file.includes];
  for (const inc of incs) {
    if (typeof inc !== 'string') continue;
    const target = resolvePath(name, inc);
    if (seen.has(target) || all[target] === undefined) continue;
    seen.add(target);
    includesOf(target, all[target]!, all, seen);
  }
  return [...seen];
}

function resolvePath(from: string, inc: string): string {
  const parts = from.split('/').slice(0, -1);
  for (const p of inc.split('/')) {
    if (p === '..') parts.pop();
    else if (p !== '.') parts.push(p);
  }
  return parts.join('/');
}
