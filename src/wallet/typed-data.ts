/**
 * eth_signTypedData_v4 (EIP-712), and _v3: MetaMask's EIP-712 without arrays (an array value is
 * refused where @metamask/eth-sig-util's SignTypedDataVersion.V3 throws; its hashes are v4's).
 *
 * The request is first parsed into what the approval window shows (a preview built from the very
 * values that are hashed, never from the dApp's own description) and only then signed
 * (./signature.ts: r ‖ s ‖ v).
 *
 * Typed data is validated completely before anything is hashed: every type known (a primitive
 * of EIP-712 or a struct of `types`), no cycles, every field present with a value of its type,
 * bounded sizes and depth; the domain's fields are EIP-712's five with their standard types, and
 * a `chainId` in the domain must be the wallet's verified chain id. Any failure is a WalletError
 * INVALID_TYPED_DATA. A domain with no `chainId` binds no chain: its signature is valid on every
 * chain (the window says so), and a permit without one is refused (PERMIT_WITHOUT_CHAIN: an
 * approval replayable on every chain where the contract lives).
 * DIFF FROM EIP-712: recursive struct types (allowed by the EIP, unused by the standards that
 * wallets meet: permits, orders, Safe transactions) are refused, so that the work per request
 * is bounded by the size of its types. DIFF FROM eth-sig-util's V3: a missing field is refused,
 * not left out of the hash (a struct hash no contract computes).
 * @module
 */
import { bigIntToBytesPadded, bytesToHex, concatBytes, describe, hexToBytes } from '../core/bytes.ts';
import { InputError } from '../core/errors.ts';
import { isObject } from '../core/json.ts';
import { keccak256 } from '../crypto/keccak.ts';
import { WalletError } from './errors.ts';
import { type PermitApproval, permitsOf } from './permits.ts';
import { recoverAddress, signatureHex } from './signature.ts';
import { type Address, parseAddress } from './transaction-request.ts';
import type { Hex } from './transaction.ts';

/** What parseTypedData returned: only these are signed (a structured clone from a page is not). */
const parsedTypedData = /* @__PURE__ */ new WeakSet<object>();

export interface TypedDataField {
  name: string;
  type: string;
}

/** Struct name → its fields, in order (EIP712Domain included). */
export type TypedDataTypes = Record<string, TypedDataField[]>;

export interface TypedData {
  types: TypedDataTypes;
  primaryType: string;
  domain: Record<string, unknown>;
  message: Record<string, unknown>;
}

/** One value as the approval window shows it, with the type it was encoded as. */
export type TypedValuePreview =
  /** Integers in decimal, addresses checksummed, bytes in hex, booleans as true/false, strings as they are. */
  | { kind: 'value'; type: string; text: string }
  | { kind: 'struct'; type: string; fields: TypedFieldPreview[] }
  | { kind: 'array'; type: string; items: TypedValuePreview[] };

export interface TypedFieldPreview {
  name: string;
  value: TypedValuePreview;
}

/** The domain fields the signature binds (those absent from EIP712Domain are undefined). */
export interface TypedDomainPreview {
  name: string | undefined;
  version: string | undefined;
  chainId: bigint | undefined;
  verifyingContract: Address | undefined;
  salt: Hex | undefined;
}

export interface TypedDataPreview {
  primaryType: string;
  domain: TypedDomainPreview;
  /** The primary struct's fields (empty when primaryType is EIP712Domain). */
  message: TypedFieldPreview[];
}

/** Typed data that passed every check, with its hashes and preview. Sign it with signTypedData. */
export interface ParsedTypedData {
  readonly typedData: TypedData;
  readonly domainSeparator: Uint8Array;
  /** hashStruct(primaryType, message); undefined when primaryType is EIP712Domain. */
  readonly structHash: Uint8Array | undefined;
  /** keccak256(0x19 0x01 ‖ domainSeparator ‖ structHash): the digest signed. */
  readonly hash: Uint8Array;
  readonly preview: TypedDataPreview;
}

/** The method that asked: eth_signTypedData_v4, or eth_signTypedData_v3 (no arrays). */
export type TypedDataVersion = 'v3' | 'v4';

