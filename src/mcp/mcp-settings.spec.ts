import { describe, expect, it } from '@jest/globals';
import { ConfigError } from '../config/config-error.js';
import { parseMcpSettings } from './mcp-settings.js';

describe('parseMcpSettings', () => {
  it('defaults to no allowed origin and a progress notification every second', () => {
    const settings = parseMcpSettings({});
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
    expect(parseMcpSettings({}, host).loopbackOnly).toBe(expected);
  });

  it('normalises origins the way browsers send them', () => {
    const settings = parseMcpSettings({ MCP_ALLOWED_ORIGINS: ' https://App.Example.com:443 ,http://localhost:6274/, ' });
    expect([...settings.allowedOrigins]).toEqual(['https://app.example.com', 'http://localhost:6274']);
  });

  it.each([
    ['app.example.com', 'must be an origin like'],
    ['ftp://files.example.com', 'must be an http(s) origin'],
    ['https://app.example.com/mcp', 'must be only scheme://host[:port]'],
    ['https://user:pw@app.example.com', 'must be only scheme://host[:port]'],
    ['*', 'must be an origin like'],
  ])('refuses MCP_ALLOWED_ORIGINS=%s, naming the variable', (value, message) => {
    expect(() => parseMcpSettings({ MCP_ALLOWED_ORIGINS: value })).toThrow(ConfigError);
    expect(() => parseMcpSettings({ MCP_ALLOWED_ORIGINS: value })).toThrow(`MCP_ALLOWED_ORIGINS entry 1 ${message}`);
  });

  it('bounds MCP_PROGRESS_INTERVAL_MS', () => {
    expect(parseMcpSettings({ MCP_PROGRESS_INTERVAL_MS: '250' }).progressIntervalMs).toBe(250);
    expect(() => parseMcpSettings({ MCP_PROGRESS_INTERVAL_MS: '10' })).toThrow('MCP_PROGRESS_INTERVAL_MS must be between 50 and 60000');
  });
});
