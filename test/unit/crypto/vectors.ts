/**
 * Known-answer vectors and deterministic inputs shared by the crypto tests (and benchmarks).
 * @module
 */

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** keccak256, Keccak team's original padding (what Ethereum uses). */
export const KECCAK256_VECTORS: { name: string; input: Uint8Array; hex: string }[] = [
  { name: 'empty', input: new Uint8Array(), hex: 'c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470' },
  { name: '"abc"', input: utf8('abc'), hex: '4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45' },
  {
    name: 'quick brown fox',
    input: utf8('The quick brown fox jumps over the lazy dog'),
    hex: '4d741b6f1eb29cb2a9b9911c82f56fa8d73b04959d3d9d222895df6c0b28aa15',
  },
  // ERC-20 Transfer event topic.
  {
    name: 'Transfer(address,address,uint256)',
    input: utf8('Transfer(address,address,uint256)'),
    hex: 'ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef',
  },
  // keccak256 of the RLP of an empty trie (0x80): Ethereum's empty trie root.
  { name: 'RLP empty string', input: Uint8Array.of(0x80), hex: '56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421' },
];

/** SHA-256, FIPS 180-4 examples (NIST CSRC "SHA256.pdf", "SHA2_Additional.pdf"). */
export const SHA256_VECTORS: { name: string; input: Uint8Array; hex: string }[] = [
  { name: 'empty', input: new Uint8Array(), hex: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' },
  { name: '"abc"', input: utf8('abc'), hex: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad' },
  {
    name: '448-bit message',
    input: utf8('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'),
    hex: '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
  },
  {
    name: '896-bit message',
    input: utf8(
      'abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu',
    ),
    hex: 'cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1',
  },
  { name: '10^6 × "a"', input: new Uint8Array(1_000_000).fill(0x61), hex: 'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0' },
];

/** SSZ zero hashes: zero[0] = 32 zero bytes, zero[i+1] = sha256(zero[i] ‖ zero[i]). */
export const ZERO_HASHES_HEX = [
  '0000000000000000000000000000000000000000000000000000000000000000',
  'f5a5fd42d16a20302798ef6ed309979b43003d2320d9f0e8ea9831a92759fb4b',
  'db56114e00fdd4c1f85c892bf35ac9a89289aaecb1ebd0a96cde606a748b5d71',
  'c78009fdf07fc56a11f122370658a353aaa542ed63e44c4bc15ff4cd105ab33c',
];

/** Deterministic pseudo-random bytes (xorshift32): reproducible failures, no Math.random. */
export function pseudoRandomBytes(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = (seed ^ 0x9e3779b9) >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

export const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