/** Bounds on a request (far above EIP-2612 permits, Seaport orders and Safe transactions). */
export const TYPED_DATA_LIMITS = {
  /** Characters of the JSON text, and of all strings and bytes in an object request. */
  maxChars: 1 << 20,
  maxTypes: 64,
  maxFieldsPerType: 128,
  /** Entries of any one array. */
  maxArrayLength: 1024,
  /** Values encoded in all (struct fields, array items, atomic values). */
  maxValues: 20_000,
  /** Nesting of structs and arrays in the message. */
  maxDepth: 24,
  /** Characters of a type or field name. */
  maxNameLength: 256,
} as const;

const DOMAIN_FIELD_TYPES: Record<string, string> = {
  name: 'string',
  version: 'string',
  chainId: 'uint256',
  verifyingContract: 'address',
  salt: 'bytes32',
};
/** EIP-712's order, used when the request's types leave EIP712Domain out (as viem does). */
const DOMAIN_FIELD_ORDER = ['name', 'version', 'chainId', 'verifyingContract', 'salt'];

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const ARRAY_SUFFIX = /\[(\d*)\]$/;
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

type FieldType =
  | { kind: 'uint' | 'int'; bits: number }
  | { kind: 'bool' | 'address' | 'bytes' | 'string' }
  | { kind: 'fixedBytes'; size: number }
  | { kind: 'struct'; name: string }
  | { kind: 'array'; element: string; length: number | undefined };

/**
 * Reads eth_signTypedData_v4's typed data (a JSON string or an object), checks it completely and
 * hashes it. Nothing is signed.
 * @param verifiedChainId the chain id of the network the light client verifies: a domain
 *   naming another chain is refused.
 * @param version 'v3' refuses arrays (eth_signTypedData_v3).
 * @throws WalletError INVALID_TYPED_DATA (with expected/got for a chain id mismatch).
 * @example
 * ```ts
 * const parsed = parseTypedData(params[1], 1n);
 * showApproval(parsed.preview);
 * const signature = signTypedData(parsed, privateKey);
 * ```
 */
export function parseTypedData(param: unknown, verifiedChainId: bigint, version: TypedDataVersion = 'v4'): ParsedTypedData {
  try {
    const parsed = Object.freeze(new TypedDataEncoder(readTypedData(param), version).parse(verifiedChainId));
    parsedTypedData.add(parsed);
    return parsed;
  } catch (err) {
    if (err instanceof InputError) throw new WalletError('INVALID_TYPED_DATA', err.shortMessage, { cause: err });
    throw err;
  }
}

/** What signing typed data needs from its parse: the digest signed and what the window shows. */
export interface TypedDataDigest {
  /** keccak256(0x19 0x01 ‖ domainSeparator ‖ structHash), 0x-hex. */
  hash: Hex;
  preview: TypedDataPreview;
  /** The approvals it grants when it is a permit (EIP-2612, DAI, Permit2: ./permits.ts); empty otherwise. */
  permits: PermitApproval[];
}

/**
 * parseTypedData's digest and preview, for a signer that does not parse typed data itself (the
 * extension's service worker asks its app host, which runs this).
 * @throws WalletError INVALID_TYPED_DATA; PERMIT_WITHOUT_CHAIN for a permit whose domain names no chain
 */
export function typedDataDigest(param: unknown, verifiedChainId: bigint, version: TypedDataVersion = 'v4'): TypedDataDigest {
  const parsed = parseTypedData(param, verifiedChainId, version);
  const permits = permitsOf(parsed.typedData);
  if (permits.length > 0 && parsed.preview.domain.chainId === undefined) {
    throw new WalletError('PERMIT_WITHOUT_CHAIN', `this ${parsed.preview.primaryType.slice(0, 40)} grants tokens and names no chain in its domain: its signature would be valid on every chain`, {
      expected: `domain.chainId ${verifiedChainId}`,
      got: 'no chainId',
    });
  }
  return { hash: bytesToHex(parsed.hash) as Hex, preview: parsed.preview, permits };
}

