/**
 * A local devnet's own tokens, from its well-known object to the saved profile (as its routers
 * travel: ./routers.test.ts): parsed strictly (a bounded list of `{ address, symbol }`, each address
 * 20 bytes, each symbol one the token rule keeps; anything else an InputError naming the field),
 * carried through the "Add network" preview into the user's own network, never onto a network
 * Vigil ships (refused on the way in, dropped from stored settings), and kept across the settings
 * form's edits.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../../src/core/errors.ts';
import { localDevnetObject, parseLocalDevnet } from '../../../../src/client/network/local-devnet.ts';
import { profileOf } from '../../../../src/client/network/preview.ts';
import { checkTokens, MAX_NETWORK_TOKENS } from '../../../../src/client/network/own-network.ts';
import { applyEdit, checkSettings, defaultSettings, profileFromReady } from '../../../../src/client/network/settings.ts';
import { NETWORKS } from '../../../../src/l1/networks.ts';
import { ready, wellKnown } from './devnet-objects.ts';

/** Demo token A as `vigil devnet --contracts` deploys it (checksummed, as a server might write it). */
const VTA = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const vta = VTA.toLowerCase();
const WETH = '0xcf7ed3acca5a467e9e704c703e8d87f634fb0fc9';
const TOKENS = [{ address: VTA, symbol: 'VTA' }, { address: WETH, symbol: 'WETH' }];
const LISTED = [{ address: vta, symbol: 'VTA' }, { address: WETH, symbol: 'WETH' }];
const nth = (i: number) => '0x' + (i + 1).toString(16).padStart(40, '0');

/** Junk a loopback server might serve as its tokens, each refused. */
const JUNK: [string, unknown][] = [
  ['not an array', { address: vta, symbol: 'VTA' }],
  ['a bare address', [vta]],
  ['no symbol', [{ address: vta }]],
  ['a numeric symbol', [{ address: vta, symbol: 5 }]],
  ['no address', [{ symbol: 'VTA' }]],
  ['19 bytes', [{ address: '0x' + 'ab'.repeat(19), symbol: 'VTA' }]],
  ['21 bytes', [{ address: '0x' + 'ab'.repeat(21), symbol: 'VTA' }]],
  ['no 0x', [{ address: vta.slice(2), symbol: 'VTA' }]],
  ['not hex', [{ address: '0x' + 'zz'.repeat(20), symbol: 'VTA' }]],
  ['an address named twice', [{ address: VTA, symbol: 'VTA' }, { address: vta, symbol: 'USDC' }]],
  ['too many', Array.from({ length: MAX_NETWORK_TOKENS + 1 }, (_, i) => ({ address: nth(i), symbol: `T${i}` }))],
];

/** Symbols that would make text read as other text, each refused by the token rule (src/core/token-rules.ts). */
const HOSTILE_SYMBOLS: [string, string][] = [
  ['a right-to-left override', 'USD\u202eC'],
  ['a zero-width space', 'US\u200bDC'],
  ['a new line', 'ETH\nUSDC'],
  ['a line separator', 'VTA\u2028'],
  ['a NUL', 'VTA\u0000'],
  ['a private-use character', '\ue000VTA'],
  ['a leading space', ' USDC'],
  ['the empty string', ''],
  ['twelve characters', 'ABCDEFGHIJKL'],
  ['a megabyte', 'A'.repeat(1 << 20)],
];

describe("the local devnet's tokens", () => {
  it('are read from the well-known object, lower-cased; none given is none', () => {
    expect(parseLocalDevnet(wellKnown({ tokens: TOKENS })).tokens).toEqual(LISTED);
    expect(parseLocalDevnet(wellKnown()).tokens).toEqual([]);
    // What the devnet serves reads back as it was made.
    const served = localDevnetObject({ chainId: 31337, beaconApi: 'http://127.0.0.1:5052', executionRpc: 'http://127.0.0.1:8545', tokens: TOKENS });
    expect(served.tokens).toEqual(LISTED);
    expect(parseLocalDevnet(JSON.parse(JSON.stringify(served)))).toEqual(served);
  });

  it('keep only the address and the symbol of each', () => {
    expect(checkTokens([{ address: VTA, symbol: 'VTA', decimals: 18, name: 'Vigil Token A', logoURI: 'http://x' }])).toEqual([{ address: vta, symbol: 'VTA' }]);
  });

  it.each(JUNK)('refuse %s with an InputError naming the field', (_, tokens) => {
    expect(() => parseLocalDevnet(wellKnown({ tokens }))).toThrow(InputError);
    expect(() => parseLocalDevnet(wellKnown({ tokens }))).toThrow(/tokens/);
  });

  it.each(HOSTILE_SYMBOLS)('refuse a symbol with %s', (_, symbol) => {
    expect(() => parseLocalDevnet(wellKnown({ tokens: [{ address: vta, symbol }] }))).toThrow(InputError);
    expect(() => checkTokens([{ address: vta, symbol }])).toThrow(/"tokens\[0\]\.symbol": the symbol/);
  });

  it('allow as many as the bound, and a symbol the rule keeps (a non-Latin one included)', () => {
    const many = Array.from({ length: MAX_NETWORK_TOKENS }, (_, i) => ({ address: nth(i), symbol: `T${i}` }));
    expect(checkTokens(many)).toEqual(many);
    expect(checkTokens([{ address: vta, symbol: 'UNI-V2' }, { address: WETH, symbol: 'ミーム' }])).toEqual([{ address: vta, symbol: 'UNI-V2' }, { address: WETH, symbol: 'ミーム' }]);
  });
});

