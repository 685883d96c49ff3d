/**
 * Per-origin state of the provider: who asked what. Today every origin may read (reads are
 * public chain data, verified); the record is where connection grants and account permissions
 * go when the wallet exists.
 * @module
 */

export interface OriginRecord {
  origin: string;
  firstSeen: number;
  lastSeen: number;
  requests: number;
  /** Accounts this origin may see. Always empty until the wallet exists. */
  accounts: string[];
}

export class OriginRegistry {
  private readonly records = new Map<string, OriginRecord>();

  constructor(private readonly now: () => number = Date.now) {}

  /** The record of `origin`, created on first sight; counts the request. */
  touch(origin: string): OriginRecord {
    const t = this.now();
    let r = this.records.get(origin);
    if (r === undefined) {
      r = { origin, firstSeen: t, lastSeen: t, requests: 0, accounts: [] };
      this.records.set(origin, r);
    }
    r.lastSeen = t;
    r.requests++;
    return r;
  }

  get(origin: string): OriginRecord | undefined {
    return this.records.get(origin);
  }

  /** Accounts `origin` is allowed to see. */
  accounts(origin: string): string[] {
    return [...(this.records.get(origin)?.accounts ?? [])];
  }

  list(): OriginRecord[] {
    return [...this.records.values()].map((r) => ({ ...r, accounts: [...r.accounts] }));
  }
}