/**
 * The 65-byte signature r ‖ s ‖ v (v 27/28) over typed data's digest.
 * @param typed what parseTypedData returned (and the approval window showed); any other object,
 *   such as a structured clone of one from a page, is refused.
 * @throws WalletError INVALID_TYPED_DATA for typed data not parsed here, INVALID_PRIVATE_KEY.
 */
export function signTypedData(typed: ParsedTypedData, privateKey: Uint8Array): Hex {
  if (!parsedTypedData.has(typed)) throw new WalletError('INVALID_TYPED_DATA', 'the typed data was not returned by parseTypedData');
  return signatureHex(typed.hash, privateKey);
}

/**
 * The address whose key made `signature` (65 bytes r ‖ s ‖ v, low s, v 27/28 or 0/1) over typed data.
 * @throws InputError for a malformed signature or one from which no key recovers.
 */
export function recoverTypedDataAddress(typed: ParsedTypedData, signature: unknown): Address {
  return recoverAddress(typed.hash, signature);
}

/**
 * EIP-712 encodeType: `Name(type1 name1,…)` followed by every struct it references, sorted by name.
 * @throws WalletError INVALID_TYPED_DATA for unknown or cyclic types.
 * @example encodeType({ Mail: [{ name: 'from', type: 'Person' }, …], Person: […] }, 'Mail')
 *   // 'Mail(Person from,Person to,string contents)Person(string name,address wallet)'
 */
export function encodeType(types: TypedDataTypes, primaryType: string): string {
  return wrap(() => new TypedDataEncoder({ types, primaryType, domain: {}, message: {} }).encodeType(primaryType));
}

/**
 * EIP-712 hashStruct: keccak256(typeHash ‖ encodeData(value)).
 * @throws WalletError INVALID_TYPED_DATA for unknown types or values not of their type.
 */
export function hashStruct(types: TypedDataTypes, primaryType: string, value: Record<string, unknown>): Uint8Array {
  return wrap(() => new TypedDataEncoder({ types, primaryType, domain: {}, message: {} }).hashStruct(primaryType, value, 'message', 0).hash);
}

function wrap<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof InputError) throw new WalletError('INVALID_TYPED_DATA', err.shortMessage, { cause: err });
    throw err;
  }
}

/** The request's outer shape: JSON text or object with types, primaryType, domain, message. */
function readTypedData(param: unknown): TypedData {
  let value = param;
  if (typeof param === 'string') {
    if (param.length > TYPED_DATA_LIMITS.maxChars) {
      throw new InputError(`typed data expected at most ${TYPED_DATA_LIMITS.maxChars} characters of JSON, got ${param.length}`);
    }
    try {
      value = JSON.parse(param);
    } catch (cause) {
      throw new InputError(`typed data is not JSON: ${cause instanceof Error ? cause.message.slice(0, 120) : 'parse error'}`);
    }
  }
  if (!isObject(value)) throw new InputError(`typed data expected a JSON object, got ${describe(value)}`);
  const types = own(value, 'types');
  if (!isObject(types)) throw new InputError(`"types" expected an object, got ${describe(types)}`);
  const primaryType = own(value, 'primaryType');
  if (typeof primaryType !== 'string') throw new InputError(`"primaryType" expected a string, got ${describe(primaryType)}`);
  const domain = own(value, 'domain');
  if (!isObject(domain)) throw new InputError(`"domain" expected an object, got ${describe(domain)}`);
  const message = own(value, 'message');
  if (primaryType !== 'EIP712Domain' && !isObject(message)) throw new InputError(`"message" expected an object, got ${describe(message)}`);
  return { types: types as TypedDataTypes, primaryType, domain, message: isObject(message) ? message : {} };
}

/** One request's types, checked once; encodes values of them. */
class TypedDataEncoder {
  private readonly types = new Map<string, TypedDataField[]>();
  private readonly fieldTypes = new Map<string, FieldType>();
  private readonly typeHashes = new Map<string, Uint8Array>();
  private readonly data: TypedData;
  private readonly version: TypedDataVersion;
  private values = 0;
  private chars = 0;

  constructor(data: TypedData, version: TypedDataVersion = 'v4') {
    this.data = data;
    this.version = version;
    this.readTypes(data.types, data.domain);
  }