describe('tokens in network profiles', () => {
  it("keep the devnet's tokens in its profile, from the ready object and from an Add network preview", () => {
    expect(profileFromReady(ready({ tokens: TOKENS })).tokens).toEqual(LISTED);
    expect(profileFromReady(ready())).not.toHaveProperty('tokens');
    expect(profileFromReady(ready({ tokens: [] }))).not.toHaveProperty('tokens');
    const preview = { id: 'devnet', label: 'Devnet', chainId: 31337, network: { ...NETWORKS.mainnet, CONFIG_NAME: 'devnet' }, beaconApi: 'http://127.0.0.1:5052', executionRpc: null, rollups: [], routers: [], tokens: TOKENS };
    expect(profileOf(preview, 'preview').tokens).toEqual(LISTED);
    expect(() => profileOf({ ...preview, tokens: TOKENS[0] }, 'preview')).toThrow(InputError);
    expect(() => profileOf({ ...preview, tokens: [{ address: '0x1234', symbol: 'VTA' }] }, 'preview')).toThrow(InputError);
    expect(() => profileOf({ ...preview, tokens: [{ address: vta, symbol: 'USD\u202eC' }] }, 'preview')).toThrow(/network\.tokens\[0\]\.symbol/);
  });

  it.each(JUNK)('refuse %s in a ready object', (_, tokens) => {
    expect(() => profileFromReady(ready({ tokens }))).toThrow(InputError);
  });

  it('are refused on a network Vigil ships: its list is its own', () => {
    expect(() => profileFromReady(ready({ tokens: TOKENS }, 'mainnet'))).toThrow(/"network\.tokens": .*only your own network/);
    const preview = { id: 'sepolia', label: 'Sepolia', chainId: 11155111, network: NETWORKS.sepolia, beaconApi: 'http://127.0.0.1:5052', executionRpc: null, rollups: [], routers: [], tokens: TOKENS };
    expect(() => profileOf(preview, 'preview')).toThrow(/only your own network/);
    // Without a list, mainnet's ready object still makes a profile.
    expect(profileFromReady(ready({}, 'mainnet')).id).toBe('mainnet');
  });

  it("stored: kept on the user's network (and through the settings form's edits), dropped from a shipped one or when they no longer check", () => {
    const devnet = profileFromReady(ready({ tokens: TOKENS }));
    const base = defaultSettings();
    const stored = JSON.parse(JSON.stringify({ ...base, current: 'devnet', profiles: { ...base.profiles, devnet, mainnet: { ...base.profiles.mainnet!, tokens: LISTED }, hoodi: { ...base.profiles.hoodi!, tokens: LISTED } } }));
    const settings = checkSettings(stored);
    expect(settings.profiles.devnet!.tokens).toEqual(LISTED);
    expect(settings.profiles.mainnet).not.toHaveProperty('tokens');
    expect(settings.profiles.hoodi).not.toHaveProperty('tokens');
    expect(applyEdit(settings, { id: 'devnet', checkpoint: '' }).profiles.devnet!.tokens).toEqual(LISTED);
    for (const junk of [[{ address: vta, symbol: 'VT\u202eA' }], [{ address: '0x12', symbol: 'VTA' }], 'VTA']) {
      const kept = checkSettings({ ...stored, profiles: { ...stored.profiles, devnet: { ...stored.profiles.devnet, tokens: junk } } });
      expect(kept.profiles.devnet).toBeDefined();
      expect(kept.profiles.devnet).not.toHaveProperty('tokens');
    }
  });
});

describe("a devnet object's tokens, anything a loopback server may serve (property)", () => {
  const hostile = fc.constantFrom<unknown>(Object.create(null), { toString: 5 }, Symbol('s'), [{ toString: null }]);
  const value = fc.oneof(fc.anything(), hostile, fc.constantFrom('0x' + '5f'.repeat(20), 'VTA', 'ΕΤΗ', ''));
  const entry = fc.oneof(value, fc.record({ address: value, symbol: value }, { requiredKeys: [] }));

  it('checkTokens answers checked tokens or throws InputError, never another error', () => {
    fc.assert(
      fc.property(fc.oneof(value, fc.array(entry, { maxLength: MAX_NETWORK_TOKENS + 2 })), (raw) => {
        let tokens: ReturnType<typeof checkTokens> | undefined;
        try {
          tokens = checkTokens(raw);
        } catch (err) {
          expect(err).toBeInstanceOf(InputError);
          return;
        }
        expect(tokens.length).toBeLessThanOrEqual(MAX_NETWORK_TOKENS);
        for (const t of tokens) expect(t.address).toMatch(/^0x[0-9a-f]{40}$/);
        expect(new Set(tokens.map((t) => t.address)).size).toBe(tokens.length);
      }),
      { numRuns: 2000 },
    );
  });
});
