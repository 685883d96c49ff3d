/**
 * Where a name's answer comes from, strongest first: `proven` (the UniversalResolver ran on the
 * local EVM over state proven at a verified head, no gateway asked); `resolver-checked` (a gateway
 * was asked and every contract that judged its answer is one whose proven code hash Vigil pins as
 * verifying the answer on chain: "checked by the resolver contract"); `gateway` (a gateway was
 * asked and some judge is not pinned: "the gateway's word", never shown as proven). A pin is a code
 * hash, never an address: the code is proven at the head the answer rests on.
 * @module
 */

/** A resolver whose code checks a gateway's answer before it returns it (a signature, a proof). */
export interface VerifyingResolver {
  name: string;
  /** keccak256 of its runtime code, lower-case 0x-hex. */
  codeHash: string;
  /** What it checks, in words the popup shows. */
  checks: string;
}

export type NameProvenance =
  | { kind: 'proven' }
  | { kind: 'resolver-checked'; gateways: string[]; resolvers: { address: string; name: string }[] }
  | { kind: 'gateway'; gateways: string[]; unpinned: string[] };

/** How the popup, the approval window and the CLI word each kind. */
export const PROVENANCE_WORDS: Readonly<Record<NameProvenance['kind'], string>> = {
  proven: 'proven',
  'resolver-checked': 'checked by the resolver contract',
  gateway: "the gateway's word",
};

/**
 * The provenance of an answer: `gateways` the origins asked (none: proven), `judges` the contracts
 * that received their answers, each with its code hash proven at the same head.
 */
export function provenanceOf(gateways: readonly string[], judges: readonly { address: string; codeHash: string }[], pins: readonly VerifyingResolver[]): NameProvenance {
  if (gateways.length === 0) return { kind: 'proven' };
  const resolvers: { address: string; name: string }[] = [];
  const unpinned: string[] = [];
  for (const judge of judges) {
    const pin = pins.find((p) => p.codeHash === judge.codeHash.toLowerCase());
    if (pin === undefined) unpinned.push(judge.address);
    else resolvers.push({ address: judge.address, name: pin.name });
  }
  // No judge at all with a gateway asked cannot be called checked.
  if (unpinned.length > 0 || resolvers.length === 0) return { kind: 'gateway', gateways: [...gateways], unpinned };
  return { kind: 'resolver-checked', gateways: [...gateways], resolvers };
}

const RANK: Readonly<Record<NameProvenance['kind'], number>> = { proven: 0, 'resolver-checked': 1, gateway: 2 };

/** The weaker of two provenances (a reverse name checked forward is only as strong as its weaker half), gateways joined. */
export function weakerProvenance(a: NameProvenance, b: NameProvenance): NameProvenance {
  const [weak, other] = RANK[a.kind] >= RANK[b.kind] ? [a, b] : [b, a];
  if (weak.kind === 'proven' || other.kind === 'proven') return weak;
  const gateways = [...new Set([...weak.gateways, ...other.gateways])];
  if (weak.kind === 'gateway') return { ...weak, gateways, unpinned: [...new Set([...weak.unpinned, ...(other.kind === 'gateway' ? other.unpinned : [])])] };
  const resolvers = [...weak.resolvers, ...(other.kind === 'resolver-checked' ? other.resolvers : [])].filter((r, i, all) => all.findIndex((x) => x.address === r.address) === i);
  return { kind: 'resolver-checked', gateways, resolvers };
}
