/**
 * What a simulated transaction does, read from the logs it emits: token movements (ERC-20 and
 * ERC-721 Transfer, ERC-1155 TransferSingle/TransferBatch, WETH's Deposit and Withdrawal) and
 * approvals granted or revoked (Approval, ApprovalForAll, Permit2's Approval, Permit and
 * Lockdown). Pure: the logs come from a run of the local EVM over proven state (./simulate.ts).
 *
 * A log is read by its shape, not by who emitted it: an ERC-20 and an ERC-721 Transfer share a
 * topic and differ in where the amount sits (data vs a fourth topic). A log of a known event
 * whose shape is wrong (a contract emitting the topic with other fields) is kept as `unknown`
 * rather than guessed at: the window shows it as an unrecognised event. The logs EIP-7708 has the
 * protocol emit for ether moves (from Amsterdam, emitter {@link EIP7708_EMITTER}) are no token's:
 * they are skipped here, so nothing downstream names that address as a token (ether's moves come
 * from the proven balances).
 *
 * What the user holds is not taken from here: the logs only say which tokens (and token ids) a run
 * touched; their balances are read before and after it (./holdings.ts).
 * @module
 */
import { bytesToBigInt, hexToBytes } from '../core/bytes.ts';
import { eventTopic } from './abi.ts';

/** Permit2, at the same address on every chain (Uniswap's deployment, CREATE2). */
export const PERMIT2_ADDRESS = '0x000000000022d473030f116ddee9f6b43ac78ba3';

/** EIP-7708's emitter of ether Transfer and Burn logs (the system address): no contract can emit from it. */
export const EIP7708_EMITTER = '0xfffffffffffffffffffffffffffffffffffffffe';

const TOPIC = {
  transfer: eventTopic('Transfer(address,address,uint256)'),
  approval: eventTopic('Approval(address,address,uint256)'),
  approvalForAll: eventTopic('ApprovalForAll(address,address,bool)'),
  transferSingle: eventTopic('TransferSingle(address,address,address,uint256,uint256)'),
  transferBatch: eventTopic('TransferBatch(address,address,address,uint256[],uint256[])'),
  deposit: eventTopic('Deposit(address,uint256)'),
  withdrawal: eventTopic('Withdrawal(address,uint256)'),
  permit2Approval: eventTopic('Approval(address,address,address,uint160,uint48)'),
  permit2Permit: eventTopic('Permit(address,address,address,uint160,uint48,uint48)'),
  permit2Lockdown: eventTopic('Lockdown(address,address,address)'),
};

export interface EffectLog {
  address: string;
  topics: readonly string[];
  data: string;
}

/** A token moved: `amount` for fungible ones (ERC-20, ERC-1155), `tokenId` for ERC-721 and ERC-1155. */
export interface TokenMovement {
  standard: 'erc20' | 'erc721' | 'erc1155';
  token: string;
  /** The zero address for a mint (WETH's Deposit is one), the zero address as `to` for a burn. */
  from: string;
  to: string;
  amount?: bigint;
  tokenId?: bigint;
  /** Index of the log it was read from, in the order the run emitted them. */
  logIndex: number;
}

/** An approval set by the run: `amount` 0 (or `approved` false) is a revocation. */
export interface ApprovalChange {
  kind: 'erc20' | 'erc721' | 'operator' | 'permit2';
  /** The token (for Permit2: the token the allowance is of; `via` is Permit2 itself). */
  token: string;
  owner: string;
  spender: string;
  amount?: bigint;
  tokenId?: bigint;
  approved?: boolean;
  /** Permit2: seconds since the epoch after which the allowance is void. */
  expiration?: bigint;
  via?: string;
  logIndex: number;
}

export interface Effects {
  movements: TokenMovement[];
  approvals: ApprovalChange[];
  /** Logs of no event read here, or of a known topic with a shape that does not fit it. */
  unknown: number[];
}

export const ZERO_ADDRESS = '0x0000000000000000000000000000000000000000';

/** The effects of a run's logs, in log order (EIP-7708's ether logs left out: they are no token's). */
export function decodeEffects(logs: readonly EffectLog[]): Effects {
  const out: Effects = { movements: [], approvals: [], unknown: [] };
  logs.forEach((log, i) => {
    if (log.address.toLowerCase() === EIP7708_EMITTER) return;
    if (!readLog(log, i, out)) out.unknown.push(i);
  });
  return out;
}

