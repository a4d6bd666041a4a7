import { ADMIN_SECURITY } from '../teams/admin/admin-security.js';
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { CONFIG, type GatewayConfig } from '../config/gateway-config.js';
import { ErrorEnvelopeDto } from './envelope.dto.js';
import { ProvidersService } from '../providers/providers.service.js';
import { describeErrors, errorExamples, type ExampleFacts } from './error-examples.js';
import { describeMcp } from './mcp-path.js';
import { describeProviders } from './provider-enum.js';
import { orderTags } from './tag-order.js';
import { METRICS_SECURITY } from '../observability/metrics-security.js';

export const DOCS_PATH = 'docs';

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('LiteLLM MCP Server')
    .setDescription(
      'One API in front of several LLM providers. Every response is an envelope: `{"success": true, "data": ...}` '
        + 'or `{"success": false, "error": {code, message, type, param, request_id}}`. '
        + 'Authenticate with `Authorization: Bearer <key>` (the Authorize button).',
    )
    .setVersion('0.1.0')
    // Not addBearerAuth(): it claims `bearerFormat: JWT`, and the keys are opaque strings.
    .addSecurity('bearer', { type: 'http', scheme: 'bearer', description: 'A client key from GATEWAY_API_KEYS (an opaque string).' })
    .addSecurity('x-api-key', { type: 'apiKey', in: 'header', name: 'x-api-key', description: 'The same client key, as the Anthropic SDKs send it (accepted instead of Authorization).' })
    .addSecurity(ADMIN_SECURITY, {
      type: 'http',
      scheme: 'bearer',
      description: 'An admin key from GATEWAY_ADMIN_KEYS (the admin API only; never a client key).',
    })
    .addSecurity(METRICS_SECURITY, {
      type: 'http',
      scheme: 'bearer',
      description: 'METRICS_TOKEN, for GET /metrics only (not a client key); while METRICS_TOKEN is unset, /metrics needs none.',
    })
    .build();
  const document = SwaggerModule.createDocument(app, config, { extraModels: [ErrorEnvelopeDto] });
  const gateway = app.get<GatewayConfig>(CONFIG);
  describeErrors(document, errorExamples(exampleFacts(gateway, app.get(ProvidersService))));
  return orderTags(describeMcp(describeProviders(document, gateway.providers.registry)));
}

/** The running configuration's limits, and models to name: a callable one, and one lacking credentials if any. */
function exampleFacts(config: GatewayConfig, providers: ProvidersService): ExampleFacts {
  const callable = config.models.find((entry) => providers.missingCredential(entry) === undefined);
  const unavailable = config.models.find((entry) => providers.missingCredential(entry) !== undefined)
    ?? config.models.find((entry) => providers.credentialVariable(entry) !== undefined);
  const credential = unavailable && providers.credentialVariable(unavailable);
  return {
    maxBodyBytes: config.maxBodyBytes,
    rateLimit: config.rateLimit,
    requestTimeoutMs: config.upstream.requestTimeoutMs,
    ...(callable && { callable: providers.definitionFor(callable).label }),
    ...(unavailable && credential !== undefined && { unavailable: { id: unavailable.id, credential } }),
  };
}

/** Swagger UI at /docs and the OpenAPI JSON at /docs-json; both need no key. */
export function setupSwagger(app: INestApplication): void {
  SwaggerModule.setup(DOCS_PATH, app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: `${DOCS_PATH}-json`,
    yamlDocumentUrl: `${DOCS_PATH}-yaml`,
    customSiteTitle: 'LiteLLM MCP Server API',
    swaggerOptions: { persistAuthorization: true },
  });
}
