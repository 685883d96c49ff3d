import { TypedDataEncoder, Wallet, verifyTypedData } from 'ethers';
import fc from 'fast-check';
import { hashTypedData, recoverTypedDataAddress as viemRecoverTyped } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../../../src/core/bytes.ts';
import { InputError } from '../../../src/core/errors.ts';
import { keccak256 } from '../../../src/crypto/keccak.ts';
import { WalletError } from '../../../src/wallet/errors.ts';
import { addressOf } from '../../../src/wallet/keys.ts';
import { encodeType, hashStruct, parseTypedData, recoverTypedDataAddress, signTypedData, TYPED_DATA_LIMITS, typedDataDigest, type TypedDataField } from '../../../src/wallet/typed-data.ts';
import { checksumAddress } from '../../../src/wallet/transaction-request.ts';
import { MAIL, NESTED, PERMIT } from './typed-data-examples.ts';

const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const hex = (b: Uint8Array) => bytesToHex(b) as `0x${string}`;
const keyBytes = (k: bigint) => hexToBytes(`0x${k.toString(16).padStart(64, '0')}`);
const privateKey = fc.bigInt({ min: 1n, max: N - 1n }).map(keyBytes);
const utf8 = (s: string) => new TextEncoder().encode(s);
/** JSON with bigints as decimal strings (as a page's JSON.stringify of typed data would carry them). */
const toJson = (value: unknown) => JSON.stringify(value, (_, v) => (typeof v === 'bigint' ? v.toString() : v));

function typedRefusal(fn: () => unknown): WalletError {
  try {
    fn();
  } catch (err) {
    if (err instanceof WalletError && err.code === 'INVALID_TYPED_DATA') return err;
    throw err;
  }
  throw new Error('expected INVALID_TYPED_DATA');
}

const withoutDomainType = (types: Record<string, TypedDataField[]>) => Object.fromEntries(Object.entries(types).filter(([k]) => k !== 'EIP712Domain'));

