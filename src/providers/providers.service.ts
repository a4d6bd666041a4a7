import { Inject, Injectable } from '@nestjs/common';
import { ApiError } from '../common/api-error.js';
import { CONFIG, type GatewayConfig } from '../config/gateway-config.js';
import type { ModelEntry } from '../config/model-entry.js';
import { applyParameterRules } from './parameter-rules.js';
import type { CompletionRequest, CompletionResult, ProbeRequest, ProviderCapabilities, ProviderContext, ProviderDefinition, UpstreamRequest } from './provider-definition.js';
import { KeyRejectionWarning } from '../observability/key-rejection-warning.js';
import { readUpstream, readUpstreamWith, type UpstreamAnswer } from './read-upstream.js';
import type { EmbeddingRequest, EmbeddingResult } from './embeddings.js';
import type { PassthroughRequest } from './passthrough.js';
import { isRecord } from '../common/json.js';
import { capabilitiesOf, checkCapabilities, checkRequest } from './request-checks.js';
import { readBody, readErrorBody } from './transport/read-body.js';
import { UpstreamTransport } from './transport/upstream-transport.js';
import { openUpstreamStream, type UpstreamStream } from './upstream-stream.js';

/** The answer for a model whose provider credentials are not configured (also the documented 503 example). */
export function modelUnavailable(modelId: string, variable: string): ApiError {
  return new ApiError(503, `Model '${modelId}' is unavailable: the gateway has no ${variable} configured.`, 'service_unavailable');
}

/** A provider call that passed every check: each `attempt` is one upstream request and fails only upstream. */
export interface PreparedCall {
  label: string;
  attempt(signal: AbortSignal): Promise<CompletionResult>;
  /** The streaming attempt (docs/streaming.md); absent when the provider cannot stream. */
  openStream?: (signal: AbortSignal) => Promise<UpstreamStream>;
}

/** An embeddings call that passed every check: each `attempt` is one upstream request. */
export interface PreparedEmbedding {
  label: string;
  attempt(signal: AbortSignal): Promise<EmbeddingResult>;
}

/** The registry's definitions, run over the transport: checks first, then one request per attempt. */
@Injectable()
export class ProvidersService {
  private readonly maxResponseBytes: number;
  private readonly maxImageBytes: number;
  private readonly keyRejections = new KeyRejectionWarning();

  constructor(
    @Inject(CONFIG) private readonly config: GatewayConfig,
    private readonly transport: UpstreamTransport,
  ) {
    this.maxResponseBytes = config.upstream.maxResponseBytes;
    this.maxImageBytes = config.upstream.maxImageBytes;
  }

  definitionFor(model: ModelEntry): ProviderDefinition {
    return this.config.providers.registry.get(model.provider);
  }

  /** The environment variable that is missing for this model, or undefined when it can be called. */
  missingCredential(model: ModelEntry): string | undefined {
    const credential = this.definitionFor(model).credential(model, this.context(model));
    return credential !== undefined && !credential.value ? credential.env : undefined;
  }

  /** The environment variable holding this model's provider credential, or undefined when it needs none. */
  credentialVariable(model: ModelEntry): string | undefined {
    return this.definitionFor(model).credential(model, this.context(model))?.env;
  }

  /** What the model can take (its model-list flags, else its provider's defaults): GET /v1/models shows it. */
  capabilitiesOf(model: ModelEntry): ProviderCapabilities {
    return capabilitiesOf(model, this.definitionFor(model).capabilities);
  }

  /** The model-listing request that probes this model's upstream (GET /health/providers). */
  probeFor(model: ModelEntry): ProbeRequest {
    return this.definitionFor(model).probe(model, this.context(model));
  }

  /**
   * Everything that can refuse a request without calling the upstream (credentials, the model's capabilities,
   * tool-call arguments, images, the model's limit, the provider's parameter rules), as ApiErrors thrown here,
   * before any attempt.
   */
  prepare(model: ModelEntry, request: CompletionRequest): PreparedCall {
    const context = this.context(model);
    const missing = this.missingCredential(model);
    if (missing !== undefined) {
      throw modelUnavailable(model.id, missing);
    }
    if (model.mode === 'embedding') {
      throw ApiError.invalid(`Model '${model.id}' is an embedding model: use it with POST /openai/v1/embeddings.`, 'model');
    }
    const { definition, upstream } = this.upstreamRequest(model, request, context);
    const credential = definition.credential(model, context);
    const secret = credential?.value;
    const transform = definition.stream;
    const streamRequest = transform && { ...upstream, headers: { ...upstream.headers, accept: 'text/event-stream' }, body: transform.streamingBody(upstream.body) };
    return {
      label: definition.label,
      ...(transform && streamRequest && {
        openStream: (signal: AbortSignal) =>
          openUpstreamStream(this.transport, { definition, transform, request: streamRequest, asked: request, secret, maxBytes: this.maxResponseBytes }, signal),
      }),
      attempt: async (signal) => {
        const answer = await this.answer(definition, upstream, signal);
        return this.checked(definition, credential?.env, () => readUpstream(definition, answer, request, secret));
      },
    };
  }

