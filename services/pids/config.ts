/** The PID provider the configuration names (DOI_PROVIDER, DOI_PREFIX, DOI_SUFFIX_PATTERN, DATACITE_*). */
import type { Config } from '../config.js';
import { DataCitePidProvider } from './datacite-pid-provider.js';
import { LocalPidProvider } from './local-pid-provider.js';
import type { PidProvider } from './pid-provider.js';

export function pidProviderFromConfig(config: Pick<Config, 'doiProvider' | 'doiPrefix' | 'doiSuffixPattern' | 'datacite'>): PidProvider {
  const naming = { prefix: config.doiPrefix, suffixPattern: config.doiSuffixPattern };
  if (config.doiProvider === 'datacite' && config.datacite) return new DataCitePidProvider({ ...config.datacite, ...naming });
  return new LocalPidProvider(naming);
}
