import { Inject, Injectable } from '@nestjs/common';
import { firstValueFrom } from 'rxjs';
import { CONFIG, type GatewayConfig } from '../config/gateway-config.js';
import type { ProbeRequest } from '../providers/provider-definition.js';
import { CONTROL_PLANE_HTTP, type ControlPlaneHttp } from '../providers/control-plane-http.js';
import { ProvidersService } from '../providers/providers.service.js';

/** One upstream as GET /health/providers reports it. Never a key: only the URL probed and what came back. */
export interface ProviderProbe {
  provider: string;
  url: string;
  /** The configured models served by this upstream. */
  models: string[];
  /** False when the key is missing: no call is made. */
  configured: boolean;
  /** An HTTP answer came back (whatever its status). */
  reachable: boolean;
  /** The answer was a 2xx: reachable and the key accepted. */
  ok: boolean;
  status: number | null;
  latency_ms: number | null;
  /** Why there was no HTTP answer (timeout, refused...), or why there was no call. */
  error: string | null;
}

export interface ProbeReport {
  checked_at: string;
  providers: ProviderProbe[];
}

/** Results are reused this long: the route needs a key but must not become a way to hammer upstreams. */
export const PROBE_CACHE_MS = 30_000;
export const PROBE_TIMEOUT_MS = 5_000;

interface Target {
  provider: string;
  models: string[];
  request: ProbeRequest;
  /** The variables whose absence leaves this upstream without a key. */
  missing: string[];
}

/**
 * Probes each configured upstream's model listing through HttpService (the control plane's axios client, not the
 * completion transport), one request per distinct URL, all at once. One probe runs at a time: concurrent callers
 * share it, and its report is served for PROBE_CACHE_MS after it finished.
 */
@Injectable()
export class ProviderProbesService {
  private inFlight: Promise<ProbeReport> | undefined;
  private cached: { at: number; report: ProbeReport } | undefined;

  constructor(
    @Inject(CONFIG) private readonly config: GatewayConfig,
    private readonly providers: ProvidersService,
    @Inject(CONTROL_PLANE_HTTP) private readonly http: ControlPlaneHttp,
  ) {}

  report(now = Date.now()): Promise<ProbeReport> {
    if (this.cached && now - this.cached.at < PROBE_CACHE_MS) return Promise.resolve(this.cached.report);
    this.inFlight ??= this.probeAll().then(
      (report) => {
        this.cached = { at: Date.now(), report };
        return report;
      },
    ).finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async probeAll(): Promise<ProbeReport> {
    const checkedAt = new Date().toISOString();
    return { checked_at: checkedAt, providers: await Promise.all(this.targets().map((target) => this.probe(target))) };
  }

  /** One target per provider and URL; a model without its key still names the URL it would probe. */
  private targets(): Target[] {
    const byUrl = new Map<string, Target>();
    for (const model of this.config.models) {
      const request = this.providers.probeFor(model);
      const id = `${model.provider} ${request.url}`;
      const target = byUrl.get(id) ?? { provider: model.provider, models: [], request, missing: [] };
      target.models.push(model.id);
      const missing = this.providers.missingCredential(model);
      if (missing !== undefined && !target.missing.includes(missing)) target.missing.push(missing);
      byUrl.set(id, target);
    }
    return [...byUrl.values()];
  }

  private async probe(target: Target): Promise<ProviderProbe> {
    const base = { provider: target.provider, url: target.request.url, models: target.models };
    if (target.missing.length > 0) {
      const error = `not configured: ${target.missing.join(', ')} is not set`;
      return { ...base, configured: false, reachable: false, ok: false, status: null, latency_ms: null, error };
    }
    // The client is imported on the first probe (control-plane-http.ts), before the clock starts.
    const http = await this.http();
    const { isAxiosError } = await import('axios');
    const started = performance.now();
    try {
      const reply = await firstValueFrom(
        http.get<string>(target.request.url, {
          headers: target.request.headers,
          timeout: PROBE_TIMEOUT_MS,
          responseType: 'text',
          maxContentLength: 1024 * 1024,
          maxRedirects: 0,
          validateStatus: () => true,
        }),
      );
      const ok = reply.status >= 200 && reply.status < 300;
      return { ...base, configured: true, reachable: true, ok, status: reply.status, latency_ms: Math.round(performance.now() - started), error: null };
    } catch (error) {
      const code = isAxiosError(error) ? (error.code ?? 'network error') : 'probe failed';
      const reason = code === 'ECONNABORTED' || code === 'ETIMEDOUT' ? `no answer within ${PROBE_TIMEOUT_MS} ms` : code;
      return { ...base, configured: true, reachable: false, ok: false, status: null, latency_ms: Math.round(performance.now() - started), error: reason };
    }
  }
}