  parse(verifiedChainId: bigint): ParsedTypedData {
    const { primaryType, domain, message } = this.data;
    if (!this.types.has(primaryType)) throw new InputError(`"primaryType" ${quote(primaryType)} is not one of "types"`);
    const d = this.hashStruct('EIP712Domain', domain, 'domain', 0);
    const domainPreview = this.domainPreview(d.preview);
    if (domainPreview.chainId !== undefined && domainPreview.chainId !== verifiedChainId) {
      throw new WalletError('INVALID_TYPED_DATA', 'the typed data is for another chain than the verified network', {
        expected: `chainId ${verifiedChainId}`,
        got: `chainId ${domainPreview.chainId}`,
      });
    }
    const m = primaryType === 'EIP712Domain' ? undefined : this.hashStruct(primaryType, message, 'message', 0);
    const hash = keccak256(concatBytes(Uint8Array.of(0x19, 0x01), d.hash, m?.hash ?? new Uint8Array(0)));
    const fields = m?.preview.kind === 'struct' ? m.preview.fields : [];
    return {
      typedData: { types: Object.fromEntries(this.types), primaryType, domain, message },
      domainSeparator: d.hash,
      structHash: m?.hash,
      hash,
      preview: { primaryType, domain: domainPreview, message: fields },
    };
  }

  // --- types ---------------------------------------------------------------------------------

  private readTypes(types: Record<string, unknown>, domain: Record<string, unknown>): void {
    const names = Object.keys(types);
    if (names.length > TYPED_DATA_LIMITS.maxTypes) {
      throw new InputError(`"types" expected at most ${TYPED_DATA_LIMITS.maxTypes} types, got ${names.length}`);
    }
    for (const name of names) {
      checkName(name, 'type name');
      if (primitiveType(name) !== undefined) throw new InputError(`"types.${name}": a struct may not take the name of a primitive type`);
      const fields = types[name];
      if (!Array.isArray(fields)) throw new InputError(`"types.${name}" expected an array of fields, got ${describe(fields)}`);
      if (fields.length > TYPED_DATA_LIMITS.maxFieldsPerType) {
        throw new InputError(`"types.${name}" expected at most ${TYPED_DATA_LIMITS.maxFieldsPerType} fields, got ${fields.length}`);
      }
      const seen = new Set<string>();
      this.types.set(
        name,
        fields.map((field: unknown, i) => {
          const title = `types.${name}[${i}]`;
          if (!isObject(field)) throw new InputError(`"${title}" expected { name, type }, got ${describe(field)}`);
          const fieldName = own(field, 'name');
          const fieldType = own(field, 'type');
          if (typeof fieldName !== 'string') throw new InputError(`"${title}.name" expected a string, got ${describe(fieldName)}`);
          if (typeof fieldType !== 'string') throw new InputError(`"${title}.type" expected a string, got ${describe(fieldType)}`);
          checkName(fieldName, `${title}.name`);
          if (fieldType.length > TYPED_DATA_LIMITS.maxNameLength) throw new InputError(`"${title}.type" is too long`);
          if (seen.has(fieldName)) throw new InputError(`"types.${name}" has two fields named ${quote(fieldName)}`);
          seen.add(fieldName);
          return { name: fieldName, type: fieldType };
        }),
      );
    }
    this.readDomainType(domain);
    // Every field's type must be known (checked for unused types too: the request is one whole).
    for (const [name, fields] of this.types) for (const f of fields) this.fieldType(f.type, `types.${name}.${f.name}`);
    this.checkAcyclic();
  }

