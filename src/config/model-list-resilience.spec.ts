import { describe, expect, it } from '@jest/globals';
import { modelListFromDocument } from './model-list-file.js';

const entry = (extra: Record<string, unknown>): Record<string, unknown> => ({ id: 'x', provider: 'openai', upstream_model: 'm', ...extra });

describe('model list: timeouts and fallbacks', () => {
  it('reads timeout_ms, request_timeout_ms and fallbacks', () => {
    const models = modelListFromDocument({ models: [entry({ timeout_ms: 5000, request_timeout_ms: 20000, fallbacks: ['claude', 'gpt-4o'] })] }, 'f');
    expect(models.find((m) => m.id === 'x')).toMatchObject({ timeout_ms: 5000, request_timeout_ms: 20000, fallbacks: ['claude', 'gpt-4o'] });
  });

  it('leaves them out when not set', () => {
    const model = modelListFromDocument({ models: [entry({})] }, 'f').find((m) => m.id === 'x');
    expect(model).not.toHaveProperty('timeout_ms');
    expect(model).not.toHaveProperty('fallbacks');
  });

  it('lets a built-in gain fallbacks, and a fallback name a model defined later', () => {
    const models = modelListFromDocument({ models: [{ id: 'gpt-4o', fallbacks: ['y'] }, entry({ id: 'y' })] }, 'f');
    expect(models[0]).toMatchObject({ id: 'gpt-4o', provider: 'openai', fallbacks: ['y'] });
  });

  it.each([
    [{ timeout_ms: 0 }, /models\[0\]\.timeout_ms must be a positive integer/],
    [{ timeout_ms: 1.5 }, /models\[0\]\.timeout_ms must be a positive integer/],
    [{ request_timeout_ms: '10s' }, /models\[0\]\.request_timeout_ms must be a positive integer/],
    [{ request_timeout_ms: 3_600_001 }, /models\[0\]\.request_timeout_ms must be at most 3600000/],
    [{ fallbacks: 'claude' }, /models\[0\]\.fallbacks must be a list of model ids/],
    [{ fallbacks: [1] }, /models\[0\]\.fallbacks must be a list of model ids/],
    [{ fallbacks: [''] }, /models\[0\]\.fallbacks must be a list of model ids/],
    [{ fallbacks: ['claude', 'claude'] }, /models\[0\]\.fallbacks names 'claude' twice/],
    [{ fallbacks: ['nope'] }, /model 'x'\.fallbacks names 'nope', which is not in the model list/],
    [{ fallbacks: ['x'] }, /model 'x'\.fallbacks must not name the model itself/],
  ])('%o is refused', (extra, message) => {
    expect(() => modelListFromDocument({ models: [entry(extra)] }, 'f')).toThrow(message);
  });

  it('checks fallbacks against the final list (built-ins dropped)', () => {
    expect(() => modelListFromDocument({ builtin_models: false, models: [entry({ fallbacks: ['claude'] })] }, 'f')).toThrow(
      /names 'claude', which is not in the model list/,
    );
  });
});
