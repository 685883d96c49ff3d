/**
 * A contract call or typed data in words, as its ERC-7730 descriptor says, each field formatted
 * with what Vigil proved (token decimals and symbols by verified call, names verified, block
 * times of verified headers), and held against the simulation's effects: words never replace the
 * effects, and a field that disagrees with them is flagged. Types only.
 * @module
 */

/** One field of the words, formatted, with what its value rests on. */
export interface ClearField {
  /** The descriptor's label ("Amount to Send", "Minimum to Receive", "Beneficiary"). */
  label: string;
  /** As shown: "1 ETH", "1,940 VTA", "alice.eth (0x70…79C8)", "Tue, 1 Jan 2030 00:00 UTC". */
  value: string;
  /** The ERC-7730 format that made it: tokenAmount, amount, addressName, date, duration, raw, … */
  format: string;
  /** The decoded value before formatting (decimal for integers, 0x-hex for bytes and addresses). */
  raw: string;
  /** tokenAmount: the token it is an amount of (lower-case address), or 'native' for amount. */
  asset?: string;
  /** addressName: the address shown (lower-case). */
  address?: string;
  /** Why this field disagrees with the simulated effects, in one sentence; absent when it agrees. */
  flag?: string;
}

/** A part of the sentence: words of the descriptor, or the field at this index of `fields`. */
export type ClearPart = string | { field: number };

/** The words of one call or one typed-data message. */
export interface ClearWords {
  /** The descriptor's intent ("Swap", "Supply", "Authorize spending of tokens"). */
  intent: string;
  /** The descriptor's sentence with its fields in place, when it has one ("Swap {1 ETH} for at least {1,940 VTA}…"). */
  sentence?: ClearPart[];
  fields: ClearField[];
  /** Whose descriptor, and where Vigil has it from ("Uniswap · ERC-7730 registry via micro-eth-signer 0.20.1"). */
  descriptor: { owner?: string; contractName?: string; source: string };
  /** The contract (or EIP-712 verifying contract) and chain it was bound to: the call's own. */
  boundTo: { chainId: number; address: string };
  /**
   * What disagrees with the simulated effects, in words, each once (the fields' flags, and what the
   * words leave out: an asset that leaves the account but no field names). Empty: they agree, or
   * (typed data) nothing was simulated.
   */
  disagreements: string[];
}

/** A batch's calls in words, in its calls' order (null: no descriptor bound to that call's contract), held together against the whole batch's effects (./agree-batch.ts). */
export interface BatchWords {
  calls: (ClearWords | null)[];
  /** The words were held together against the whole batch's effects (every call worded, the run succeeded, every promised token read); false: not held at all. */
  checked: boolean;
  /** What the batch's words and its effects disagree on, each once (the calls' flags, and an asset that leaves unnamed). */
  disagreements: string[];
}
