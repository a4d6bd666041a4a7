import { describe, expect, it } from '@jest/globals';
import { ConfigError } from './config-error.js';
import { loadMcpSettings } from './mcp-settings.js';

describe('loadMcpSettings', () => {
  it('defaults to no allowed origin and a progress notification every second', () => {
    const settings = loadMcpSettings({});
    expect([...settings.allowedOrigins]).toEqual([]);
    expect(settings.progressIntervalMs).toBe(1000);
    expect(settings.loopbackOnly).toBe(false);
  });

  it.each([
    ['127.0.0.1', true],
    ['::1', true],
    ['localhost', true],
    ['0.0.0.0', false],
    ['::', false],
    ['10.0.0.5', false],
  ])('HOST=%s listens on loopback only: %s', (host, expected) => {
    expect(loadMcpSettings({}, host).loopbackOnly).toBe(expected);
  });

  it('normalises origins the way browsers send them', () => {
    const settings = loadMcpSettings({ MCP_ALLOWED_ORIGINS: ' https://App.Example.com:443 ,http://localhost:6274/, ' });
    expect([...settings.allowedOrigins]).toEqual(['https://app.example.com', 'http://localhost:6274']);
  });

  it.each([
    ['app.example.com', 'must be an origin like'],
    ['ftp://files.example.com', 'must be an http(s) origin'],
    ['https://app.example.com/mcp', 'must be only scheme://host[:port]'],
    ['https://user:pw@app.example.com', 'must be only scheme://host[:port]'],
    ['*', 'must be an origin like'],
  ])('refuses MCP_ALLOWED_ORIGINS=%s, naming the variable', (value, message) => {
    expect(() => loadMcpSettings({ MCP_ALLOWED_ORIGINS: value })).toThrow(ConfigError);
    expect(() => loadMcpSettings({ MCP_ALLOWED_ORIGINS: value })).toThrow(`MCP_ALLOWED_ORIGINS entry 1 ${message}`);
  });

  it('bounds MCP_PROGRESS_INTERVAL_MS', () => {
    expect(loadMcpSettings({ MCP_PROGRESS_INTERVAL_MS: '250' }).progressIntervalMs).toBe(250);
    expect(() => loadMcpSettings({ MCP_PROGRESS_INTERVAL_MS: '10' })).toThrow('MCP_PROGRESS_INTERVAL_MS must be between 50 and 60000');
  });
});
