/**
 * What hostile pages hand the wallet to sign: eth_sendTransaction's object, eth_signTypedData_v4's
 * typed data and personal_sign's message, mutated from valid requests. The oracles say the same
 * thing three ways: what Vigil signs is what the page asked for, read by another library.
 * - A transaction request Vigil accepts is filled, signed by src/wallet/transaction.ts and read
 *   back by viem (parseTransaction, recoverTransactionAddress): to, value, data, nonce, gas, fees
 *   and chain id are the request's, and the signer is the key's.
 * - Typed data Vigil accepts hashes as viem's hashTypedData or ethers' TypedDataEncoder does.
 * - A personal message Vigil accepts hashes as EIP-191 of the bytes its preview shows (viem's
 *   hashMessage of those bytes), and the preview shows exactly those bytes.
 */
import { TypedDataEncoder } from 'ethers';
import { RLP } from '@ethereumjs/rlp';
import { hashMessage, hashTypedData, recoverTransactionAddress } from 'viem';
import { bytesToBigInt, bytesToHex, hexToBytes } from '../../../src/core/bytes.ts';
import { addressOf } from '../../../src/wallet/keys.ts';
import { parsePersonalMessage } from '../../../src/wallet/personal-message.ts';
import { signTransaction, type UnsignedTransaction } from '../../../src/wallet/transaction.ts';
import { parseTransactionRequest, type TransactionRequest } from '../../../src/wallet/transaction-request.ts';
import { parseTypedData } from '../../../src/wallet/typed-data.ts';
import { MAIL, NESTED, PERMIT } from '../../unit/wallet/typed-data-examples.ts';
import { mutateJson } from '../mutators/json.ts';
import { againstReference, attempt, verdictOf } from '../oracles.ts';
import { defineTarget, type Outcome } from '../target.ts';

const KEY = hexToBytes('0x' + '4c'.repeat(32));
const SIGNER = addressOf(KEY).toLowerCase();
const FROM = '0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed';
const TO = '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359';

/** Requests as dApps send them: EIP-1559, legacy, EIP-2930, a creation, aliases, leading zeros, nothing but to. */
const TX_SEEDS: unknown[] = [
  [{ from: FROM, to: TO, value: '0xde0b6b3a7640000', data: '0xa9059cbb' + '00'.repeat(64), gas: '0x5208', nonce: '0x7', chainId: '0x1' }],
  { from: FROM, to: TO, value: '0x1', gasPrice: '0x3b9aca00', gasLimit: '0x5208', type: '0x0' },
  { from: FROM, to: TO, gasPrice: '0x3b9aca00', accessList: [{ address: TO, storageKeys: ['0x' + '00'.repeat(31) + '01'] }], chainId: '0xaa36a7' },
  { from: FROM, data: '0x6080604052348015600f57600080fd5b50', maxFeePerGas: '0x77359400', maxPriorityFeePerGas: '0x3b9aca00', type: '0x2' },
  [{ from: FROM, to: TO, input: '0x095ea7b3', data: '0x095ea7b3', value: '0x00', nonce: '0x0' }],
  { from: FROM, to: TO },
];

/** The request's own fields, read leniently (as any library would): what the signed transaction must carry. */
function asked(params: unknown) {
  const obj = (Array.isArray(params) ? params[0] : params) as Record<string, any>;
  const n = (v: unknown) => (v === undefined || v === null ? undefined : BigInt(v as string));
  return {
    to: obj.to === undefined || obj.to === null ? null : String(obj.to).toLowerCase(),
    value: n(obj.value) ?? 0n,
    data: String(obj.data ?? obj.input ?? '0x').toLowerCase(),
    nonce: n(obj.nonce),
    gas: n(obj.gas ?? obj.gasLimit),
    gasPrice: n(obj.gasPrice),
    maxFeePerGas: n(obj.maxFeePerGas),
    maxPriorityFeePerGas: n(obj.maxPriorityFeePerGas),
    chainId: n(obj.chainId),
  };
}

/** The request with what the wallet fills from verified state (fixed stand-ins here). */
function filled(r: TransactionRequest): UnsignedTransaction {
  const common = { chainId: r.chainId ?? 1n, nonce: r.nonce ?? 5n, gasLimit: r.gasLimit ?? 90_000n, to: r.to, value: r.value, data: r.data };
  if (r.type === 0) return { ...common, type: 0, gasPrice: r.gasPrice ?? 30_000_000_000n };
  if (r.type === 1) return { ...common, type: 1, gasPrice: r.gasPrice ?? 30_000_000_000n, accessList: r.accessList };
  const maxFeePerGas = r.maxFeePerGas ?? 30_000_000_000n;
  return { ...common, type: 2, maxFeePerGas, maxPriorityFeePerGas: r.maxPriorityFeePerGas ?? (maxFeePerGas < 1_000_000_000n ? maxFeePerGas : 1_000_000_000n), accessList: r.accessList };
}

