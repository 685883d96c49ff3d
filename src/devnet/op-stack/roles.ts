/**
 * The devnet OP chain's operators, each its own key, fixed so that what the chain's contracts pin
 * (the unsafe-block signer in SystemConfig, the proposer and challenger in the permissioned game's
 * arguments, the batcher's hash) is the same on every run. Devnet only: anyone can read these keys
 * here. Their L1 accounts are funded at the devnet's genesis, apart from the dev accounts, so an
 * OP chain on the devnet moves no dev account's nonce or balance.
 * @module
 */
import { keccak256, stringToBytes, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import type { GenesisAccount } from '../execution/node/genesis.ts';

export type OpRole = 'admin' | 'proposer' | 'challenger' | 'batcher' | 'sequencer';

/**
 * admin: deploys the L1 contracts and owns them (ProxyAdmin, SystemConfig, the factory; the
 * SuperchainConfig's guardian). proposer: creates the permissioned games. challenger: may answer
 * them. batcher: SystemConfig's batcher. sequencer: signs the L2's blocks (SystemConfig's unsafe
 * block signer); it sends nothing on L1.
 */
export const OP_ROLES: readonly OpRole[] = ['admin', 'proposer', 'challenger', 'batcher', 'sequencer'];

export interface OpRoleKey {
  readonly role: OpRole;
  readonly privateKey: Hex;
  /** Lower-case 0x-hex. */
  readonly address: Hex;
}

/** The role's key: keccak256 of its name's phrase (a valid secp256k1 scalar for each of these). */
export function opRoleKey(role: OpRole): OpRoleKey {
  const privateKey = keccak256(stringToBytes(`vigil devnet OP ${role} key`));
  return { role, privateKey, address: privateKeyToAccount(privateKey).address.toLowerCase() as Hex };
}

/** Every role's key, by role. */
export function opRoleKeys(): Readonly<Record<OpRole, OpRoleKey>> {
  return Object.fromEntries(OP_ROLES.map((r) => [r, opRoleKey(r)])) as Record<OpRole, OpRoleKey>;
}

/** What the devnet's L1 genesis holds for its OP chain: the roles that send on L1, each with `balance`. */
export function opRolesAlloc(balance: bigint): GenesisAccount[] {
  return OP_ROLES.filter((r) => r !== 'sequencer').map((r) => ({ address: opRoleKey(r).address, balance }));
}
