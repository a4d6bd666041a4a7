import { describe, expect, it } from '@jest/globals';
import { loadResponsesSettings } from './responses-settings.js';

describe('loadResponsesSettings', () => {
  it('defaults: auto store, 30 days, 1000 responses and 64 MiB in memory', () => {
    expect(loadResponsesSettings({})).toEqual({ store: 'auto', ttlMs: 30 * 24 * 3600 * 1000, memoryMaxResponses: 1000, memoryMaxBytes: 64 * 1024 * 1024 });
  });

  it('reads the variables, and refuses bad values naming the variable', () => {
    expect(loadResponsesSettings({ RESPONSES_STORE: 'off', RESPONSES_TTL_SECONDS: '60', RESPONSES_MEMORY_MAX: '5' })).toMatchObject({ store: 'off', ttlMs: 60_000, memoryMaxResponses: 5 });
    expect(() => loadResponsesSettings({ RESPONSES_STORE: 'redis' })).toThrow(/RESPONSES_STORE/);
    expect(() => loadResponsesSettings({ RESPONSES_TTL_SECONDS: '0' })).toThrow(/RESPONSES_TTL_SECONDS/);
    expect(() => loadResponsesSettings({ RESPONSES_MEMORY_MAX_BYTES: '10' })).toThrow(/RESPONSES_MEMORY_MAX_BYTES/);
  });
});
