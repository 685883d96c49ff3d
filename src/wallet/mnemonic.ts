/**
 * BIP-39 mnemonics (https://github.com/bitcoin/bips/blob/master/bip-0039.mediawiki): checked,
 * generated from the caller's entropy, and turned into seeds.
 *
 * Pure: randomness comes from the caller. Mnemonic words, passphrases and seeds are secrets: never
 * log them or put them in an error (see {@link MnemonicError}); wipe seeds after use. The mnemonic
 * and its passphrase stay strings because BIP-39 defines them as text.
 *
 * Built on @scure/bip39 (audited, on the same @noble versions as the rest of Vigil).
 * @module
 */
import {
  entropyToMnemonic,
  mnemonicToEntropy as scureMnemonicToEntropy,
  mnemonicToSeed as scureMnemonicToSeed,
  mnemonicToSeedSync as scureMnemonicToSeedSync,
} from '@scure/bip39';
import { wordlist as english } from '@scure/bip39/wordlists/english.js';
import { abytes } from '../core/bytes.ts';
import { registerErrorClass } from '../core/error-registry.ts';
import { InputError } from '../core/errors.ts';
import { WalletError } from './errors.ts';

/** Word counts BIP-39 defines (128…256 bits of entropy in steps of 32). */
const WORD_COUNTS: readonly number[] = [12, 15, 18, 21, 24];
/** English word → its 11-bit index. */
const WORD_INDEX: ReadonlyMap<string, number> = /* @__PURE__ */ new Map(english.map((w, i) => [w, i]));
/** A lone UTF-16 surrogate: not encodable as UTF-8, so not a BIP-39 passphrase. */
const LONE_SURROGATE = /\p{Cs}/u;

/** Which rule of BIP-39 a refused mnemonic breaks. */
export type MnemonicProblem = 'WORD_COUNT' | 'UNKNOWN_WORD' | 'CHECKSUM';

/**
 * INVALID_MNEMONIC with what is wrong, for the import screen to point at it: `problem`, and for
 * unknown words their 1-based `positions`.
 *
 * The unknown words themselves are never in the error. A mistyped word is usually one letter away
 * from the user's real word, and each word of a seed is 11 of its bits: an error text travels
 * (console, logs, bug reports, screenshots) where the seed must not. The positions are enough for
 * the UI to highlight the words the user is typing anyway.
 */
export class MnemonicError extends WalletError {
  override name = 'MnemonicError';
  readonly problem: MnemonicProblem;
  /** For UNKNOWN_WORD: the 1-based positions of the words not in the English list. */
  readonly positions: readonly number[];

  constructor(problem: MnemonicProblem, shortMessage: string, options: { expected?: string; got?: string; positions?: number[] } = {}) {
    super('INVALID_MNEMONIC', shortMessage, { expected: options.expected, got: options.got });
    this.problem = problem;
    this.positions = options.positions ?? [];
  }
}

const PROBLEMS: readonly MnemonicProblem[] = ['WORD_COUNT', 'UNKNOWN_WORD', 'CHECKSUM'];

registerErrorClass(MnemonicError, 'MnemonicError', {
  rebuild: (_code, f) => {
    const problem = PROBLEMS.find((p) => p === f.problem);
    if (problem === undefined) throw new InputError('not a mnemonic problem');
    const positions = f.positions ? f.positions.split(',', 24).map(Number) : [];
    if (!positions.every((n) => Number.isSafeInteger(n) && n > 0 && n <= 24)) throw new InputError('not word positions');
    return new MnemonicError(problem, '', { positions });
  },
  fields: (e) => ({ problem: e.problem, positions: e.positions.join(',') }),
});

/**
 * A mnemonic as BIP-39 reads it: NFKD (BIP-39's form, which also folds full-width letters typed
 * through an IME), lower case, words separated by one ASCII space, no leading or trailing blanks.
 * It does not check the words; see {@link validateMnemonic}.
 * @example normalizeMnemonic('  Legal  WINNER\tthank ') // 'legal winner thank'
 */
export function normalizeMnemonic(mnemonic: string): string {
  if (typeof mnemonic !== 'string') throw new InputError(`"mnemonic" expected a string, got ${typeof mnemonic}`);
  const words = mnemonic.normalize('NFKD').toLowerCase().trim();
  return words === '' ? '' : words.split(/\s+/u).join(' ');
}

