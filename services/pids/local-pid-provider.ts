/**
 * Mints DOIs under a configured prefix (default 10.5072, DataCite's retired test prefix that never
 * resolves publicly) with no registration agency: this repository resolves them itself at
 * `/doi/{doi}`. A minted DOI is `registered` with that local resolver only.
 */
import { formatDoi, type PidProvider, type PidValue } from './pid-provider.js';

export interface LocalPidProviderConfig {
  /** e.g. `10.5072` */
  readonly prefix: string;
  /** e.g. `cairn.{id}` */
  readonly suffixPattern: string;
}

export class LocalPidProvider implements PidProvider {
  readonly name = 'local';
  readonly #c: LocalPidProviderConfig;
  constructor(config: LocalPidProviderConfig) {
    this.#c = Object.freeze({ ...config });
  }

  doiFor(id: string): string {
    return formatDoi(this.#c.prefix, this.#c.suffixPattern, id);
  }

  mint(id: string, purpose: 'reserve' | 'publish'): PidValue {
    return { identifier: this.doiFor(id), provider: this.name, status: purpose === 'reserve' ? 'reserved' : 'registered' };
  }
}