  /**
   * An embeddings call (docs/embeddings.md): only for a `mode: embedding` model of a provider with an `embed` slot
   * (any other model is a 400 naming it, its provider never called), with the same credential check as chat.
   */
  prepareEmbedding(model: ModelEntry, request: EmbeddingRequest): PreparedEmbedding {
    const definition = this.definitionFor(model);
    const slot = definition.embed;
    if (model.mode !== 'embedding' || !slot) {
      throw ApiError.invalid(`Model '${model.id}' is not an embedding model: use a model with mode 'embedding' (docs/embeddings.md).`, 'model');
    }
    const context = this.context(model);
    const missing = this.missingCredential(model);
    if (missing !== undefined) throw modelUnavailable(model.id, missing);
    const upstream = slot.buildRequest(model, request, context);
    const credential = definition.credential(model, context);
    return {
      label: definition.label,
      attempt: async (signal) => {
        const answer = await this.answer(definition, upstream, signal);
        return this.checked(definition, credential?.env, () => readUpstreamWith(definition, answer, slot.readResult, credential?.value));
      },
    };
  }

  /**
   * The provider's own count of a pass-through request's input tokens (Anthropic's count_tokens): one request, no
   * retries, nothing billed; undefined when the model's provider has none.
   */
  async countTokens(model: ModelEntry, request: PassthroughRequest, signal: AbortSignal): Promise<Record<string, unknown> | undefined> {
    const definition = this.definitionFor(model);
    const slot = definition.passthrough;
    if (slot?.format !== request.format || !slot.countTokens) return undefined;
    const context = this.context(model);
    const missing = this.missingCredential(model);
    if (missing !== undefined) throw modelUnavailable(model.id, missing);
    const answer = await this.answer(definition, slot.countTokens(model, request, context), signal);
    const read = (body: unknown): Record<string, unknown> | string => (isRecord(body) && typeof body.input_tokens === 'number' ? body : 'no input_tokens');
    return this.checked(definition, definition.credential(model, context)?.env, () => readUpstreamWith(definition, answer, read, definition.credential(model, context)?.value));
  }

  /** One request, its body read within UPSTREAM_MAX_RESPONSE_BYTES (error bodies only in part). */
  private async answer(definition: ProviderDefinition, upstream: UpstreamRequest, signal: AbortSignal): Promise<UpstreamAnswer> {
    const reply = await this.transport.send(definition.label, upstream, signal);
    const body =
      reply.status >= 400
        ? await readErrorBody(definition.label, reply, this.maxResponseBytes, signal)
        : { text: await readBody(definition.label, reply, this.maxResponseBytes, signal), cut: false };
    return { status: reply.status, headers: reply.headers, ...body };
  }

  /** Reads an answer, warning once when the upstream rejects the gateway's own key. */
  private checked<T>(definition: ProviderDefinition, variable: string | undefined, read: () => T): T {
    try {
      return read();
    } catch (error) {
      this.keyRejections.check(error, definition.label, variable);
      throw error;
    }
  }

  /**
   * The request in the provider's format: the client's own when the provider takes its format as sent (the
   * definition then reads answers with its pass-through slot), else translated through the parameter rules.
   */
  private upstreamRequest(model: ModelEntry, request: CompletionRequest, context: ProviderContext): { definition: ProviderDefinition; upstream: UpstreamRequest } {
    const definition = this.definitionFor(model);
    const { passthrough } = request;
    const slot = passthrough && definition.passthrough?.format === passthrough.format ? definition.passthrough : undefined;
    if (passthrough && slot) {
      // The model's own limit and capability flags hold as sent too: they are the operator's, not the provider's.
      applyParameterRules(definition.parameters, model, { messages: [], max_tokens: request.max_tokens });
      if (passthrough.needs) checkCapabilities(model, definition.capabilities, passthrough.needs);
      return { definition: { ...definition, readResult: slot.readResult, stream: slot.stream }, upstream: slot.buildRequest(model, passthrough, context) };
    }
    if (passthrough?.untranslatable) throw passthrough.untranslatable;
    checkRequest(model, definition.capabilities, request, this.maxImageBytes);
    const params = applyParameterRules(definition.parameters, model, request);
    return { definition, upstream: definition.buildRequest(model, request, params, context) };
  }

  private context(model: ModelEntry): ProviderContext {
    return { settings: this.config.providers.settings[model.provider] ?? {}, env: this.config.modelKeys };
  }
}
