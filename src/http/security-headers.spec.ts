import { describe, expect, it } from '@jest/globals';
import { securityHeaders } from './security-headers.js';

describe('securityHeaders', () => {
  const headers = new Map(securityHeaders().map(([name, value]) => [name.toLowerCase(), value]));

  it('forbids framing and sniffing', () => {
    expect(headers.get('x-frame-options')).toBe('DENY');
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('cross-origin-resource-policy')).toBe('same-origin');
  });

  it('carries the API CSP, without upgrading to https', () => {
    const csp = headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).not.toContain('upgrade-insecure-requests');
  });
});
