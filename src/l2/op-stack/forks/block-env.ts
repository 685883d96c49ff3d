/**
 * The block an `eth_call` on an OP Stack chain runs in: an L2 header verified by its hash (a signed
 * block's, ../gossip), the rules of its fork by the chain's schedule: the L1 fork its EVM builds on
 * and OP's differences (./rules.ts), which the EVM pool and the run apply (src/execution). Pure.
 * @module
 */
import { VerificationError } from '../../../core/errors.ts';
import { type BlockEnv, blockEnvOfForkHeader } from '../../../execution/block-env.ts';
import type { BlockHeader } from '../../../execution/header.ts';
import type { OpChainRules } from './chains.ts';
import { type OpForkRules, opRulesAt } from './rules.ts';
import { opForkAtLeast } from './schedule.ts';

/**
 * The environment of an L2 block of `chain`.
 * @throws VerificationError OP_UNSUPPORTED_FORK past a fork Vigil does not know;
 *   EXECUTION_FORK_MISMATCH when the header's fields are not those its fork's blocks carry;
 *   EXECUTION_UNSUPPORTED for a block without a base fee (OP Mainnet's history before Bedrock).
 */
export function opBlockEnv(header: BlockHeader, hash: Uint8Array, chain: Pick<OpChainRules, 'chainId' | 'forks'>): BlockEnv {
  const rules = opRulesAt(chain.forks, header.timestamp);
  checkHeaderShape(header, rules);
  return { ...blockEnvOfForkHeader(header, hash, BigInt(chain.chainId), rules.l1Fork), rollup: rules.evm };
}

/**
 * What an OP block of `rules.fork` carries (specs: Canyon's withdrawals root; Ecotone's blob gas
 * fields, zero, and parent beacon root; Isthmus's requests hash; Jovian's DA footprint in
 * blobGasUsed) and nothing later forks of L1 add.
 */
function checkHeaderShape(header: BlockHeader, rules: OpForkRules): void {
  const at = (fork: Parameters<typeof opForkAtLeast>[1]) => opForkAtLeast(rules.fork, fork);
  const carries = (name: keyof BlockHeader, present: boolean) => {
    if ((header[name] !== undefined) !== present) {
      throw new VerificationError('EXECUTION_FORK_MISMATCH', `L2 block ${header.number} is in ${rules.fork} by the chain's schedule, but its header ${present ? 'has no' : 'has a'} ${name}`);
    }
  };
  carries('withdrawalsRoot', at('canyon'));
  carries('blobGasUsed', at('ecotone'));
  carries('excessBlobGas', at('ecotone'));
  carries('parentBeaconBlockRoot', at('ecotone'));
  carries('requestsHash', at('isthmus'));
  carries('blockAccessListHash', false);
  carries('slotNumber', false);
  if (header.excessBlobGas !== undefined && header.excessBlobGas !== 0n) {
    throw new VerificationError('EXECUTION_FORK_MISMATCH', `L2 block ${header.number} has excessBlobGas ${header.excessBlobGas}: an OP Stack block's is 0`);
  }
  if (header.blobGasUsed !== undefined && header.blobGasUsed !== 0n && !at('jovian')) {
    throw new VerificationError('EXECUTION_FORK_MISMATCH', `L2 block ${header.number} has blobGasUsed ${header.blobGasUsed} before Jovian (from Jovian it is the DA footprint; before, 0)`);
  }
}
