/**
 * A sequencer that equivocates, as evidence: a value that carries the raw signed messages it rests
 * on and checks itself again from them alone (verifyEquivocation), so that it can be kept, shown and
 * handed on without trusting whoever built it.
 *
 * Two forms (docs/DESIGN.md, the OP Stack's chain of trust):
 * - two blocks at one height: two messages whose signatures recover to the unsafe-block signer and
 *   whose payloads hash to different blocks of the same number. The sequencer's "first block wins"
 *   promise (specs rollup-node-p2p.md "Branch selection") is broken by its own key;
 * - a signed block against L1: a v4 (Isthmus) block whose output root,
 *   keccak256(0^32 ‖ stateRoot ‖ withdrawalsRoot ‖ blockHash), differs from an output root L1 holds
 *   for that block number. The L1 root is the caller's, proven elsewhere (a dispute game's root
 *   claim); the value says where it came from. Before Isthmus a payload does not carry the message
 *   passer's storage root, so its output root cannot be computed from the message alone.
 * Neither form needs the time window: a signature stays the sequencer's after a minute.
 * @module
 */
import { abytes, bytesToHex, equalBytes, hexToBytes } from '../../../core/bytes.ts';
import { InputError, VerificationError, VigilError } from '../../../core/errors.ts';
import type { GossipVersion } from './payload.ts';
import { readSignedBlock } from './validate.ts';

/** A message as it came (snappy or not), with the topic version it is read as. */
export interface SignedMessage {
  readonly version: GossipVersion;
  readonly wire: Uint8Array;
}

export interface TwoBlocksAtOneHeight {
  readonly kind: 'two-blocks';
  readonly chainId: bigint;
  /** Lower-case 0x-hex. */
  readonly signer: string;
  readonly number: bigint;
  readonly messages: readonly [SignedMessage, SignedMessage];
  /** The two block hashes, in the messages' order (lower-case 0x-hex). */
  readonly hashes: readonly [string, string];
}

export interface OutputRootConflict {
  readonly kind: 'output-root';
  readonly chainId: bigint;
  readonly signer: string;
  readonly number: bigint;
  readonly message: SignedMessage;
  readonly hash: string;
  /** The signed block's output root. */
  readonly outputRoot: string;
  /** The output root L1 holds for `number`, and where it was proven (e.g. "root claim of game 0x… at L1 block …"). */
  readonly l1: { readonly outputRoot: string; readonly source: string };
}

export type Equivocation = TwoBlocksAtOneHeight | OutputRootConflict;

const notProven = (why: string, cause?: unknown) => new VerificationError('OP_EQUIVOCATION_NOT_PROVEN', `not evidence of equivocation: ${why}`, { cause });

/** A message read as signed by `signer` for `chainId` (hash recomputed, signature recovered), or why it is not. */
function signedBy(m: SignedMessage, chainId: bigint, signer: string, which: string) {
  let block: ReturnType<typeof readSignedBlock>;
  try {
    block = readSignedBlock(m.wire, m.version, chainId);
  } catch (cause) {
    if (cause instanceof VigilError) throw notProven(`${which} does not verify (${String(cause.code)})`, cause);
    throw cause;
  }
  if (block.signer !== signer) throw notProven(`${which} is signed by ${block.signer}, not ${signer}`);
  return block;
}

const address = (signer: string) => bytesToHex(hexToBytes(signer, 20, 'signer'));

/**
 * The evidence of two blocks `signer` signed at one height, from their messages.
 * @throws VerificationError OP_EQUIVOCATION_NOT_PROVEN (a message does not verify, other heights, one block twice)
 * @example const e = twoBlocksAtOneHeight(10n, signer, { version: 4, wire: earlier.wire }, { version: 4, wire })
 */
export function twoBlocksAtOneHeight(chainId: bigint, signer: string, first: SignedMessage, second: SignedMessage): TwoBlocksAtOneHeight {
  const who = address(signer);
  const a = signedBy(first, chainId, who, 'the first message');
  const b = signedBy(second, chainId, who, 'the second message');
  if (a.number !== b.number) throw notProven(`the blocks are at heights ${a.number} and ${b.number}`);
  if (equalBytes(a.hash, b.hash)) throw notProven(`both messages carry block ${bytesToHex(a.hash)}`);
  return {
    kind: 'two-blocks',
    chainId,
    signer: who,
    number: a.number,
    messages: [{ version: first.version, wire: first.wire.slice() }, { version: second.version, wire: second.wire.slice() }],
    hashes: [bytesToHex(a.hash), bytesToHex(b.hash)],
  };
}

/**
 * The evidence of a signed v4 block whose output root is not the one L1 holds for its number.
 * @throws InputError for a message of another version or a malformed root; VerificationError
 *   OP_EQUIVOCATION_NOT_PROVEN (the message does not verify, another number, the same root)
 */
export function outputRootConflict(chainId: bigint, signer: string, message: SignedMessage, l1: { blockNumber: bigint; outputRoot: Uint8Array; source: string }): OutputRootConflict {
  if (message.version !== 4) throw new InputError(`an output root is computed from a v4 (Isthmus) message, got v${String(message.version)}`);
  const l1Root = abytes(l1.outputRoot, 32, 'l1.outputRoot');
  const who = address(signer);
  const block = signedBy(message, chainId, who, 'the message');
  if (block.number !== l1.blockNumber) throw notProven(`the signed block is ${block.number}, L1's root is for ${l1.blockNumber}`);
  if (equalBytes(block.outputRoot!, l1Root)) throw notProven(`the signed block's output root is the one L1 holds`);
  return {
    kind: 'output-root',
    chainId,
    signer: who,
    number: block.number,
    message: { version: 4, wire: message.wire.slice() },
    hash: bytesToHex(block.hash),
    outputRoot: bytesToHex(block.outputRoot!),
    l1: { outputRoot: bytesToHex(l1Root), source: l1.source },
  };
}

/**
 * The evidence checked again from its raw messages: rebuilt from them alone, it must say what it says.
 * @throws VerificationError OP_EQUIVOCATION_NOT_PROVEN
 * @example verifyEquivocation(storedEvidence) // returns it, or throws
 */
export function verifyEquivocation(e: Equivocation): Equivocation {
  const again =
    e.kind === 'two-blocks'
      ? twoBlocksAtOneHeight(e.chainId, e.signer, e.messages[0], e.messages[1])
      : outputRootConflict(e.chainId, e.signer, e.message, { blockNumber: e.number, outputRoot: hexToBytes(e.l1.outputRoot, 32, 'l1.outputRoot'), source: e.l1.source });
  const claimed = e.kind === 'two-blocks' ? [e.signer, e.number, ...e.hashes] : [e.signer, e.number, e.hash, e.outputRoot];
  const rebuilt = again.kind === 'two-blocks' ? [again.signer, again.number, ...again.hashes] : [again.signer, again.number, again.hash, again.outputRoot];
  claimed.forEach((value, i) => {
    if (String(value).toLowerCase() !== String(rebuilt[i])) throw notProven(`it claims ${String(value)} where its messages give ${String(rebuilt[i])}`);
  });
  return e;
}
