/**
 * The devnet OP chain's L2 genesis state, as op-deployer builds it (op-contracts v7.0.0
 * scripts/L2Genesis.s.sol: docs/research/op-contracts-v7.md §5.1), from the release's own
 * contracts (./artifacts.generated.ts):
 *
 * - every address of the predeploy namespace 0x4200…0000–0x4200…07FF (WETH's and the governance
 *   token's aside, which are not proxied) holds the release's Proxy, administered by the
 *   L2ProxyAdmin predeploy (EIP-1967 admin slot);
 * - the predeploys built here have their implementation at the code-namespace address
 *   (0xc0d3…c0d3 ‖ the predeploy's low 16 bits), administered by the L2ProxyAdmin too: L1Block,
 *   GasPriceOracle (Ecotone, Fjord, Isthmus and Jovian flags set, as a Jovian genesis sets them),
 *   L2ToL1MessagePasser, L2ProxyAdmin (its owner in the proxy's slot 0), and the four fee vaults,
 *   initialized by their storage as their OZ-v5 initializers leave it (the implementation to no
 *   recipient and an unreachable minimum, the proxy to the recipient);
 * - the precompile addresses 0x00–0xff hold 1 wei.
 *
 * Not built here, so their proxies hold no implementation (a call to them reverts): the
 * messengers and bridges, the ERC-20/721 factories, WETH, EAS, the interop predeploys, and the
 * preinstalls (Multicall3, Permit2, the CREATE2 deployers). The EIP-4788 and EIP-2935 contracts
 * come with every devnet genesis (../execution/node/system-contracts.ts).
 * @module
 */
import { type Hex, numberToHex } from 'viem';
import type { GenesisAccount } from '../execution/node/genesis.ts';
import { OP_ARTIFACTS as A, type OpContractName } from './artifacts.generated.ts';

/** The predeploys built here, by the name of their contract. */
export const PREDEPLOYS = {
  GasPriceOracle: '0x420000000000000000000000000000000000000f',
  SequencerFeeVault: '0x4200000000000000000000000000000000000011',
  L1Block: '0x4200000000000000000000000000000000000015',
  L2ToL1MessagePasser: '0x4200000000000000000000000000000000000016',
  L2ProxyAdmin: '0x4200000000000000000000000000000000000018',
  BaseFeeVault: '0x4200000000000000000000000000000000000019',
  L1FeeVault: '0x420000000000000000000000000000000000001a',
  OperatorFeeVault: '0x420000000000000000000000000000000000001b',
} as const satisfies Partial<Record<OpContractName, Hex>>;

/** Predeploys.notProxied: WETH and the governance token. */
const NOT_PROXIED = new Set([0x06, 0x42]);
/** How many addresses the predeploy namespace holds (Predeploys.isPredeployNamespace: the top 149 bits). */
const NAMESPACE_SIZE = 2048;
/** EIP-1967: the implementation and admin slots. */
const IMPLEMENTATION_SLOT = '0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc';
const ADMIN_SLOT = '0xb53127684a568b3173ae13b9f8a6016e243e63b6e8ee1178d6a717850b5d6103';
/** OpenZeppelin 5's Initializable state (ERC-7201 "openzeppelin.storage.Initializable"): `_initialized` in its low 8 bytes. */
const OZ5_INITIALIZABLE_SLOT = '0xf0c57e16840df040f15088dc2f81fe391c3923bec73e23a9662efc9c229c6a00';
/** Types.WithdrawalNetwork.L1: the vaults pay out through the L2ToL1MessagePasser. */
const WITHDRAWAL_NETWORK_L1 = 0n;
/** GasPriceOracle slot 0: isEcotone, isFjord, isIsthmus, isJovian (one byte each). */
const GPO_JOVIAN_FLAGS = 0x01010101n;

export interface OpL2GenesisOptions {
  /** The L2ProxyAdmin's owner (op-deployer's L2ProxyAdminOwner). */
  proxyAdminOwner: Hex;
  /** Who the fee vaults pay, on L1. */
  feeRecipient: Hex;
  /** A vault pays out once it holds this much (wei). Default 10 ether, op-deployer's default. */
  minWithdrawalAmount?: bigint;
}

/** The code-namespace address of a predeploy: where its implementation lives. */
export function codeNamespaceAddress(predeploy: string): Hex {
  return `0xc0d3c0d3c0d3c0d3c0d3c0d3c0d3c0d3c0d3${predeploy.slice(-4).toLowerCase()}` as Hex;
}

/**
 * The L2 genesis accounts (besides the system contracts every devnet genesis has).
 * @example startExecutionNode({ chainId: 901, alloc: opL2GenesisAlloc({ proxyAdminOwner, feeRecipient }), … })
 */
export function opL2GenesisAlloc(options: OpL2GenesisOptions): GenesisAccount[] {
  const accounts = new Map<string, GenesisAccount & { storage: Record<string, string> }>();
  const at = (address: string) => {
    const a = address.toLowerCase();
    if (!accounts.has(a)) accounts.set(a, { address: a, storage: {} });
    return accounts.get(a)!;
  };
  for (let i = 0; i < 256; i++) at(`0x${i.toString(16).padStart(40, '0')}`).balance = 1n;
  for (let i = 0; i < NAMESPACE_SIZE; i++) {
    if (NOT_PROXIED.has(i)) continue;
    const proxy = at(`0x4200${i.toString(16).padStart(36, '0')}`);
    proxy.code = A.Proxy.deployedBytecode;
    proxy.storage[ADMIN_SLOT] = word(BigInt(PREDEPLOYS.L2ProxyAdmin));
  }
  for (const [name, address] of Object.entries(PREDEPLOYS) as [keyof typeof PREDEPLOYS, string][]) {
    const implementation = at(codeNamespaceAddress(address));
    implementation.code = A[name].deployedBytecode;
    implementation.storage[ADMIN_SLOT] = word(BigInt(PREDEPLOYS.L2ProxyAdmin));
    at(address).storage[IMPLEMENTATION_SLOT] = word(BigInt(implementation.address));
  }
  at(PREDEPLOYS.L2ProxyAdmin).storage[word(0n)] = word(BigInt(options.proxyAdminOwner));
  at(PREDEPLOYS.GasPriceOracle).storage[word(0n)] = word(GPO_JOVIAN_FLAGS);
  const minimum = options.minWithdrawalAmount ?? 10n ** 19n;
  for (const vault of [PREDEPLOYS.SequencerFeeVault, PREDEPLOYS.BaseFeeVault, PREDEPLOYS.L1FeeVault, PREDEPLOYS.OperatorFeeVault]) {
    // FeeVault: slot 1 minWithdrawalAmount; slot 2 recipient, then withdrawalNetwork at byte 20.
    const initialized = (s: Record<string, string>, recipient: bigint, min: bigint) => {
      s[word(1n)] = word(min);
      s[word(2n)] = word(recipient | (WITHDRAWAL_NETWORK_L1 << 160n));
      s[OZ5_INITIALIZABLE_SLOT] = word(1n);
    };
    initialized(at(vault).storage, BigInt(options.feeRecipient), minimum);
    initialized(at(codeNamespaceAddress(vault)).storage, 0n, (1n << 256n) - 1n);
  }
  // Zero words are no storage: the genesis trie holds only what a contract would read as set.
  return [...accounts.values()].map(({ storage, ...a }) => {
    const set = Object.fromEntries(Object.entries(storage).filter(([, v]) => BigInt(v) !== 0n));
    return Object.keys(set).length > 0 ? { ...a, storage: set } : a;
  });
}

const word = (value: bigint): string => numberToHex(value, { size: 32 });