function readLog(log: EffectLog, i: number, out: Effects): boolean {
  const address = log.address.toLowerCase();
  const topics = log.topics.map((t) => t.toLowerCase());
  const data = hexToBytes(log.data, undefined, 'log data');
  const t0 = topics[0];
  const word = (k: number) => bytesToBigInt(data.subarray(32 * k, 32 * k + 32));
  const words = (n: number) => data.length === 32 * n;
  switch (t0) {
    case TOPIC.transfer:
      if (topics.length === 3 && words(1) && isAddressTopic(topics[1]) && isAddressTopic(topics[2])) {
        out.movements.push({ standard: 'erc20', token: address, from: addr(topics[1]!), to: addr(topics[2]!), amount: word(0), logIndex: i });
        return true;
      }
      if (topics.length === 4 && data.length === 0 && isAddressTopic(topics[1]) && isAddressTopic(topics[2])) {
        out.movements.push({ standard: 'erc721', token: address, from: addr(topics[1]!), to: addr(topics[2]!), tokenId: BigInt(topics[3]!), logIndex: i });
        return true;
      }
      return false;
    case TOPIC.approval:
      if (topics.length === 3 && words(1) && isAddressTopic(topics[1]) && isAddressTopic(topics[2])) {
        out.approvals.push({ kind: 'erc20', token: address, owner: addr(topics[1]!), spender: addr(topics[2]!), amount: word(0), logIndex: i });
        return true;
      }
      if (topics.length === 4 && data.length === 0 && isAddressTopic(topics[1]) && isAddressTopic(topics[2])) {
        out.approvals.push({ kind: 'erc721', token: address, owner: addr(topics[1]!), spender: addr(topics[2]!), tokenId: BigInt(topics[3]!), logIndex: i });
        return true;
      }
      return false;
    case TOPIC.approvalForAll:
      if (topics.length === 3 && words(1) && isAddressTopic(topics[1]) && isAddressTopic(topics[2]) && word(0) <= 1n) {
        out.approvals.push({ kind: 'operator', token: address, owner: addr(topics[1]!), spender: addr(topics[2]!), approved: word(0) === 1n, logIndex: i });
        return true;
      }
      return false;
    case TOPIC.transferSingle:
      if (topics.length === 4 && words(2) && topics.slice(1).every(isAddressTopic)) {
        out.movements.push({ standard: 'erc1155', token: address, from: addr(topics[2]!), to: addr(topics[3]!), tokenId: word(0), amount: word(1), logIndex: i });
        return true;
      }
      return false;
    case TOPIC.transferBatch:
      return topics.length === 4 && topics.slice(1).every(isAddressTopic) && readBatch(address, addr(topics[2]!), addr(topics[3]!), data, i, out);
    case TOPIC.deposit:
      if (topics.length === 2 && words(1) && isAddressTopic(topics[1])) {
        out.movements.push({ standard: 'erc20', token: address, from: ZERO_ADDRESS, to: addr(topics[1]!), amount: word(0), logIndex: i });
        return true;
      }
      return false;
    case TOPIC.withdrawal:
      if (topics.length === 2 && words(1) && isAddressTopic(topics[1])) {
        out.movements.push({ standard: 'erc20', token: address, from: addr(topics[1]!), to: ZERO_ADDRESS, amount: word(0), logIndex: i });
        return true;
      }
      return false;
    case TOPIC.permit2Approval:
    case TOPIC.permit2Permit: {
      const n = t0 === TOPIC.permit2Approval ? 2 : 3;
      if (address !== PERMIT2_ADDRESS || topics.length !== 4 || !words(n) || !topics.slice(1).every(isAddressTopic)) return false;
      if (word(0) >> 160n !== 0n || word(1) >> 48n !== 0n) return false;
      out.approvals.push({ kind: 'permit2', token: addr(topics[2]!), owner: addr(topics[1]!), spender: addr(topics[3]!), amount: word(0), expiration: word(1), via: PERMIT2_ADDRESS, logIndex: i });
      return true;
    }
    case TOPIC.permit2Lockdown:
      if (address !== PERMIT2_ADDRESS || topics.length !== 2 || !words(2) || !isAddressTopic(topics[1]) || word(0) >> 160n !== 0n || word(1) >> 160n !== 0n) return false;
      out.approvals.push({ kind: 'permit2', token: wordAddress(word(0)), owner: addr(topics[1]!), spender: wordAddress(word(1)), amount: 0n, expiration: 0n, via: PERMIT2_ADDRESS, logIndex: i });
      return true;
    default:
      return false;
  }
}

/** TransferBatch's data: abi.encode(uint256[] ids, uint256[] values), of equal lengths. */
function readBatch(token: string, from: string, to: string, data: Uint8Array, i: number, out: Effects): boolean {
  const word = (offset: number): bigint | undefined => (offset + 32 <= data.length ? bytesToBigInt(data.subarray(offset, offset + 32)) : undefined);
  const array = (head: number): bigint[] | undefined => {
    const at = word(head);
    if (at === undefined || at > BigInt(data.length)) return undefined;
    const length = word(Number(at));
    if (length === undefined || length > BigInt((data.length - Number(at)) / 32)) return undefined;
    const values: bigint[] = [];
    for (let k = 0; k < Number(length); k++) values.push(word(Number(at) + 32 + 32 * k)!);
    return values;
  };
  const ids = array(0);
  const values = array(32);
  if (ids === undefined || values === undefined || ids.length !== values.length) return false;
  ids.forEach((tokenId, k) => out.movements.push({ standard: 'erc1155', token, from, to, tokenId, amount: values[k]!, logIndex: i }));
  return true;
}

const isAddressTopic = (topic: string | undefined): boolean => topic !== undefined && /^0x0{24}[0-9a-f]{40}$/.test(topic);
const addr = (topic: string): string => `0x${topic.slice(26)}`;
const wordAddress = (w: bigint): string => `0x${w.toString(16).padStart(40, '0')}`;
