/**
 * Typed data (EIP-712) requests as dApps send them: EIP-712's own Mail example, an EIP-2612
 * permit (USDC's domain), and a nested request reaching every kind of field (struct arrays,
 * fixed arrays of arrays, signed integers, bytes, a salt). Shared by the typed-data tests and the
 * fuzz campaign's seeds.
 */
export const MAIL = {
  types: {
    EIP712Domain: [
      { name: 'name', type: 'string' },
      { name: 'version', type: 'string' },
      { name: 'chainId', type: 'uint256' },
      { name: 'verifyingContract', type: 'address' },
    ],
    Person: [
      { name: 'name', type: 'string' },
      { name: 'wallet', type: 'address' },
    ],
    Mail: [
      { name: 'from', type: 'Person' },
      { name: 'to', type: 'Person' },
      { name: 'contents', type: 'string' },
    ],
  },
  primaryType: 'Mail',
  domain: { name: 'Ether Mail', version: '1', chainId: 1, verifyingContract: '0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC' },
  message: {
    from: { name: 'Cow', wallet: '0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826' },
    to: { name: 'Bob', wallet: '0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB' },
    contents: 'Hello, Bob!',
  },
};

export const PERMIT = {
  types: {
    EIP712Domain: [
      { name: 'name', type: 'string' },
      { name: 'version', type: 'string' },
      { name: 'chainId', type: 'uint256' },
      { name: 'verifyingContract', type: 'address' },
    ],
    Permit: [
      { name: 'owner', type: 'address' },
      { name: 'spender', type: 'address' },
      { name: 'value', type: 'uint256' },
      { name: 'nonce', type: 'uint256' },
      { name: 'deadline', type: 'uint256' },
    ],
  },
  primaryType: 'Permit',
  domain: { name: 'USD Coin', version: '2', chainId: 1, verifyingContract: '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48' },
  message: {
    owner: '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
    spender: '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359',
    value: (1n << 256n) - 1n,
    nonce: 0n,
    deadline: 1_900_000_000n,
  },
};

export const NESTED = {
  types: {
    EIP712Domain: [
      { name: 'name', type: 'string' },
      { name: 'chainId', type: 'uint256' },
      { name: 'salt', type: 'bytes32' },
    ],
    Group: [
      { name: 'title', type: 'string' },
      { name: 'members', type: 'Person[]' },
      { name: 'matrix', type: 'int16[2][]' },
      { name: 'teams', type: 'Person[][1]' },
      { name: 'flags', type: 'bool[]' },
      { name: 'blob', type: 'bytes' },
    ],
    Person: [
      { name: 'name', type: 'string' },
      { name: 'wallets', type: 'address[]' },
      { name: 'tags', type: 'bytes32[]' },
      { name: 'home', type: 'Place' },
    ],
    Place: [
      { name: 'lat', type: 'int64' },
      { name: 'code', type: 'bytes3' },
    ],
  },
  primaryType: 'Group',
  domain: { name: 'Nested', chainId: 11155111n, salt: '0x' + 'ab'.repeat(32) },
  message: {
    title: 'Ω team',
    members: [
      { name: 'Ann', wallets: ['0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed'], tags: ['0x' + '01'.repeat(32)], home: { lat: -5n, code: '0x414243' } },
      { name: 'Bo', wallets: [], tags: [], home: { lat: 9_000_000_000n, code: '0x000000' } },
    ],
    matrix: [[1n, -2n], [32767n, -32768n]],
    teams: [[{ name: 'Cy', wallets: [], tags: [], home: { lat: 0n, code: '0xffffff' } }]],
    flags: [true, false],
    blob: '0xdeadbeef',
  },
};
