/**
 * One chain id, one chain. A transaction (EIP-155), typed data (EIP-712's domain) or an EIP-7702
 * authorization signed for chain id N is valid on every chain whose chain id is N, while what Vigil
 * showed before the signature is the state of the chain it follows. So a network Vigil ships keeps
 * its chain id to itself, and of the user's own networks the one saved first keeps its chain id: a
 * network with a taken chain id and another genesis (validators root or time) is refused when it is
 * added, and one stored so by an older version is kept but signs nothing (audit 2026-11-28, S1).
 * The same chain under another id (the same genesis) takes nothing from anyone. Pure.
 * @module
 */
import { bytesToHex } from '../../core/bytes.ts';
import { VerificationError } from '../../core/errors.ts';
import { parseNetworkConfig } from '../../l1/config.ts';
import { NETWORKS } from '../../l1/networks.ts';
import { isDefaultNetwork } from './default-endpoints.ts';

/** The names of the networks Vigil ships, as the user sees them. */
const SHIPPED_LABELS: Readonly<Record<keyof typeof NETWORKS, string>> = { mainnet: 'Ethereum Mainnet', sepolia: 'Sepolia', hoodi: 'Hoodi' };

/** A shipped network's name (`mainnet` → Ethereum Mainnet); undefined for any other id. */
export function shippedLabel(id: string): string | undefined {
  return Object.hasOwn(SHIPPED_LABELS, id) ? SHIPPED_LABELS[id as keyof typeof NETWORKS] : undefined;
}

/** A network as the check sees it: its id, chain id and genesis (validators root in lower-case hex, time in seconds). */
export interface ChainIdentity {
  id: string;
  chainId: number;
  genesisValidatorsRoot: string;
  genesisTime: number;
}

/** A saved network as a refusal names it. */
export interface NamedChain extends ChainIdentity {
  label: string;
}

/**
 * A profile's identity, its genesis read from its config.
 * @throws InputError for a config parseNetworkConfig refuses
 * @example chainIdentity(settings.profiles.devnet!) // { id: 'devnet', label: 'Devnet', chainId: 1337, genesisValidatorsRoot: '0x…', genesisTime: 1764… }
 */
export function chainIdentity(profile: { id: string; label: string; chainId: number; config: unknown }): NamedChain {
  const config = parseNetworkConfig(profile.config);
  return { id: profile.id, label: profile.label, chainId: profile.chainId, genesisValidatorsRoot: bytesToHex(config.genesisValidatorsRoot), genesisTime: config.genesisTime };
}

const SHIPPED: readonly NamedChain[] = Object.values(NETWORKS).map((n) => ({
  id: n.CONFIG_NAME,
  label: SHIPPED_LABELS[n.CONFIG_NAME],
  chainId: n.DEPOSIT_CHAIN_ID,
  genesisValidatorsRoot: n.GENESIS_VALIDATORS_ROOT.toLowerCase(),
  genesisTime: n.GENESIS_TIME,
}));

/**
 * Why `network` may not have its chain id: a network Vigil ships has it on another genesis, or
 * one of `others` does (the user's own networks, in the order they were saved; one with
 * `network`'s own id is passed over, since saving under that id replaces it, and so are the
 * shipped ids, whose profiles always carry the shipped genesis). Undefined: the chain id is its own.
 * `when` says what is refused: adding the network, or signing on one already stored.
 * @example
 * chainIdTaken({ id: 'custom-1', chainId: 1, genesisValidatorsRoot: '0x11…', genesisTime: 1606824023 })
 * // VerificationError NETWORK_CHAIN_ID_TAKEN: "chain id 1 belongs to Ethereum Mainnet, …"
 */
export function chainIdTaken(network: ChainIdentity, others: Iterable<NamedChain> = [], when: 'add' | 'sign' = 'add'): VerificationError | undefined {
  const owner =
    SHIPPED.find((s) => s.chainId === network.chainId) ??
    [...others].find((o) => o.chainId === network.chainId && o.id !== network.id && !isDefaultNetwork(o.id));
  if (owner === undefined || sameGenesis(owner, network)) return undefined;
  const whose = isDefaultNetwork(owner.id) ? owner.label : `your network ${owner.label}`;
  const refused = when === 'add' ? 'Vigil does not add it' : 'Vigil signs nothing on it (an older version saved it; it is kept)';
  return new VerificationError(
    'NETWORK_CHAIN_ID_TAKEN',
    `chain id ${network.chainId} belongs to ${whose}, and this network's genesis is a different chain: a transaction signed for it would be valid on ${owner.label}. ${refused}`,
    { details: `${owner.label}'s genesis: validators root ${owner.genesisValidatorsRoot}, time ${owner.genesisTime}; this network's: validators root ${network.genesisValidatorsRoot.toLowerCase()}, time ${network.genesisTime}` },
  );
}

function sameGenesis(a: ChainIdentity, b: ChainIdentity): boolean {
  return a.genesisValidatorsRoot.toLowerCase() === b.genesisValidatorsRoot.toLowerCase() && a.genesisTime === b.genesisTime;
}
