import { describe, expect, it } from '@jest/globals';
import { listenError } from './listen-error.js';

const failure = (code: string): NodeJS.ErrnoException => Object.assign(new Error(`listen ${code}`), { code });

describe('listenError', () => {
  it('names PORT when it is taken or not allowed', () => {
    expect(listenError(failure('EADDRINUSE'), '0.0.0.0', 3000)?.message).toBe('PORT 3000 is already in use (another process listens there: stop it, or set another PORT)');
    expect(listenError(failure('EACCES'), '0.0.0.0', 80)?.message).toMatch(/^PORT 80 cannot be used: permission denied/);
  });

  it('names HOST when it is not an address of this machine', () => {
    expect(listenError(failure('EADDRNOTAVAIL'), '10.255.255.1', 3000)?.message).toMatch(/^HOST 10\.255\.255\.1 is not an address of this machine/);
  });

  it('leaves any other failure to crash as it is', () => {
    expect(listenError(failure('EMFILE'), '0.0.0.0', 3000)).toBeUndefined();
    expect(listenError(new Error('boom'), '0.0.0.0', 3000)).toBeUndefined();
  });
});