  /** EIP712Domain: given (its fields must be EIP-712's, with their types) or derived from the domain. */
  private readDomainType(domain: Record<string, unknown>): void {
    const keys = Object.keys(domain);
    for (const key of keys) {
      if (!Object.hasOwn(DOMAIN_FIELD_TYPES, key)) throw new InputError(`"domain.${key.slice(0, 40)}" is not an EIP-712 domain field`);
    }
    const declared = this.types.get('EIP712Domain');
    if (declared === undefined) {
      this.types.set(
        'EIP712Domain',
        DOMAIN_FIELD_ORDER.filter((k) => keys.includes(k) && domain[k] !== undefined).map((k) => ({ name: k, type: DOMAIN_FIELD_TYPES[k]! })),
      );
      return;
    }
    for (const f of declared) {
      const expected = Object.hasOwn(DOMAIN_FIELD_TYPES, f.name) ? DOMAIN_FIELD_TYPES[f.name] : undefined;
      if (expected === undefined) throw new InputError(`"types.EIP712Domain" field ${quote(f.name)} is not an EIP-712 domain field`);
      if (f.type !== expected) throw new InputError(`"types.EIP712Domain.${f.name}" expected type ${expected}, got ${quote(f.type)}`);
    }
    // A domain value the type leaves out would be shown but not signed: refused.
    for (const key of keys) {
      if (!declared.some((f) => f.name === key)) throw new InputError(`"domain.${key}" is not declared in "types.EIP712Domain"`);
    }
  }

  private fieldType(type: string, title: string): FieldType {
    const cached = this.fieldTypes.get(type);
    if (cached) return cached;
    let parsed: FieldType;
    const array = ARRAY_SUFFIX.exec(type);
    if (array) {
      const digits = array[1]!;
      const length = digits === '' ? undefined : Number(digits);
      if (length !== undefined && (digits.length > 6 || length < 1 || String(length) !== digits || length > TYPED_DATA_LIMITS.maxArrayLength)) {
        throw new InputError(`"${title}": array length in ${quote(type)} expected 1 to ${TYPED_DATA_LIMITS.maxArrayLength}`);
      }
      const element = type.slice(0, array.index);
      this.fieldType(element, title);
      parsed = { kind: 'array', element, length };
    } else {
      const primitive = primitiveType(type);
      if (primitive) parsed = primitive;
      else if (this.types.has(type)) parsed = { kind: 'struct', name: type };
      else throw new InputError(`"${title}": unknown type ${quote(type)}`);
    }
    this.fieldTypes.set(type, parsed);
    return parsed;
  }

  /** The structs a struct's fields name (array element types included). */
  private directDependencies(name: string): string[] {
    const out: string[] = [];
    for (const f of this.types.get(name) ?? []) {
      let t = this.fieldType(f.type, `types.${name}.${f.name}`);
      while (t.kind === 'array') t = this.fieldType(t.element, `types.${name}.${f.name}`);
      if (t.kind === 'struct' && !out.includes(t.name)) out.push(t.name);
    }
    return out;
  }

  /** Depth-first colouring: a struct met again while it is on the path is a cycle. */
  private checkAcyclic(): void {
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (name: string, path: string[]): void => {
      const s = state.get(name);
      if (s === 'done') return;
      if (s === 'visiting') throw new InputError(`"types" has a cycle: ${[...path, name].join(' → ')}`);
      state.set(name, 'visiting');
      for (const dep of this.directDependencies(name)) visit(dep, [...path, name]);
      state.set(name, 'done');
    };
    for (const name of this.types.keys()) visit(name, []);
  }

  encodeType(primaryType: string): string {
    if (!this.types.has(primaryType)) throw new InputError(`unknown type ${quote(primaryType)}`);
    const deps = new Set<string>();
    const walk = (name: string) => {
      for (const dep of this.directDependencies(name)) {
        if (dep !== primaryType && !deps.has(dep)) {
          deps.add(dep);
          walk(dep);
        }
      }
    };
    walk(primaryType);
    const one = (name: string) => `${name}(${this.types.get(name)!.map((f) => `${f.type} ${f.name}`).join(',')})`;
    return [primaryType, ...[...deps].sort()].map(one).join('');
  }

  private typeHash(name: string): Uint8Array {
    let hash = this.typeHashes.get(name);
    if (!hash) {
      hash = keccak256(new TextEncoder().encode(this.encodeType(name)));
      this.typeHashes.set(name, hash);
    }
    return hash;
  }

  // --- values --------------------------------------------------------------------------------

