// The official MCP conformance suite (@modelcontextprotocol/conformance) against /mcp: every server scenario that
// applies to this gateway (a stateless, tools-only server behind Bearer keys) must pass. docs/mcp-conformance.md
// lists the scenarios left out and why.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startBearerProxy, type BearerProxy } from './support/bearer-proxy.js';
import { runServerScenario } from './support/conformance-cli.js';
import { CLIENT_KEY, startGateway, type RunningGateway } from './support/gateway-harness.js';

const APPLICABLE = ['server-initialize', 'ping', 'tools-list', 'logging-set-level', 'dns-rebinding-protection'];

describe('MCP conformance suite, server scenarios', () => {
  let gateway: RunningGateway;
  let proxy: BearerProxy;

  beforeAll(async () => {
    gateway = await startGateway();
    // The CLI cannot send a Bearer key: a loopback proxy adds it and passes Host and Origin unchanged.
    proxy = await startBearerProxy(gateway.url, CLIENT_KEY);
  });
  afterAll(async () => {
    await proxy?.close();
    await gateway?.close();
  });

  it.each(APPLICABLE)('passes %s', async (scenario) => {
    const checks = await runServerScenario(`${proxy.url}/mcp`, scenario);
    const verdicts = checks.filter((check) => check.status !== 'INFO');
    expect(verdicts.length).toBeGreaterThan(0);
    expect(verdicts.filter((check) => check.status !== 'SUCCESS')).toEqual([]);
  }, 60_000);

  it('goes through the gateway authentication: without the key the proxy adds, the same scenario fails', async () => {
    const checks = await runServerScenario(`${gateway.url}/mcp`, 'ping');
    expect(checks.map((check) => check.status)).toContain('FAILURE');
  }, 60_000);
});