export const pageTransactionTarget = defineTarget({
  name: 'page-transaction',
  subject: 'parseTransactionRequest (eth_sendTransaction\'s object), then the filled transaction signed (signTransaction)',
  reference: 'the signed bytes read by @ethereumjs/rlp (EIP-2718, EIP-155) and viem recoverTransactionAddress: the request\'s to, value, data, nonce, gas, fees, type and chain id, signed by the key',
  seeds: 'EIP-1559, legacy and EIP-2930 requests, a creation, input/data and gas/gasLimit aliases, a bare { from, to }',
  async load() {
    for (const s of TX_SEEDS) parseTransactionRequest(s);
    return TX_SEEDS;
  },
  async run(seeds: unknown[], rng) {
    const m = mutateJson(rng, rng.pick(seeds), {
      keys: ['gas', 'gasLimit', 'input', 'data', 'type', 'accessList', 'maxFeePerBlobGas', 'authorizationList', 'gasPrice', 'chainId', 'nonce'],
      dictionary: ['0x', '0x0', '0x00', TO, TO.toLowerCase(), '0xffffffffffffffff', '0x' + 'f'.repeat(64), '0x' + 'f'.repeat(65)],
    });
    const ours = attempt(() => {
      const request = parseTransactionRequest(m.value);
      return { request, signed: signTransaction(filled(request), KEY) };
    });
    const out: Outcome = { op: m.op, ...verdictOf(ours) };
    if (!ours.ok) return out;
    const { request, signed } = ours.value;
    const want = asked(m.value);
    const got = readSigned(signed.raw);
    const diffs: string[] = [];
    const check = (name: string, value: unknown, expected: unknown) => {
      if (expected !== undefined && value !== expected) diffs.push(`${name}: signed ${String(value)}, asked ${String(expected)}`);
    };
    for (const k of ['to', 'value', 'data', 'nonce', 'gas', 'chainId', 'gasPrice', 'maxFeePerGas', 'maxPriorityFeePerGas'] as const) check(k, got[k], want[k]);
    check('type', got.type, request.type);
    // viem reads nonces and chain ids as JS numbers: past 2^53 (EIP-2681 allows nonces up to 2^64 − 2) it cannot recover the signer.
    const safe = BigInt(Number.MAX_SAFE_INTEGER);
    if (got.nonce <= safe && got.chainId <= safe) check('signer', (await recoverTransactionAddress({ serializedTransaction: signed.raw as Parameters<typeof recoverTransactionAddress>[0]['serializedTransaction'] })).toLowerCase(), SIGNER);
    return diffs.length > 0 ? { ...out, wrong: `the signed transaction is not the one asked for: ${diffs.join('; ')}` } : out;
  },
});

/** The signed transaction's fields as @ethereumjs/rlp reads its envelope (EIP-2718; EIP-155 legacy). */
function readSigned(raw: string) {
  const bytes = hexToBytes(raw);
  const type = bytes[0]! < 0x7f ? bytes[0]! : 0;
  const f = RLP.decode(type === 0 ? bytes : bytes.subarray(1)) as Uint8Array[];
  const n = (b: Uint8Array | undefined) => bytesToBigInt(b!);
  const to = (b: Uint8Array | undefined) => (b!.length === 0 ? null : bytesToHex(b!));
  if (type === 0) {
    const v = n(f[6]);
    return { type, nonce: n(f[0]), gasPrice: n(f[1]), gas: n(f[2]), to: to(f[3]), value: n(f[4]), data: bytesToHex(f[5]!), chainId: (v - 35n) / 2n, maxFeePerGas: undefined, maxPriorityFeePerGas: undefined };
  }
  if (type === 1) return { type, chainId: n(f[0]), nonce: n(f[1]), gasPrice: n(f[2]), gas: n(f[3]), to: to(f[4]), value: n(f[5]), data: bytesToHex(f[6]!), maxFeePerGas: undefined, maxPriorityFeePerGas: undefined };
  return { type, chainId: n(f[0]), nonce: n(f[1]), maxPriorityFeePerGas: n(f[2]), maxFeePerGas: n(f[3]), gas: n(f[4]), to: to(f[5]), value: n(f[6]), data: bytesToHex(f[7]!), gasPrice: undefined };
}

const TYPED_STRICTER: Record<string, string> = {
  INVALID_TYPED_DATA:
    'Typed data viem or ethers would hash but that is not a well-formed EIP-712 request, or not one for this network: a domain whose chain id is not the verified network\'s (the signature would be valid elsewhere), an EIP712Domain type naming a field EIP-712 does not define or with another type, a value not of its field\'s form (a number for an address or bytes, a JSON number past 2^53, a hex string of the wrong size, an integer out of its range that a library would wrap or reduce), an unknown field or type that a library ignores, names that are not identifiers, and requests past the size limits. Vigil refuses rather than sign a digest the approval window could not show faithfully.',
};

interface TypedSeed {
  typed: unknown;
  chainId: bigint;
}

/**
 * The reference digest of the (mutated) request: viem's hashTypedData, which reads EIP712Domain
 * from the request's types as MetaMask does; when viem refuses, ethers' TypedDataEncoder (which
 * builds the domain type from the domain's own fields). Undefined when neither hashes it.
 */