  hashStruct(name: string, value: unknown, title: string, depth: number): { hash: Uint8Array; preview: TypedValuePreview } {
    if (!this.types.has(name)) throw new InputError(`unknown type ${quote(name)}`);
    if (!isObject(value)) throw new InputError(`"${title}" expected an object of type ${name}, got ${describe(value)}`);
    this.count(title, depth);
    const words: Uint8Array[] = [this.typeHash(name)];
    const fields: TypedFieldPreview[] = [];
    for (const f of this.types.get(name)!) {
      const v = own(value, f.name);
      if (v === undefined || v === null) throw new InputError(`"${title}.${f.name}" is missing (type ${f.type})`);
      const encoded = this.encodeValue(f.type, v, `${title}.${f.name}`, depth + 1);
      words.push(encoded.word);
      fields.push({ name: f.name, value: encoded.preview });
    }
    return { hash: keccak256(concatBytes(...words)), preview: { kind: 'struct', type: name, fields } };
  }

  /** encodeData's 32-byte word for one value, and its preview. */
  private encodeValue(type: string, value: unknown, title: string, depth: number): { word: Uint8Array; preview: TypedValuePreview } {
    const t = this.fieldType(type, title);
    switch (t.kind) {
      case 'struct': {
        const s = this.hashStruct(t.name, value, title, depth);
        return { word: s.hash, preview: s.preview };
      }
      case 'array': {
        if (this.version === 'v3') throw new InputError(`"${title}" is an array (${type}): eth_signTypedData_v3 has none, the site must ask with eth_signTypedData_v4`);
        if (!Array.isArray(value)) throw new InputError(`"${title}" expected an array (${type}), got ${describe(value)}`);
        if (value.length > TYPED_DATA_LIMITS.maxArrayLength) {
          throw new InputError(`"${title}" expected at most ${TYPED_DATA_LIMITS.maxArrayLength} entries, got ${value.length}`);
        }
        if (t.length !== undefined && value.length !== t.length) throw new InputError(`"${title}" expected ${t.length} entries (${type}), got ${value.length}`);
        this.count(title, depth);
        const items = value.map((item, i) => this.encodeValue(t.element, item, `${title}[${i}]`, depth + 1));
        return { word: keccak256(concatBytes(...items.map((i) => i.word))), preview: { kind: 'array', type, items: items.map((i) => i.preview) } };
      }
      default: {
        this.count(title, depth);
        const [word, text] = encodeAtomic(t, type, value, title);
        this.chars += text.length;
        if (this.chars > TYPED_DATA_LIMITS.maxChars) throw new InputError(`typed data values exceed ${TYPED_DATA_LIMITS.maxChars} characters`);
        return { word, preview: { kind: 'value', type, text } };
      }
    }
  }

  private count(title: string, depth: number): void {
    if (++this.values > TYPED_DATA_LIMITS.maxValues) throw new InputError(`typed data has more than ${TYPED_DATA_LIMITS.maxValues} values`);
    if (depth > TYPED_DATA_LIMITS.maxDepth) throw new InputError(`"${title}" is nested deeper than ${TYPED_DATA_LIMITS.maxDepth}`);
  }

  private domainPreview(preview: TypedValuePreview): TypedDomainPreview {
    const text = (name: string) => (preview.kind === 'struct' ? preview.fields.find((f) => f.name === name)?.value : undefined);
    const get = (name: string) => {
      const v = text(name);
      return v?.kind === 'value' ? v.text : undefined;
    };
    const chainId = get('chainId');
    return {
      name: get('name'),
      version: get('version'),
      chainId: chainId === undefined ? undefined : BigInt(chainId),
      verifyingContract: get('verifyingContract') as Address | undefined,
      salt: get('salt') as Hex | undefined,
    };
  }
}

/**
 * EIP-712's atomic and dynamic types: uint8…uint256 and int8…int256 (steps of 8), bool, address,
 * bytes1…bytes32, bytes, string. Solidity's aliases `uint` and `int` are not among them (the
 * type hash would name `uint`, which no contract computes); refused, as viem refuses them.
 */
function primitiveType(type: string): FieldType | undefined {
  if (type === 'bool' || type === 'address' || type === 'bytes' || type === 'string') return { kind: type };
  let m = /^(u?)int([1-9]\d{0,2})$/.exec(type);
  if (m) {
    const bits = Number(m[2]);
    if (bits > 256 || bits % 8 !== 0) return undefined;
    return { kind: m[1] ? 'uint' : 'int', bits };
  }
  m = /^bytes([1-9]\d?)$/.exec(type);
  if (m) {
    const size = Number(m[1]);
    return size <= 32 ? { kind: 'fixedBytes', size } : undefined;
  }
  return undefined;
}

