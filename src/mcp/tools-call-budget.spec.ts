import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { bridgeNestForCommonJs } from '../../test/support/nest-esm-bridge.js';
import type { GatewayConfig } from '../config/gateway-config.js';
import { MemoryWindowStore } from '../rate-limit/memory-window-store.js';
import { loadRateLimitSettings } from '../config/rate-limit-settings.js';

bridgeNestForCommonJs();
const { RateLimitService } = await import('../rate-limit/rate-limit.service.js');
const { ToolsCallBudgets, spendCall } = await import('./tools-call-budget.js');

const call = (id: number): Record<string, unknown> => ({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'list_models' } });

describe('ToolsCallBudgets', () => {
  let store: MemoryWindowStore;
  let rateLimits: InstanceType<typeof RateLimitService>;
  let budgets: InstanceType<typeof ToolsCallBudgets>;

  beforeEach(() => {
    store = new MemoryWindowStore();
    const config = { rateLimit: loadRateLimitSettings({ AUTH_FAILURE_LIMIT: '1' }, []) } as unknown as GatewayConfig;
    rateLimits = new RateLimitService(config, { throttlers: [{ name: 'burst', ttl: 60_000, limit: 9 }], storage: store }, store);
    budgets = new ToolsCallBudgets(rateLimits);
  });
  afterEach(() => store.close());

  it('admits the calls the budget has room for; the others get the rate-limit refusal', async () => {
    const { budget, headers, refusal } = await budgets.reserve('127.0.0.1', 'key', Array.from({ length: 12 }, (_, i) => call(i + 1)));
    expect(refusal).toBeUndefined();
    expect(headers).toMatchObject({ 'X-RateLimit-Remaining': '0', 'Retry-After': '60' });
    const outcomes = Array.from({ length: 12 }, () => spendCall(budget));
    expect(outcomes.slice(0, 9)).toEqual(Array(9).fill(undefined));
    for (const error of outcomes.slice(9)) expect(error).toMatchObject({ status: 429, message: expect.stringMatching(/^Rate limit exceeded for this API key: 9 requests per 60 s/) });
  });

  it('counts every message, notifications, tools/list and the handshake included, with the usual headers', async () => {
    const messages = [{ jsonrpc: '2.0', method: 'tools/call' }, { jsonrpc: '2.0', id: 1, method: 'tools/list' }, { jsonrpc: '2.0', id: 2, method: 'initialize' }];
    const { budget, headers, refusal } = await budgets.reserve('127.0.0.1', 'key', messages);
    expect(refusal).toBeUndefined();
    expect(budget.left).toBe(0);
    expect(headers).toMatchObject({ 'X-RateLimit-Limit': '9', 'X-RateLimit-Remaining': '6' });
    expect((await budgets.reserve('127.0.0.1', 'key', [call(1)])).headers['X-RateLimit-Remaining']).toBe('5');
  });

  it('refuses a free request whole (429 with Retry-After) once the budget is spent', async () => {
    await budgets.reserve('127.0.0.1', 'key', Array.from({ length: 9 }, (_, i) => call(i + 1)));
    const { refusal, headers } = await budgets.reserve('127.0.0.1', 'key', [{ jsonrpc: '2.0', id: 1, method: 'tools/list' }]);
    expect(refusal).toMatchObject({ status: 429 });
    expect(headers).toMatchObject({ 'X-RateLimit-Remaining': '0', 'Retry-After': '60' });
  });

  it('pays the other messages of a batch first, the calls get what is left', async () => {
    const batch = [{ jsonrpc: '2.0', id: 0, method: 'tools/list' }, ...Array.from({ length: 10 }, (_, i) => call(i + 1))];
    const { budget, refusal } = await budgets.reserve('127.0.0.1', 'key', batch);
    expect(refusal).toBeUndefined();
    expect(budget.left).toBe(8);
  });

  it('refuses the whole request from an address past its failed-authentication limit', async () => {
    await rateLimits.authFailure('127.0.0.7', true);
    const { budget, refusal } = await budgets.reserve('127.0.0.7', 'key', [call(1)]);
    expect(refusal).toMatchObject({ status: 429, message: expect.stringMatching(/^Too many failed authentication attempts/) });
    expect(budget.left).toBe(0);
    expect((await budgets.reserve('127.0.0.1', 'key', [call(1)])).headers['X-RateLimit-Remaining']).toBe('8');
  });
});
