import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { mapUpstreamFailure } from '../providers/upstream-errors.js';
import { KEY_REJECTION_WARN_INTERVAL_MS, KeyRejectionWarning } from './key-rejection-warning.js';

describe('KeyRejectionWarning', () => {
  let warnings: string[];
  beforeEach(() => {
    warnings = [];
    jest.spyOn(Logger.prototype, 'warn').mockImplementation((message: unknown) => {
      warnings.push(String(message));
    });
  });
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('warns on upstream 401 and 403 naming provider, status and variable; other failures are not about the key', () => {
    const warning = new KeyRejectionWarning();
    warning.check(mapUpstreamFailure({ provider: 'OpenAI', status: 401 }), 'OpenAI', 'OPENAI_API_KEY');
    warning.check(mapUpstreamFailure({ provider: 'Anthropic', status: 403 }), 'Anthropic', 'ANTHROPIC_API_KEY');
    warning.check(mapUpstreamFailure({ provider: 'OpenAI', status: 500 }), 'OpenAI', 'OPENAI_API_KEY');
    warning.check(new Error('not an upstream error'), 'OpenAI', 'OPENAI_API_KEY');
    expect(warnings).toEqual([
      "OpenAI rejected the gateway's API key (status 401): check OPENAI_API_KEY",
      "Anthropic rejected the gateway's API key (status 403): check ANTHROPIC_API_KEY",
    ]);
  });

  it('at most one warning per variable a minute, the next one counting the ones left out', () => {
    let now = 0;
    const warning = new KeyRejectionWarning(() => now);
    const rejected = mapUpstreamFailure({ provider: 'OpenAI', status: 401 });
    for (let i = 0; i < 5; i++) warning.check(rejected, 'OpenAI', 'OPENAI_API_KEY');
    now += KEY_REJECTION_WARN_INTERVAL_MS;
    warning.check(rejected, 'OpenAI', 'OPENAI_API_KEY');
    warning.check(rejected, 'Local', undefined);
    expect(warnings).toEqual([
      "OpenAI rejected the gateway's API key (status 401): check OPENAI_API_KEY",
      "OpenAI rejected the gateway's API key (status 401): check OPENAI_API_KEY (4 more since the last warning)",
      "Local rejected the gateway's API key (status 401): it is called without an API key; check its configuration",
    ]);
  });
});
