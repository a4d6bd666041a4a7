import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { ClientIdentity } from '../auth/authenticated-request.js';
import { KeyPolicy } from '../teams/key-policy.service.js';
import type { CallToolResult, McpServer, ServerContext, StandardSchemaWithJSON } from '@modelcontextprotocol/server';
import { ApiError } from '../common/api-error.js';
import { validateBody } from '../common/validate-body.js';
import { CompletionsService } from '../completions/completions.service.js';
import { CompleteRequestDto } from '../completions/dto/complete-request.dto.js';
import { CONFIG, type GatewayConfig } from '../config/gateway-config.js';
import { ModelsService } from '../models/models.service.js';
import { advertisedOnly } from './advertised-schema.js';
import { upstreamNotices, type ClientLog } from './client-log.js';
import { callerOf } from './mcp-caller.js';
import type { McpServerSdk } from './mcp-sdk.js';
import { MCP_SETTINGS, type McpSettings } from './mcp-settings.js';
import { listOf } from './provider-text.js';
import { refuseStreamArgument, streamedCompletion } from './streamed-completion.js';
import { spendCall } from './tools-call-budget.js';
import { completeInputSchema, completeOutputSchema, listModelsOutputSchema } from './tool-schemas.js';
import { INTERNAL_TOOL_ERROR, toolError } from './tool-result.js';

/** The `complete` tool's description, naming the providers of the configured models. */
export function completeDescription(providerLabels: readonly string[]): string {
  return `Generate text with one of this gateway's language models (from ${listOf(providerLabels)}). `
  + 'Send the whole prompt: the model sees nothing else. The result is the generated text, with structured data '
  + 'holding the finish reason and token usage. Call list_models first to pick a model and learn its '
  + 'max_output_tokens. A failure (bad argument, provider error, rate limit) comes back as an error result whose '
  + 'text says what to change.';
}

const LIST_MODELS_DESCRIPTION =
  'List the models this gateway serves: id (the value for the `model` argument of complete), description, '
  + 'provider, max_output_tokens, and available (false means complete fails for that model until the gateway is '
  + 'configured for it). Takes no arguments.';

/**
 * The MCP tools, `complete` and `list_models`: thin wrappers over the services behind POST /v1/complete and
 * GET /v1/models, with the same validation and the same error messages. Registered on every server instance the
 * SDK asks for (one per HTTP request, one per stdio connection).
 */
@Injectable()
export class GatewayTools {
  private readonly logger = new Logger('Mcp');
  /**
   * The tools' schemas, built from the DTOs on the first server instance (with the SDK's fromJsonSchema for the
   * outputs): a gateway nobody calls over MCP never builds them.
   */
  private schemas?: { completeInput: StandardSchemaWithJSON<unknown>; completeOutput: StandardSchemaWithJSON<unknown>; listModelsOutput: StandardSchemaWithJSON<unknown> };
  private readonly completeText: string;
  private readonly maxJsonDepth: number;

  constructor(
    private readonly completions: CompletionsService,
    private readonly models: ModelsService,
    @Inject(CONFIG) private readonly config: GatewayConfig,
    @Inject(MCP_SETTINGS) private readonly settings: McpSettings,
    @Optional() private readonly policy?: KeyPolicy,
  ) {
    const { registry } = config.providers;
    const labels = registry.definitions.filter((d) => config.models.some((m) => m.provider === d.kind)).map((d) => d.label);
    this.completeText = completeDescription(labels);
    this.maxJsonDepth = config.maxJsonDepth;
  }

  /** `logFor` gives the log function (notifications/message) for one request on this server. */
  registerOn(server: McpServer, logFor: (ctx: ServerContext) => ClientLog, sdk: McpServerSdk): void {
    const { models, providers: { registry } } = this.config;
    const schemas = (this.schemas ??= {
      completeInput: advertisedOnly(completeInputSchema(models, registry)),
      completeOutput: sdk.fromJsonSchema(completeOutputSchema()),
      listModelsOutput: sdk.fromJsonSchema(listModelsOutputSchema(registry)),
    });
    server.registerTool(
      'complete',
      {
        title: 'Complete a prompt',
        description: this.completeText,
        inputSchema: schemas.completeInput,
        outputSchema: schemas.completeOutput,
        // Changes nothing anywhere, but calls a provider outside the gateway, and sampling varies between calls.
        annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: false, openWorldHint: true },
      },
      (args, ctx) => this.run('complete', ctx, logFor(ctx), (signal, log) => this.complete(args, ctx, signal, log)),
    );
    server.registerTool(
      'list_models',
      {
        title: 'List models',
        description: LIST_MODELS_DESCRIPTION,
        outputSchema: schemas.listModelsOutput,
        annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
      },
      (ctx) => this.run('list_models', ctx, logFor(ctx), async () => this.listModels(callerOf(ctx)?.client)),
    );
  }

  private async complete(args: unknown, ctx: ServerContext, signal: AbortSignal, log: ClientLog): Promise<CallToolResult> {
    refuseStreamArgument(args);
    const dto = validateBody(CompleteRequestDto, args, this.maxJsonDepth);
    const progressMs = this.settings.progressIntervalMs;
    const caller = callerOf(ctx);
    const { result, attempts } = await streamedCompletion(this.completions, dto, ctx, signal, progressMs, upstreamNotices(log), caller?.facts, caller?.client);
    if (attempts > 1) this.logger.log(`tools/call complete: served by '${result.served_by}' after ${attempts} attempts`);
    return {
      content: [{ type: 'text', text: result.choices.map((choice) => choice.text).join('') }],
      // The REST `data`, field for field.
      structuredContent: { ...result },
    };
  }

  private listModels(client?: ClientIdentity): CallToolResult {
    const models = this.policy ? this.policy.visibleModels(client, this.models.list().models) : this.models.list().models;
    return { content: [{ type: 'text', text: JSON.stringify(models) }], structuredContent: models };
  }

  /**
   * One tool call: the rate-limit refusal decided by the endpoint, cancellation (ctx.mcpReq.signal: the client's
   * notifications/cancelled, or its closed stream), ApiError → error result, one log line.
   */
  private async run(
    tool: string,
    ctx: ServerContext,
    log: ClientLog,
    work: (signal: AbortSignal, log: ClientLog) => Promise<CallToolResult>,
  ): Promise<CallToolResult> {
    const caller = callerOf(ctx);
    const started = Date.now();
    const signal = ctx.mcpReq.signal;
    let outcome = 'ok';
    try {
      const refusal = caller?.budget ? spendCall(caller.budget) : undefined;
      if (refusal) throw refusal;
      return await work(signal, log);
    } catch (error) {
      if (error instanceof ApiError) {
        outcome = signal.aborted ? 'cancelled' : `${error.status} ${error.type}`;
        caller?.facts?.failed(error.type);
        if (!signal.aborted) log(error.status >= 500 ? 'error' : 'warning', error.message, { tool, status: error.status, type: error.type });
        return toolError(error);
      }
      outcome = '500 internal_error';
      const failure = error instanceof Error ? error : new Error(String(error));
      this.logger.error(`tools/call ${tool} failed: ${failure.message}`, failure.stack);
      return toolError(INTERNAL_TOOL_ERROR);
    } finally {
      const who = caller ? ` key_id=${caller.keyId}` : '';
      this.logger.log(`tools/call ${tool}: ${outcome} in ${Date.now() - started} ms${who}`);
    }
  }
}