/**
 * Checks a mnemonic against BIP-39 (English list) and returns its normalized form. Every length
 * BIP-39 defines is accepted (12, 15, 18, 21, 24 words) since other wallets export them; Vigil
 * itself generates 12 or 24.
 * @throws MnemonicError (INVALID_MNEMONIC) naming the problem: word count, unknown words (by
 * position), or checksum.
 * @example validateMnemonic('Test test test test test test test test test test test junk')
 * // 'test test test test test test test test test test test junk'
 */
export function validateMnemonic(mnemonic: string): string {
  const normalized = normalizeMnemonic(mnemonic);
  const words = normalized === '' ? [] : normalized.split(' ');
  if (!WORD_COUNTS.includes(words.length)) {
    throw new MnemonicError('WORD_COUNT', 'the recovery phrase has the wrong number of words', {
      expected: '12, 15, 18, 21 or 24 words',
      got: `${words.length} word${words.length === 1 ? '' : 's'}`,
    });
  }
  const positions: number[] = [];
  words.forEach((w, i) => {
    if (!WORD_INDEX.has(w)) positions.push(i + 1);
  });
  if (positions.length > 0) {
    throw new MnemonicError('UNKNOWN_WORD', 'the recovery phrase has words that are not in the BIP-39 English list', {
      expected: 'BIP-39 English words',
      got: `unknown word${positions.length > 1 ? 's' : ''} at position${positions.length > 1 ? 's' : ''} ${positions.join(', ')}`,
      positions,
    });
  }
  try {
    scureMnemonicToEntropy(normalized, english);
  } catch {
    // Length and words are fine: only the checksum can be left. scure's message is not forwarded.
    throw new MnemonicError('CHECKSUM', 'the recovery phrase has a wrong checksum (a word is wrong or words are swapped)', {
      expected: 'the last word to match the checksum of the others',
      got: 'a checksum mismatch',
    });
  }
  return normalized;
}

/**
 * A new mnemonic from entropy the caller drew (16 bytes: 12 words, 32 bytes: 24 words).
 * @example generateMnemonic(crypto.getRandomValues(new Uint8Array(16))) // 12 words
 */
export function generateMnemonic(entropy: Uint8Array): string {
  abytes(entropy, undefined, 'entropy');
  if (entropy.length !== 16 && entropy.length !== 32) {
    throw new InputError(`"entropy" expected Uint8Array of length 16 or 32, got length=${entropy.length}`);
  }
  return entropyToMnemonic(entropy, english);
}

/** The entropy a valid mnemonic encodes (the inverse of {@link generateMnemonic}). */
export function mnemonicToEntropy(mnemonic: string): Uint8Array {
  return Uint8Array.from(scureMnemonicToEntropy(validateMnemonic(mnemonic), english));
}

/** A BIP-39 passphrase: any well-formed Unicode string. */
export function apassphrase(passphrase: string): string {
  if (typeof passphrase !== 'string') throw new InputError(`"passphrase" expected a string, got ${typeof passphrase}`);
  if (LONE_SURROGATE.test(passphrase)) throw new InputError('"passphrase" expected well-formed Unicode (it has a lone surrogate)');
  return passphrase;
}

/**
 * The 64-byte BIP-39 seed (PBKDF2-HMAC-SHA512, 2048 rounds) of a valid mnemonic and an optional
 * passphrase (the "25th word", NFKD-normalized as BIP-39 says). A secret: wipe it after use.
 * @example await mnemonicToSeed('abandon … about', 'TREZOR') // c55257c3…
 */
export async function mnemonicToSeed(mnemonic: string, passphrase = ''): Promise<Uint8Array> {
  return Uint8Array.from(await scureMnemonicToSeed(validateMnemonic(mnemonic), apassphrase(passphrase)));
}

/** {@link mnemonicToSeed} without yielding (a few ms of PBKDF2), for the keyring's account list. */
export function mnemonicToSeedSync(mnemonic: string, passphrase = ''): Uint8Array {
  return Uint8Array.from(scureMnemonicToSeedSync(validateMnemonic(mnemonic), apassphrase(passphrase)));
}
