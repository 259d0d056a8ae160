import { ConfigError } from '@spendguard/server-core';
import { loadFindingsConfig } from './findings-config';

describe('findings configuration', () => {
  it('claims hold 30 minutes unless CLAIM_TTL_MINUTES says otherwise', () => {
    expect(loadFindingsConfig({})).toEqual({ claimTtlMinutes: 30 });
    expect(loadFindingsConfig({ CLAIM_TTL_MINUTES: '5' })).toEqual({ claimTtlMinutes: 5 });
  });

  it('refuses a claim time that is not a positive whole number of minutes', () => {
    for (const bad of ['0', '-3', '2.5', 'soon', '100000']) {
      expect(() => loadFindingsConfig({ CLAIM_TTL_MINUTES: bad })).toThrow(ConfigError);
    }
  });
});