/** One atomic or dynamic value's 32-byte word and its preview text. */
function encodeAtomic(t: FieldType, type: string, value: unknown, title: string): [Uint8Array, string] {
  switch (t.kind) {
    case 'uint':
    case 'int': {
      const v = readInteger(value, title, type);
      const signed = t.kind === 'int';
      const min = signed ? -(1n << BigInt(t.bits - 1)) : 0n;
      const max = signed ? (1n << BigInt(t.bits - 1)) - 1n : (1n << BigInt(t.bits)) - 1n;
      if (v < min || v > max) throw new InputError(`"${title}" is out of range for ${type}: expected ${min} to ${max}, got ${v}`);
      return [bigIntToBytesPadded(v < 0n ? (1n << 256n) + v : v, 32), v.toString()];
    }
    case 'bool':
      if (typeof value !== 'boolean') throw new InputError(`"${title}" expected a boolean, got ${describe(value)}`);
      return [bigIntToBytesPadded(value ? 1n : 0n, 32), String(value)];
    case 'address': {
      const address = parseAddress(value, title);
      const word = new Uint8Array(32);
      word.set(hexToBytes(address, 20), 12);
      return [word, address];
    }
    case 'fixedBytes': {
      const bytes = readBytes(value, title, t.size);
      const word = new Uint8Array(32);
      word.set(bytes);
      return [word, bytesToHex(bytes)];
    }
    case 'bytes': {
      const bytes = readBytes(value, title);
      return [keccak256(bytes), bytesToHex(bytes)];
    }
    case 'string':
      if (typeof value !== 'string') throw new InputError(`"${title}" expected a string, got ${describe(value)}`);
      if (value.length > TYPED_DATA_LIMITS.maxChars) throw new InputError(`"${title}" is longer than ${TYPED_DATA_LIMITS.maxChars} characters`);
      // A lone surrogate has no UTF-8 form: the encoder would sign U+FFFD, not what was shown.
      if (LONE_SURROGATE.test(value)) throw new InputError(`"${title}" is not well-formed Unicode (a lone surrogate)`);
      return [keccak256(new TextEncoder().encode(value)), value];
    default:
      throw new InputError(`"${title}": ${type} is not an atomic type`);
  }
}

/**
 * Integers as wallets receive them: a bigint, a safe-integer number, a decimal string or a
 * `0x` hex string (optionally negative). Anything else (floats, "1e3", blanks) is refused.
 */
function readInteger(value: unknown, title: string, type: string): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new InputError(`"${title}" expected an integer (${type}), got the number ${value}`);
    return BigInt(value);
  }
  if (typeof value === 'string' && value.length <= 80 && /^-?(?:[0-9]+|0x[0-9a-fA-F]+)$/.test(value)) {
    return value.startsWith('-') ? -BigInt(value.slice(1)) : BigInt(value);
  }
  throw new InputError(`"${title}" expected an integer (${type}), got ${describe(value)}`);
}

/** `0x` hex of whole bytes (of `length`, when given), or a Uint8Array. */
function readBytes(value: unknown, title: string, length?: number): Uint8Array {
  if (value instanceof Uint8Array) {
    if (length !== undefined && value.length !== length) throw new InputError(`"${title}" expected ${length} bytes, got ${value.length}`);
    return value;
  }
  if (typeof value === 'string' && value.length > 2 * TYPED_DATA_LIMITS.maxChars + 2) throw new InputError(`"${title}" is too long`);
  return hexToBytes(value, length, title);
}

function checkName(name: string, title: string): void {
  if (name.length > TYPED_DATA_LIMITS.maxNameLength || !IDENTIFIER.test(name)) {
    throw new InputError(`"${title}" expected an identifier, got ${describe(name)}`);
  }
}

/** An own property only: "constructor" or "__proto__" in a message never reads Object.prototype. */
function own(obj: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

function quote(s: string): string {
  return describe(s);
}
