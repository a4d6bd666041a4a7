import { Controller, Get, Header, HttpCode } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/public.decorator.js';
import { success, type SuccessEnvelope } from '../common/envelope.js';

/** Where things are, for whoever lands on `/`. */
export const ROOT_LINKS = {
  docs: '/docs',
  openapi: '/docs-json',
  mcp: '/mcp',
  health: { live: '/health/live', ready: '/health/ready', providers: '/health/providers' },
  models: '/v1/models',
  complete: '/v1/complete',
};

/**
 * GET / redirects to the docs (302, so a browser lands on Swagger UI) and carries the links as an envelope body,
 * which is what curl, which does not follow redirects unless asked, prints (docs/health.md).
 */
@ApiTags('health')
@Controller()
export class RootController {
  @Get()
  @Public()
  @HttpCode(302)
  @Header('Location', '/docs')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ operationId: 'root', summary: 'Redirects to /docs; the body lists the main links. Needs no key.' })
  @ApiProduces('application/json')
  @ApiResponse({ status: 302, description: 'Location: /docs; the body is `{success: true, data: {docs, openapi, mcp, health, ...}}`.' })
  root(): SuccessEnvelope<typeof ROOT_LINKS> {
    return success(ROOT_LINKS);
  }
}
