/**
 * The one EIP-7702 delegate Vigil pins: eth-infinitism's Simple7702Account.
 *
 * Source: npm package @account-abstraction/contracts 0.8.0 (tarball
 * account-abstraction-contracts-0.8.0.tgz, integrity
 * sha512-8krPx/gpnoT+5xAroagVCbeA7FbUigMZWXFKKPm+oghyr29Dksssdx5sI7xGv9212i4JPaDDUGFk58dpuwVgHA==,
 * shasum 7633687d95a331fa6ba0aa788e9384308b00539c), file artifacts/Simple7702Account.json
 * (hh-sol-artifact-1, sourceName contracts/accounts/Simple7702Account.sol; the package's own
 * accounts/Simple7702Account.sol is its source), field deployedBytecode: 3,639 bytes.
 *
 * The runtime code has no immutables and no link references: the EntryPoint v0.8 address
 * (0x4337084D9E255Ff0702461CF8895CE9E3b5Ff108) is a constant returned by its pure `entryPoint()`,
 * so it is in the bytecode itself and the hash below is that of the code as every deployment of
 * the artifact runs it. test/fixtures/wallet/simple7702account-0.8.0.hex holds the bytecode and
 * test/unit/wallet/eip7702.test.ts recomputes the hash from it.
 * @module
 */
import type { KnownDelegate } from './eip7702.ts';

export const SIMPLE_7702_ACCOUNT: KnownDelegate = {
  name: 'Simple7702Account (eth-infinitism, v0.8.0)',
  codeHash: '0xcc7b633aef4b2543cb8f37522adf1a401f910f0f6b2430c1eecc11f401ccfcf3',
};

/** The delegates Vigil knows; any other is an unknown delegate. */
export const PINNED_DELEGATES: readonly KnownDelegate[] = [SIMPLE_7702_ACCOUNT];
