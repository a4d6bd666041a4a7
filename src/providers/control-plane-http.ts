import type { HttpService } from '@nestjs/axios';

/**
 * The control plane's HTTP client (provider probes): `@nestjs/axios`'s HttpService over axios's default instance,
 * what `HttpModule` would provide. Imported on the first probe, not at start: axios is about 2 MB of heap and
 * no REST request uses it (docs/decisions/0005-lazy-modules.md).
 */
export const CONTROL_PLANE_HTTP = Symbol('CONTROL_PLANE_HTTP');

/** Answers the one HttpService, importing @nestjs/axios and axios on the first call. */
export type ControlPlaneHttp = () => Promise<HttpService>;

let loading: Promise<HttpService> | undefined;

export const loadControlPlaneHttp: ControlPlaneHttp = () => {
  loading ??= Promise.all([import('@nestjs/axios'), import('axios')]).then(([{ HttpService }, axios]) => new HttpService(axios.default));
  return loading;
};
