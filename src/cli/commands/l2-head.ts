/**
 * `vigil l2-head --payload <file> --chain-id <n> --signer <address> [--version 1-4] [--now <unix seconds>]`:
 * checks one OP Stack unsafe-block gossip message offline, by the gossip rules (src/l2/op-stack/gossip)
 * and, on a chain Vigil ships fork times for, its fork's (src/l2/op-stack/forks).
 * This file reads the flags and the file, and prints.
 * @module
 */
import { parseArgs } from 'node:util';
import { bytesToHex, hexToBytes } from '../../core/bytes.ts';
import { InputError } from '../../core/errors.ts';
import { OP_CHAIN_RULES } from '../../l2/op-stack/forks/chains.ts';
import { opForkTime } from '../../l2/op-stack/forks/schedule.ts';
import { gossipVersionsOf } from '../../l2/op-stack/gossip/message.ts';
import type { GossipVersion } from '../../l2/op-stack/gossip/payload.ts';
import { validateBlock } from '../../l2/op-stack/gossip/validate.ts';
import { gossipVersionOnChain } from '../../l2/op-stack/gossip/version.ts';
import { EXIT_OK } from '../io.ts';
import { readHexFile } from './blob-verify.ts';

export const usage = `vigil l2-head --payload <file> --chain-id <n> --signer <address> [--version 1-4] [--now <unix seconds>]
  Checks one OP Stack unsafe-block gossip message: --payload holds the hex of its bytes (0x
  optional, whitespace ignored), snappy block-compressed as gossip carries it or not:
  signature(65) ‖ [parent beacon block root(32), v3/v4] ‖ SSZ ExecutionPayload. Checks its
  encoding, recomputes its block hash as its fork builds the header, the version's rules (no
  withdrawals from v2, zero excess blob gas from v3), and recovers the signer over
  keccak256(0^32 ‖ chain id ‖ keccak256(payload as the version signs it)): it must be --signer
  (the chain's unsafe-block signer, as its SystemConfig holds it on L1).
  On a chain whose fork times Vigil ships (OP Mainnet 10, OP Sepolia 11155420, Unichain 130,
  Unichain Sepolia 1301, Base 8453 and Base Sepolia 84532 until their own upgrades), the version
  is the one the block's fork travels in, at the time the message carries (--version, if given,
  must be it), and a v4 block's blobGasUsed (Jovian's DA footprint) must be zero before Jovian.
  --version: the gossip topic's (1 Bedrock, 2 Canyon, 3 Ecotone, 4 Isthmus and later). On another
  chain, without it the version is read from the message's layout when exactly one version's fits
  (the layouts place and check the extraData offset differently); otherwise give it, and the DA
  footprint is not judged (the chain's fork times are not known).
  --now: the time window, −60 s to +5 s of it. Without it no window applies (an old block checks).
  Prints {"number","hash","parentHash","timestamp","stateRoot","version","signer","outputRoot"}
  (number and timestamp as decimal strings; outputRoot for v4 only: keccak256(0^32 ‖ stateRoot ‖
  withdrawalsRoot ‖ hash), comparable with the root L1 holds for the block).
  Exit 0 verified; 1 a rule fails (its OP_GOSSIP_* code on stderr: signer, block hash, time
  window, withdrawals, blob gas; OP_UNSUPPORTED_FORK for a block past the forks Vigil knows);
  2 input it cannot read (not hex, not of the version's encoding, a version that cannot be told
  or that the block's time does not allow, bad flags).`;

function positiveInteger(value: string, flag: string): bigint {
  if (!/^(0x[0-9a-fA-F]+|[0-9]+)$/.test(value)) throw new InputError(`${flag} expected an integer, got "${value.slice(0, 80)}"`);
  return BigInt(value);
}

export function l2HeadCommand(argv: string[], out: (line: string) => void): number {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      payload: { type: 'string' },
      'chain-id': { type: 'string' },
      signer: { type: 'string' },
      version: { type: 'string' },
      now: { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length > 0) throw new InputError(`unexpected argument ${positionals[0]}`);
  if (values.payload === undefined) throw new InputError('missing --payload <file>');
  if (values['chain-id'] === undefined) throw new InputError('missing --chain-id <n>');
  if (values.signer === undefined) throw new InputError('missing --signer <address>');
  const chainId = positiveInteger(values['chain-id'], '--chain-id');
  if (chainId === 0n || chainId >= 1n << 256n) throw new InputError(`--chain-id expected 1 to 2^256 − 1, got ${chainId}`);
  const signer = bytesToHex(hexToBytes(values.signer, 20, '--signer'));
  const now = values.now === undefined ? undefined : positiveInteger(values.now, '--now');
  if (values.version !== undefined && !/^[1-4]$/.test(values.version)) throw new InputError(`--version expected 1, 2, 3 or 4, got "${values.version.slice(0, 80)}"`);

  const wire = readHexFile(values.payload, 'payload');
  const given = values.version === undefined ? undefined : (Number(values.version) as GossipVersion);
  const chain = chainId <= BigInt(Number.MAX_SAFE_INTEGER) ? OP_CHAIN_RULES.get(Number(chainId)) : undefined;
  let version: GossipVersion;
  if (chain !== undefined) {
    version = gossipVersionOnChain(wire, chain.forks, given);
  } else if (given !== undefined) {
    version = given;
  } else {
    const fits = gossipVersionsOf(wire);
    if (fits.length !== 1) {
      throw new InputError(fits.length === 0 ? 'the message fits no gossip version\'s encoding (v1–v4)' : `the message fits the encodings of v${fits.join(' and v')}: give --version`);
    }
    version = fits[0]!;
  }
  const jovianTime = chain === undefined ? undefined : opForkTime(chain.forks, 'jovian');
  const block = validateBlock(wire, version, { chainId, signer, ...(now === undefined ? {} : { now }), ...(jovianTime === undefined ? {} : { jovianTime }) });
  out(
    JSON.stringify({
      number: block.number.toString(),
      hash: bytesToHex(block.hash),
      parentHash: bytesToHex(block.parentHash),
      timestamp: block.timestamp.toString(),
      stateRoot: bytesToHex(block.stateRoot),
      version: block.version,
      signer: block.signer,
      ...(block.outputRoot === undefined ? {} : { outputRoot: bytesToHex(block.outputRoot) }),
    }),
  );
  return EXIT_OK;
}
