/** The Swagger security scheme of the admin API (GATEWAY_ADMIN_KEYS); its own file, so the docs setup loads no guard code. */
export const ADMIN_SECURITY = 'admin';
