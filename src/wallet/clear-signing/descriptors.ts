/**
 * ERC-7730 descriptors the public registry (at the commit micro-eth-signer 0.20.1 ships) lacks for
 * the networks Vigil signs on (Ethereum, Sepolia; Vigil signs no contract call on a rollup), written
 * here from each protocol's published ABI and deployment addresses (facts), each with its source in
 * `metadata.info.url`. File names start with `vigil/`.
 * - ENS's ETHRegistrarController (the 2023 one, `controller.ens.eth`): the registry has only ENS's
 *   governor and token. Its register/renew/commit ABI is the ens-contracts repository's
 *   (contracts/ethregistrar/ETHRegistrarController.sol at that deployment). The newer controller
 *   (0x59E16fcC…, 2025, a Registration struct) is not described here.
 * - Seaport 1.6's OrderComponents: the registry's OpenSea file is Wyvern 2.3's order (2018).
 *   The struct and domain ("Seaport", "1.6") are Seaport's (ProjectOpenSea/seaport, reference
 *   ConsiderationTypeHashes), the address its deterministic one, the same on every chain.
 * @module
 */
import type { ClearSigDef } from 'micro-eth-signer/clearsig.js';

const ENS_DEPLOYMENTS = 'https://docs.ens.domains/learn/deployments';
const SEAPORT_SOURCE = 'https://github.com/ProjectOpenSea/seaport (Seaport 1.6 deployments)';
const SEAPORT = '0x0000000000000068f116a894984e2db1123eb395';
/** The zero address stands for ether in a Seaport item (itemType 0). */
const NATIVE = ['0x0000000000000000000000000000000000000000'];

export const VIGIL_DESCRIPTORS: Record<string, ClearSigDef> = {
  'vigil/ens/calldata-ETHRegistrarController.json': {
    context: {
      $id: 'ENS ETHRegistrarController',
      contract: {
        deployments: [
          { chainId: 1, address: '0x253553366da8546fc250f225fe3d25d0c782303b' },
          { chainId: 11155111, address: '0xfed6a969aaa60e4961fcd3ebf1a2e8913ac65b72' },
        ],
      },
    },
    metadata: { owner: 'ENS', contractName: 'ETHRegistrarController', info: { url: ENS_DEPLOYMENTS } },
    display: {
      formats: {
        'register(string name, address owner, uint256 duration, bytes32 secret, address resolver, bytes[] data, bool reverseRecord, uint16 ownerControlledFuses)': {
          intent: 'Register an ENS name',
          interpolatedIntent: 'Register {name}.eth for {duration}, paying at most {@.value}',
          fields: [
            { path: 'name', label: 'Name', format: 'raw' },
            { path: 'owner', label: 'Owner', format: 'addressName', params: { types: ['eoa', 'wallet'], sources: ['local', 'ens'] } },
            { path: 'duration', label: 'Duration', format: 'duration' },
            { path: '@.value', label: 'Paying at most', format: 'amount' },
            { path: 'resolver', label: 'Resolver', format: 'addressName', params: { types: ['contract'], sources: ['local'] } },
            { path: 'reverseRecord', label: 'Set as primary name', format: 'raw' },
            { path: 'secret', label: 'Secret', visible: 'never' },
            { path: 'data', label: 'Records', visible: 'never' },
            { path: 'ownerControlledFuses', label: 'Fuses', format: 'raw' },
          ],
        },
        'renew(string name, uint256 duration)': {
          intent: 'Renew an ENS name',
          interpolatedIntent: 'Renew {name}.eth for {duration}, paying at most {@.value}',
          fields: [
            { path: 'name', label: 'Name', format: 'raw' },
            { path: 'duration', label: 'Duration', format: 'duration' },
            { path: '@.value', label: 'Paying at most', format: 'amount' },
          ],
        },
        'commit(bytes32 commitment)': {
          intent: 'Commit to register an ENS name',
          fields: [{ path: 'commitment', label: 'Commitment', format: 'raw' }],
        },
      },
    },
  },
  'vigil/opensea/eip712-seaport-1.6.json': {
    context: {
      eip712: {
        deployments: [
          { chainId: 1, address: SEAPORT },
          { chainId: 11155111, address: SEAPORT },
        ],
        domain: { name: 'Seaport', version: '1.6' },
      },
    },
    metadata: { owner: 'OpenSea', contractName: 'Seaport 1.6', info: { url: SEAPORT_SOURCE } },
    display: {
      formats: {
        'OrderComponents(address offerer,address zone,OfferItem[] offer,ConsiderationItem[] consideration,uint8 orderType,uint256 startTime,uint256 endTime,bytes32 zoneHash,uint256 salt,bytes32 conduitKey,uint256 counter)ConsiderationItem(uint8 itemType,address token,uint256 identifierOrCriteria,uint256 startAmount,uint256 endAmount,address recipient)OfferItem(uint8 itemType,address token,uint256 identifierOrCriteria,uint256 startAmount,uint256 endAmount)': {
          intent: 'Sign a Seaport order',
          fields: [
            { path: 'offerer', label: 'Offerer', format: 'addressName', params: { types: ['eoa', 'wallet'], sources: ['local', 'ens'] } },
            { path: 'offer.[].startAmount', label: 'You give', format: 'tokenAmount', params: { tokenPath: 'offer.[].token', nativeCurrencyAddress: NATIVE } },
            { path: 'offer.[].identifierOrCriteria', label: 'Token id given', format: 'raw' },
            { path: 'consideration.[].startAmount', label: 'In return, paid', format: 'tokenAmount', params: { tokenPath: 'consideration.[].token', nativeCurrencyAddress: NATIVE } },
            { path: 'consideration.[].recipient', label: 'Paid to', format: 'addressName', params: { types: ['eoa', 'wallet', 'contract'], sources: ['local', 'ens'] } },
            { path: 'startTime', label: 'Valid from', format: 'date', params: { encoding: 'timestamp' } },
            { path: 'endTime', label: 'Valid until', format: 'date', params: { encoding: 'timestamp' } },
            { path: 'zone', label: 'Zone', format: 'raw' },
            { path: 'conduitKey', label: 'Conduit key', format: 'raw' },
          ],
        },
      },
    },
  },
};
