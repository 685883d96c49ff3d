/**
 * `--network <name>` / `--network-config <file>`, shared by every command that follows a chain.
 * @module
 */
import { InputError } from '../core/errors.ts';
import { type ChainConfig, parseNetworkConfig } from '../l1/config.ts';
import { networkConfig } from '../l1/networks.ts';
import { readJsonFile } from './io.ts';

export const networkOptions = {
  network: { type: 'string' },
  'network-config': { type: 'string' },
} as const;

export const networkUsage = `--network <mainnet|sepolia|hoodi> | --network-config <file.json>`;

export function loadNetwork(values: { network?: string | undefined; 'network-config'?: string | undefined }): ChainConfig {
  if (values.network !== undefined && values['network-config'] !== undefined) {
    throw new InputError('give either --network or --network-config, not both');
  }
  if (values['network-config'] !== undefined) return parseNetworkConfig(readJsonFile(values['network-config'], 'network config'));
  if (values.network !== undefined) return networkConfig(values.network);
  throw new InputError('missing --network or --network-config');
}
