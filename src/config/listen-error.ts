import { ConfigError } from './config-error.js';

/**
 * Why the server could not listen, as a configuration error naming PORT or HOST; undefined for anything else (a
 * real crash). Node's errors carry the system code: EADDRINUSE, EACCES (a port below 1024 without the right),
 * EADDRNOTAVAIL and ENOTFOUND (a HOST this machine does not have).
 */
export function listenError(error: unknown, host: string, port: number): ConfigError | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'EADDRINUSE':
      return new ConfigError(`PORT ${port} is already in use (another process listens there: stop it, or set another PORT)`);
    case 'EACCES':
      return new ConfigError(`PORT ${port} cannot be used: permission denied (ports below 1024 need privileges; choose another PORT)`);
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return new ConfigError(`HOST ${host} is not an address of this machine (${code}); use 0.0.0.0 for every interface or 127.0.0.1`);
    default:
      return undefined;
  }
}