describe('eth_signTypedData_v4', () => {
  it("EIP-712's Mail example: encodeType, hashStruct, domain separator, digest and the EIP's signature", () => {
    expect(encodeType(MAIL.types, 'Mail')).toBe('Mail(Person from,Person to,string contents)Person(string name,address wallet)');
    expect(bytesToHex(hashStruct(MAIL.types, 'Mail', MAIL.message))).toBe('0xc52c0ee5d84264471806290a3f2c4cecfc5490626bf912d01f240d7a274b371e');
    const parsed = parseTypedData(MAIL, 1n);
    expect(bytesToHex(parsed.domainSeparator)).toBe('0xf2cee375fa42b42143804025fc449deafd50cc031ca257e0b194a650a912090f');
    expect(bytesToHex(parsed.structHash!)).toBe('0xc52c0ee5d84264471806290a3f2c4cecfc5490626bf912d01f240d7a274b371e');
    expect(bytesToHex(parsed.hash)).toBe('0xbe609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2');
    const cow = keccak256(utf8('cow'));
    expect(addressOf(cow)).toBe('0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826');
    expect(signTypedData(parsed, cow)).toBe(
      '0x4355c47d63924e8a72e509b65029052eb6c299d53a04e167c5775fd466751c9d07299936d304c153f6443dfa05f40ff007d72911b6f72307f996231605b915621c',
    );
    // The same request as JSON text.
    expect(bytesToHex(parseTypedData(JSON.stringify(MAIL), 1n).hash)).toBe(bytesToHex(parsed.hash));
  });

  it('the structured preview: primary type, the domain the signature binds, every message field with its type', () => {
    const { preview } = parseTypedData(MAIL, 1n);
    expect(preview).toEqual({
      primaryType: 'Mail',
      domain: { name: 'Ether Mail', version: '1', chainId: 1n, verifyingContract: '0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC', salt: undefined },
      message: [
        { name: 'from', value: { kind: 'struct', type: 'Person', fields: [
          { name: 'name', value: { kind: 'value', type: 'string', text: 'Cow' } },
          { name: 'wallet', value: { kind: 'value', type: 'address', text: '0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826' } },
        ] } },
        { name: 'to', value: { kind: 'struct', type: 'Person', fields: [
          { name: 'name', value: { kind: 'value', type: 'string', text: 'Bob' } },
          { name: 'wallet', value: { kind: 'value', type: 'address', text: '0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB' } },
        ] } },
        { name: 'contents', value: { kind: 'value', type: 'string', text: 'Hello, Bob!' } },
      ],
    });
    const permit = parseTypedData(PERMIT, 1n).preview;
    expect(permit.message[2]).toEqual({ name: 'value', value: { kind: 'value', type: 'uint256', text: ((1n << 256n) - 1n).toString() } });
    const nested = parseTypedData(NESTED, 11155111n).preview;
    expect(nested.domain).toEqual({ name: 'Nested', version: undefined, chainId: 11155111n, verifyingContract: undefined, salt: '0x' + 'ab'.repeat(32) });
    expect(nested.message[2]!.value).toEqual({
      kind: 'array', type: 'int16[2][]', items: [
        { kind: 'array', type: 'int16[2]', items: [{ kind: 'value', type: 'int16', text: '1' }, { kind: 'value', type: 'int16', text: '-2' }] },
        { kind: 'array', type: 'int16[2]', items: [{ kind: 'value', type: 'int16', text: '32767' }, { kind: 'value', type: 'int16', text: '-32768' }] },
      ],
    });
  });

  it.each([
    ['Mail (EIP-712)', MAIL, 1n],
    ['Permit (EIP-2612) with value 2^256 - 1', PERMIT, 1n],
    ['nested arrays and structs', NESTED, 11155111n],
  ] as const)('%s: digest, signature and recovery equal viem and ethers', async (_, typed, chainId) => {
    const key = keyBytes(0xc0ffeen);
    const parsed = parseTypedData(typed, chainId);
    const types = withoutDomainType(typed.types);
    const request = { domain: typed.domain, types, primaryType: typed.primaryType, message: typed.message } as Parameters<typeof hashTypedData>[0];
    expect(bytesToHex(parsed.hash)).toBe(hashTypedData(request));
    expect(bytesToHex(parsed.hash)).toBe(TypedDataEncoder.hash(typed.domain, types, typed.message));
    const signature = signTypedData(parsed, key);
    const account = privateKeyToAccount(hex(key));
    expect(signature).toBe(await account.signTypedData(request));
    expect(signature).toBe(await new Wallet(hex(key)).signTypedData(typed.domain, types, typed.message));
    expect(await viemRecoverTyped({ ...request, signature })).toBe(account.address);
    expect(verifyTypedData(typed.domain, types, typed.message, signature)).toBe(account.address);
    expect(recoverTypedDataAddress(parsed, signature)).toBe(account.address);
    // Integers as decimal strings in JSON text hash the same.
    expect(bytesToHex(parseTypedData(toJson(typed), chainId).hash)).toBe(bytesToHex(parsed.hash));
  });

  it('without EIP712Domain in types, derives it from the domain in EIP-712 order (as viem does)', () => {
    const { EIP712Domain: _, ...types } = MAIL.types;
    expect(bytesToHex(parseTypedData({ ...MAIL, types }, 1n).hash)).toBe('0xbe609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2');
    const noChain = { ...MAIL, types, domain: { name: 'Ether Mail' } };
    expect(bytesToHex(parseTypedData(noChain, 5n).hash)).toBe(hashTypedData({ ...noChain, types } as Parameters<typeof hashTypedData>[0]));
  });

  it('integers may come as numbers, decimal or hex strings, or bigints', () => {
    const forms = [1, '1', '0x1', '0x01', 1n];
    const hashes = forms.map((chainId) => bytesToHex(parseTypedData({ ...MAIL, domain: { ...MAIL.domain, chainId } }, 1n).hash));
    expect(new Set(hashes).size).toBe(1);
  });

  it('refuses a domain for another chain, saying which was expected and which came', () => {
    for (const chainId of [5, '5', '0x5', 5n]) {
      const err = typedRefusal(() => parseTypedData({ ...MAIL, domain: { ...MAIL.domain, chainId } }, 1n));
      expect(err.expected).toBe('chainId 1');
      expect(err.got).toBe('chainId 5');
    }
    expect(typedRefusal(() => parseTypedData(NESTED, 1n)).got).toBe('chainId 11155111');
    const { chainId: _, ...domain } = MAIL.domain;
    const types = { ...MAIL.types, EIP712Domain: MAIL.types.EIP712Domain.filter((f) => f.name !== 'chainId') };
    expect(parseTypedData({ ...MAIL, types, domain }, 1n).preview.domain.chainId).toBeUndefined();
  });

  it('a domain with no chainId: typed data is hashed (its preview names no chain, the window warns); a permit is refused, PERMIT_WITHOUT_CHAIN', () => {
    const noChain = <T extends { types: { EIP712Domain: readonly { name: string }[] }; domain: Record<string, unknown> }>(t: T) => {
      const { chainId: _, ...domain } = t.domain;
      return { ...t, types: { ...t.types, EIP712Domain: t.types.EIP712Domain.filter((f) => f.name !== 'chainId') }, domain };
    };
    expect(typedDataDigest(noChain(MAIL), 1n).preview.domain.chainId).toBeUndefined();
    expect(typedDataDigest(PERMIT, 1n).permits).toHaveLength(1);
    let err: unknown;
    try {
      typedDataDigest(noChain(PERMIT), 1n);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(WalletError);
    expect(err).toMatchObject({ code: 'PERMIT_WITHOUT_CHAIN', expected: 'domain.chainId 1', got: 'no chainId' });
    expect((err as WalletError).shortMessage).toMatch(/valid on every chain/);
  });

  it('refuses malformed typed data with INVALID_TYPED_DATA', () => {
    const mail = MAIL as unknown as { types: Record<string, TypedDataField[]>; primaryType: string; domain: Record<string, unknown>; message: Record<string, unknown> };
    const withTypes = (types: Record<string, unknown>) => ({ ...mail, types: { ...mail.types, ...types } });
    const withMessage = (message: Record<string, unknown>) => ({ ...mail, message: { ...mail.message, ...message } });
    const person = (wallet: unknown) => ({ name: 'x', wallet });
    const huge = {
      types: { EIP712Domain: [], Big: [{ name: 'xs', type: 'uint8[]' }] },
      primaryType: 'Big',
      domain: {},
      message: { xs: new Array(TYPED_DATA_LIMITS.maxArrayLength + 1).fill(1) },
    };
    const deep = (() => {
      const types: Record<string, TypedDataField[]> = { EIP712Domain: [] };
      for (let i = 0; i < 30; i++) types[`T${i}`] = i === 29 ? [{ name: 'v', type: 'uint8' }] : [{ name: 'next', type: `T${i + 1}` }];
      let message: Record<string, unknown> = { v: 1 };
      for (let i = 28; i >= 0; i--) message = { next: message };
      return { types, primaryType: 'T0', domain: {}, message };
    })();
    const cases: [string, unknown][] = [
      ['not JSON', '{"types":'],
      ['not an object', '[1,2]'],
      ['null', null],
      ['a number', 5],
      ['missing types', { ...mail, types: undefined }],
      ['missing message', { ...mail, message: undefined }],
      ['missing domain', { ...mail, domain: undefined }],
      ['primaryType not a type', { ...mail, primaryType: 'Letter' }],
      ['primaryType not a string', { ...mail, primaryType: 5 }],
      ['unknown type', withTypes({ Mail: [{ name: 'from', type: 'Persona' }] })],
      ['unknown primitive', withTypes({ Person: [{ name: 'name', type: 'uint7' }, { name: 'wallet', type: 'address' }] })],
      ['bare uint (not an EIP-712 type)', withTypes({ Person: [{ name: 'name', type: 'uint' }, { name: 'wallet', type: 'address' }] })],
      ['uint08', withTypes({ Person: [{ name: 'name', type: 'uint08' }, { name: 'wallet', type: 'address' }] })],
      ['bytes33', withTypes({ Person: [{ name: 'name', type: 'bytes33' }, { name: 'wallet', type: 'address' }] })],
      ['self cycle', withTypes({ Person: [{ name: 'name', type: 'string' }, { name: 'friend', type: 'Person' }] })],
      ['self cycle through an array', withTypes({ Person: [{ name: 'name', type: 'string' }, { name: 'friends', type: 'Person[]' }] })],
      ['two-step cycle', withTypes({ Person: [{ name: 'name', type: 'string' }, { name: 'last', type: 'Mail' }] })],
      ['duplicate field', withTypes({ Person: [{ name: 'name', type: 'string' }, { name: 'name', type: 'address' }] })],
      ['field name not an identifier', withTypes({ Person: [{ name: 'na me', type: 'string' }] })],
      ['type name not an identifier', withTypes({ 'Per son': [] })],
      ['struct named like a primitive', withTypes({ uint256: [] })],
      ['fields not an array', withTypes({ Person: { name: 'string' } })],
      ['field without type', withTypes({ Person: [{ name: 'name' }] })],
      ['array length 0', withTypes({ Mail: [{ name: 'xs', type: 'uint8[0]' }] })],
      ['array length with a leading zero', withTypes({ Mail: [{ name: 'xs', type: 'uint8[01]' }] })],
      ['malformed array suffix', withTypes({ Mail: [{ name: 'xs', type: 'uint8[' }] })],
      ['missing field', withMessage({ contents: undefined })],
      ['null field', withMessage({ to: null })],
      ['missing nested field', withMessage({ to: { name: 'Bob' } })],
      ['field only on the prototype', withMessage({ to: Object.create({ name: 'Bob', wallet: '0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB' }) })],
      ['string where a struct is expected', withMessage({ to: 'Bob' })],
      ['number where a string is expected', withMessage({ contents: 5 })],
      ['bad checksum', withMessage({ to: person('0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbb') })],
      ['short address', withMessage({ to: person('0xbbbb') })],
      ['lone surrogate', withMessage({ contents: 'a\uD800b' })],
      ['string where uint expected', { ...PERMIT, message: { ...PERMIT.message, value: 'hello' } }],
      ['float', { ...PERMIT, message: { ...PERMIT.message, value: 1.5 } }],
      ['exponent', { ...PERMIT, message: { ...PERMIT.message, value: '1e18' } }],
      ['unsafe number', { ...PERMIT, message: { ...PERMIT.message, value: 2 ** 60 } }],
      ['negative uint', { ...PERMIT, message: { ...PERMIT.message, value: -1 } }],
      ['uint256 overflow', { ...PERMIT, message: { ...PERMIT.message, value: 1n << 256n } }],
      ['int16 overflow', { ...NESTED, message: { ...NESTED.message, matrix: [[32768n, 0n]] } }],
      ['fixed array of the wrong length', { ...NESTED, message: { ...NESTED.message, matrix: [[1n]] } }],
      ['bytes3 of 4 bytes', { ...NESTED, message: { ...NESTED.message, members: [{ ...NESTED.message.members[0], home: { lat: 0, code: '0x01020304' } }] } }],
      ['bytes of odd length', { ...NESTED, message: { ...NESTED.message, blob: '0xabc' } }],
      ['bytes as text', { ...NESTED, message: { ...NESTED.message, blob: 'hello' } }],
      ['bool as a string', { ...NESTED, message: { ...NESTED.message, flags: ['true'] } }],
      ['huge array', huge],
      ['too deep', deep],
      ['too many types', { ...huge, types: Object.fromEntries([...Array(TYPED_DATA_LIMITS.maxTypes + 1).keys()].map((i) => [`T${i}`, []])) }],
      ['JSON over the size bound', JSON.stringify({ ...MAIL, message: { ...MAIL.message, contents: 'x'.repeat(TYPED_DATA_LIMITS.maxChars) } })],
      ['domain field not in EIP712Domain', { ...mail, domain: { ...mail.domain, salt: '0x' + '00'.repeat(32) } }],
      ['unknown domain field', { ...mail, domain: { ...mail.domain, owner: 'me' } }],
      ['chainId declared as string', withTypes({ EIP712Domain: [{ name: 'chainId', type: 'string' }] })],
      ['unknown EIP712Domain field', withTypes({ EIP712Domain: [{ name: 'owner', type: 'address' }] })],
      ['declared domain field missing', { ...mail, domain: { name: 'Ether Mail', version: '1', chainId: 1 } }],
    ];
    for (const [what, typed] of cases) {
      const err = typedRefusal(() => parseTypedData(typed, 1n));
      expect(err.message, what).toBeTruthy();
    }
  });

  it('signs only what parseTypedData returned', () => {
    const parsed = parseTypedData(MAIL, 1n);
    expect(Object.isFrozen(parsed)).toBe(true);
    typedRefusal(() => signTypedData(structuredClone(parsed), keyBytes(1n)));
    typedRefusal(() => signTypedData({ ...parsed, hash: new Uint8Array(32) }, keyBytes(1n)));
  });

  it('property: generated typed data (nested structs, arrays, every primitive) hashes and signs as viem and ethers', async () => {
    await fc.assert(
      fc.asyncProperty(typedDataArbitrary(), fc.boolean(), privateKey, async ({ typed, chainId, ethersTypes }, omitDomainType, key) => {
        const input = omitDomainType ? { ...typed, types: withoutDomainType(typed.types) } : typed;
        const parsed = parseTypedData(input, chainId);
        const viemRequest = { ...typed, types: withoutDomainType(typed.types) } as Parameters<typeof hashTypedData>[0];
        const digest = bytesToHex(parsed.hash);
        expect(digest).toBe(hashTypedData(viemRequest));
        expect(digest).toBe(TypedDataEncoder.hash(typed.domain, ethersTypes, typed.message));
        expect(bytesToHex(parseTypedData(toJson(input), chainId).hash)).toBe(digest);
        const signature = signTypedData(parsed, key);
        expect(signature).toBe(await privateKeyToAccount(hex(key)).signTypedData(viemRequest));
        expect(recoverTypedDataAddress(parsed, signature)).toBe(addressOf(key));
      }),
      { numRuns: 150 },
    );
  });

  it('property: any JSON, or the Mail example with any part replaced, parses or throws WalletError/InputError — nothing else', () => {
    const paths: (string | number)[][] = [];
    const walk = (v: unknown, path: (string | number)[]) => {
      paths.push(path);
      if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]));
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
    };
    walk(MAIL, []);
    const replace = (root: unknown, path: (string | number)[], value: unknown): unknown => {
      if (path.length === 0) return value;
      const copy: any = Array.isArray(root) ? [...root] : { ...(root as object) };
      copy[path[0]!] = replace(copy[path[0]!], path.slice(1), value);
      return copy;
    };
    const junk = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.anything({ maxDepth: 2, withBigInt: true, withTypedArray: true, withNullPrototype: true, withObjectString: true }),
      fc.constantFrom('Person', 'Person[]', 'Mail', 'uint256', 'uint8[2]', '0x', '0x00', 'EIP712Domain', '__proto__', 'constructor', -1, 1e300, 2n ** 300n),
    );
    const mutated = fc.tuple(fc.integer({ min: 0, max: paths.length - 1 }), junk).map(([i, v]) => replace(MAIL, paths[i]!, v));
    fc.assert(
      fc.property(fc.oneof(mutated, mutated.map((m) => toJson(m) ?? 'null'), fc.jsonValue(), fc.json(), fc.anything()), (typed) => {
        try {
          parseTypedData(typed, 1n);
        } catch (err) {
          if (!(err instanceof WalletError || err instanceof InputError)) throw err;
        }
      }),
      { numRuns: 4000 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// A generator of typed data: acyclic struct graphs (a struct names only later ones), every
// primitive, nested and fixed-size arrays, and values of exactly those types.

const PRIMITIVES = ['uint8', 'uint64', 'uint256', 'uint96', 'int8', 'int64', 'int256', 'bool', 'address', 'bytes1', 'bytes20', 'bytes32', 'bytes', 'string'];

interface Generated {
  typed: { types: Record<string, TypedDataField[]>; primaryType: string; domain: Record<string, unknown>; message: Record<string, unknown> };
  chainId: bigint;
  /** The struct types reachable from the primary one (ethers refuses unused types). */
  ethersTypes: Record<string, TypedDataField[]>;
}

function typedDataArbitrary(): fc.Arbitrary<Generated> {
  const structCount = fc.integer({ min: 1, max: 4 });
  const schema = structCount.chain((count) =>
    fc.tuple(
      ...[...Array(count).keys()].map((i) => {
        const bases = [...PRIMITIVES, ...[...Array(count - i - 1).keys()].map((j) => `S${i + j + 1}`)];
        const fieldType = fc.tuple(fc.constantFrom(...bases), fc.array(fc.oneof(fc.constant(''), fc.integer({ min: 1, max: 3 }).map(String)), { maxLength: 2 }))
          .map(([base, dims]) => base + dims.map((d) => `[${d}]`).join(''));
        return fc.array(fieldType, { minLength: 1, maxLength: 4 }).map((types) => types.map((type, k) => ({ name: `f${k}`, type })));
      }),
    ).map((structs) => Object.fromEntries(structs.map((fields, i) => [`S${i}`, fields])) as Record<string, TypedDataField[]>),
  );
  return schema.chain((types) => {
    const domain = fc.record(
      {
        name: fc.string({ unit: 'binary', maxLength: 12 }),
        version: fc.string({ maxLength: 4 }),
        chainId: fc.bigInt({ min: 1n, max: 1n << 64n }),
        verifyingContract: fc.uint8Array({ minLength: 20, maxLength: 20 }).map(checksumAddress),
        salt: fc.uint8Array({ minLength: 32, maxLength: 32 }).map(bytesToHex),
      },
      { requiredKeys: [] },
    );
    return fc.tuple(domain, valueOf('S0', types)).map(([d, message]) => {
      const order = ['name', 'version', 'chainId', 'verifyingContract', 'salt'] as const;
      const domainType = order.filter((k) => k in d).map((k) => ({ name: k, type: { name: 'string', version: 'string', chainId: 'uint256', verifyingContract: 'address', salt: 'bytes32' }[k] }));
      return {
        typed: { types: { EIP712Domain: domainType, ...types }, primaryType: 'S0', domain: d, message: message as Record<string, unknown> },
        chainId: (d.chainId as bigint | undefined) ?? 1n,
        ethersTypes: reachable('S0', types),
      };
    });
  });
}

function valueOf(type: string, types: Record<string, TypedDataField[]>): fc.Arbitrary<unknown> {
  const array = /\[(\d*)\]$/.exec(type);
  if (array) {
    const element = valueOf(type.slice(0, array.index), types);
    return array[1] === '' ? fc.array(element, { maxLength: 3 }) : fc.array(element, { minLength: Number(array[1]), maxLength: Number(array[1]) });
  }
  const fields = types[type];
  if (fields) return fc.record(Object.fromEntries(fields.map((f) => [f.name, valueOf(f.type, types)])));
  let m = /^(u?)int(\d*)$/.exec(type);
  if (m) {
    const bits = BigInt(m[2] || 256);
    return m[1] ? fc.bigInt({ min: 0n, max: (1n << bits) - 1n }) : fc.bigInt({ min: -(1n << (bits - 1n)), max: (1n << (bits - 1n)) - 1n });
  }
  if (type === 'bool') return fc.boolean();
  if (type === 'address') return fc.uint8Array({ minLength: 20, maxLength: 20 }).chain((b) => fc.constantFrom(checksumAddress(b), bytesToHex(b)));
  if (type === 'bytes') return fc.uint8Array({ maxLength: 40 }).map(bytesToHex);
  if (type === 'string') return fc.string({ unit: 'binary', maxLength: 16 });
  m = /^bytes(\d+)$/.exec(type);
  if (m) return fc.uint8Array({ minLength: Number(m[1]), maxLength: Number(m[1]) }).map(bytesToHex);
  throw new Error(`no generator for ${type}`);
}

function reachable(primary: string, types: Record<string, TypedDataField[]>): Record<string, TypedDataField[]> {
  const out: Record<string, TypedDataField[]> = {};
  const visit = (name: string) => {
    if (out[name] || !types[name]) return;
    out[name] = types[name]!;
    for (const f of types[name]!) visit(f.type.replace(/(\[\d*\])+$/, ''));
  };
  visit(primary);
  return out;
}
