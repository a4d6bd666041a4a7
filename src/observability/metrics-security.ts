/** The Swagger security scheme of GET /metrics (METRICS_TOKEN); its own file, so the docs setup loads no controller. */
export const METRICS_SECURITY = 'metrics';
