/**
 * Public networks Vigil knows by name, in the specs' config names (eth-clients/{mainnet,sepolia,
 * hoodi} config.yaml; genesis time and validators root from their genesis states). Hoodi's Gloas
 * version and epoch are not announced yet: unset, it reads as unscheduled.
 * @module
 */
import { InputError } from '../core/errors.ts';
import { type ChainConfig, parseNetworkConfig } from './config.ts';

export const NETWORKS = {
  mainnet: {
    CONFIG_NAME: 'mainnet',
    DEPOSIT_CHAIN_ID: 1,
    DEPOSIT_NETWORK_ID: 1,
    PRESET_BASE: 'mainnet',
    SECONDS_PER_SLOT: 12,
    GENESIS_TIME: 1606824023,
    GENESIS_VALIDATORS_ROOT: '0x4b363db94e286120d76eb905340fdd4e54bfe9f06bf33ff6cf5ad27f511bfe95',
    GENESIS_FORK_VERSION: '0x00000000',
    ALTAIR_FORK_VERSION: '0x01000000',
    ALTAIR_FORK_EPOCH: 74240,
    BELLATRIX_FORK_VERSION: '0x02000000',
    BELLATRIX_FORK_EPOCH: 144896,
    CAPELLA_FORK_VERSION: '0x03000000',
    CAPELLA_FORK_EPOCH: 194048,
    DENEB_FORK_VERSION: '0x04000000',
    DENEB_FORK_EPOCH: 269568,
    ELECTRA_FORK_VERSION: '0x05000000',
    ELECTRA_FORK_EPOCH: 364032,
    FULU_FORK_VERSION: '0x06000000',
    FULU_FORK_EPOCH: 411392,
    // Not scheduled yet: the version is consensus-specs configs/mainnet.yaml's.
    GLOAS_FORK_VERSION: '0x07000000',
    GLOAS_FORK_EPOCH: '18446744073709551615',
    MAX_BLOBS_PER_BLOCK_ELECTRA: 9,
    BLOB_SCHEDULE: [
      { EPOCH: 412672, MAX_BLOBS_PER_BLOCK: 15 },
      { EPOCH: 419072, MAX_BLOBS_PER_BLOCK: 21 },
    ],
  },
  sepolia: {
    CONFIG_NAME: 'sepolia',
    DEPOSIT_CHAIN_ID: 11155111,
    DEPOSIT_NETWORK_ID: 11155111,
    PRESET_BASE: 'mainnet',
    SECONDS_PER_SLOT: 12,
    GENESIS_TIME: 1655733600,
    GENESIS_VALIDATORS_ROOT: '0xd8ea171f3c94aea21ebc42a1ed61052acf3f9209c00e4efbaaddac09ed9b8078',
    GENESIS_FORK_VERSION: '0x90000069',
    ALTAIR_FORK_VERSION: '0x90000070',
    ALTAIR_FORK_EPOCH: 50,
    BELLATRIX_FORK_VERSION: '0x90000071',
    BELLATRIX_FORK_EPOCH: 100,
    CAPELLA_FORK_VERSION: '0x90000072',
    CAPELLA_FORK_EPOCH: 56832,
    DENEB_FORK_VERSION: '0x90000073',
    DENEB_FORK_EPOCH: 132608,
    ELECTRA_FORK_VERSION: '0x90000074',
    ELECTRA_FORK_EPOCH: 222464,
    FULU_FORK_VERSION: '0x90000075',
    FULU_FORK_EPOCH: 272640,
    // ethereum/pm#2205 (Glamsterdam on Sepolia, 2026-10-06).
    GLOAS_FORK_VERSION: '0x90000076',
    GLOAS_FORK_EPOCH: 353024,
    MAX_BLOBS_PER_BLOCK_ELECTRA: 9,
    BLOB_SCHEDULE: [
      { EPOCH: 274176, MAX_BLOBS_PER_BLOCK: 15 },
      { EPOCH: 275712, MAX_BLOBS_PER_BLOCK: 21 },
    ],
  },
  hoodi: {
    CONFIG_NAME: 'hoodi',
    DEPOSIT_CHAIN_ID: 560048,
    DEPOSIT_NETWORK_ID: 560048,
    PRESET_BASE: 'mainnet',
    SECONDS_PER_SLOT: 12,
    GENESIS_TIME: 1742213400,
    GENESIS_VALIDATORS_ROOT: '0x212f13fc4df078b6cb7db228f1c8307566dcecf900867401a92023d7ba99cb5f',
    GENESIS_FORK_VERSION: '0x10000910',
    ALTAIR_FORK_VERSION: '0x20000910',
    ALTAIR_FORK_EPOCH: 0,
    BELLATRIX_FORK_VERSION: '0x30000910',
    BELLATRIX_FORK_EPOCH: 0,
    CAPELLA_FORK_VERSION: '0x40000910',
    CAPELLA_FORK_EPOCH: 0,
    DENEB_FORK_VERSION: '0x50000910',
    DENEB_FORK_EPOCH: 0,
    ELECTRA_FORK_VERSION: '0x60000910',
    ELECTRA_FORK_EPOCH: 2048,
    FULU_FORK_VERSION: '0x70000910',
    FULU_FORK_EPOCH: 50688,
    MAX_BLOBS_PER_BLOCK_ELECTRA: 9,
    BLOB_SCHEDULE: [
      { EPOCH: 52480, MAX_BLOBS_PER_BLOCK: 15 },
      { EPOCH: 54016, MAX_BLOBS_PER_BLOCK: 21 },
    ],
  },
} as const;

export type NetworkName = keyof typeof NETWORKS;

export function networkConfig(name: string): ChainConfig {
  if (!(name in NETWORKS)) {
    throw new InputError(`unknown network "${name}" (known: ${Object.keys(NETWORKS).join(', ')}; or pass --network-config)`);
  }
  return parseNetworkConfig(NETWORKS[name as NetworkName]);
}