function referenceDigest(param: unknown): string | undefined {
  let typed: any;
  try {
    typed = typeof param === 'string' ? JSON.parse(param) : param;
  } catch {
    return undefined;
  }
  try {
    return hashTypedData(typed).toLowerCase();
  } catch {
    // viem refuses: ask ethers
  }
  try {
    const { EIP712Domain: _d, ...types } = typed.types;
    return TypedDataEncoder.hash(typed.domain, types, typed.message).toLowerCase();
  } catch {
    return undefined;
  }
}

const toJson = (value: unknown) => JSON.stringify(value, (_, v) => (typeof v === 'bigint' ? v.toString() : v));

export const pageTypedDataTarget = defineTarget({
  name: 'page-typed-data',
  subject: 'parseTypedData (eth_signTypedData_v4\'s typed data, as an object and as JSON text) and its digest',
  reference: 'viem hashTypedData (EIP712Domain as the request types it, as MetaMask reads it), else ethers TypedDataEncoder.hash: same acceptance, same digest',
  seeds: 'EIP-712\'s Mail example, an EIP-2612 permit, a nested request with struct arrays, fixed arrays of arrays, signed integers, bytes and a salt (test/unit/wallet/typed-data-examples.ts)',
  stricter: TYPED_STRICTER,
  async load() {
    const seeds: TypedSeed[] = [
      { typed: MAIL, chainId: 1n },
      { typed: PERMIT, chainId: 1n },
      { typed: NESTED, chainId: 11155111n },
    ];
    for (const s of seeds) {
      const digest = bytesToHex(parseTypedData(s.typed, s.chainId).hash);
      if (referenceDigest(s.typed) !== digest) throw new Error('a typed-data seed hashes differently in viem');
    }
    return seeds;
  },
  run(seeds: TypedSeed[], rng): Outcome {
    const seed = rng.pick(seeds);
    const m = mutateJson(rng, seed.typed, { keys: ['EIP712Domain', 'salt', 'chainId', 'verifyingContract', 'version'] });
    const param = rng.chance(0.3) ? toJson(m.value) : m.value;
    const theirs = referenceDigest(typeof param === 'string' ? param : JSON.parse(toJson(param)));
    return againstReference(m.op, attempt(() => bytesToHex(parseTypedData(param, seed.chainId).hash)), theirs === undefined ? { ok: false } : { ok: true, value: theirs });
  },
});

const MESSAGE_SEEDS: unknown[] = [
  'hello world',
  '0x68656c6c6f',
  'app.example wants you to sign in with your Ethereum account:\n0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed\n\nSign in.\n\nURI: https://app.example\nVersion: 1\nChain ID: 1\nNonce: 32891756\nIssued At: 2021-09-30T16:25:24Z',
  '0x' + 'ff00'.repeat(16),
  'Ünïcödé ✓ 🚀',
  '0xdeadbeef',
  '',
];

export const pagePersonalSignTarget = defineTarget({
  name: 'page-personal-sign',
  subject: 'parsePersonalMessage (personal_sign\'s message: 0x-hex bytes or UTF-8 text): the bytes signed, their EIP-191 digest and the approval window\'s preview',
  reference: 'viem hashMessage({ raw }) of the bytes; the preview (text or hex) must show exactly those bytes, and text only without control or bidirectional characters',
  seeds: 'plain text, hex text, a Sign-In with Ethereum message, binary hex, Unicode, the empty message',
  async load() {
    for (const s of MESSAGE_SEEDS) parsePersonalMessage(s);
    return MESSAGE_SEEDS;
  },
  run(seeds: unknown[], rng): Outcome {
    const m = mutateJson(rng, rng.pick(seeds));
    const ours = attempt(() => parsePersonalMessage(m.value));
    const out: Outcome = { op: m.op, ...verdictOf(ours) };
    if (!ours.ok) return out;
    const { bytes, hash, preview } = ours.value;
    if (bytesToHex(hash) !== hashMessage({ raw: bytes }).toLowerCase()) return { ...out, wrong: 'the digest is not EIP-191 of the message\'s bytes' };
    const shown = preview.kind === 'text' ? new TextEncoder().encode(preview.text) : hexToBytes(preview.hex);
    if (bytesToHex(shown) !== bytesToHex(bytes)) return { ...out, wrong: 'the preview shows other bytes than are signed' };
    if (preview.kind === 'text' && /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(preview.text)) {
      return { ...out, wrong: 'the text preview holds control or bidirectional characters' };
    }
    // A string that is whole bytes of hex is those bytes; any other string is its UTF-8.
    if (typeof m.value === 'string') {
      const expected = /^0x(?:[0-9a-fA-F]{2})+$/.test(m.value) ? hexToBytes(m.value) : new TextEncoder().encode(m.value);
      if (bytesToHex(expected) !== bytesToHex(bytes)) return { ...out, wrong: 'the bytes signed are not the message the page sent' };
    }
    return out;
  },
});
