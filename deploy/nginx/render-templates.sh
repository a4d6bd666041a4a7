#!/bin/sh
# Renders deploy/nginx/templates into <conf.d directory> as the nginx image does at start: first the same settings
# check (entrypoint/15-gateway-settings.envsh: GATEWAY_TLS's spellings, METRICS_PROXIED), then envsubst of the
# variables that are set, leaving nginx's own $variables alone. Use it to check a configuration before deploying
# (render, then `nginx -t` on it); test/nginx-templates.e2e-spec.ts renders every GATEWAY_TLS spelling with it, and
# the nginx proxy suite runs what it renders.
#   GATEWAY_TLS=on GATEWAY_UPSTREAM_1=… GATEWAY_UPSTREAM_2=… PROXY_PORT=8080 MAX_BODY_BYTES=4194304 \
#     deploy/nginx/render-templates.sh /tmp/nginx/conf.d
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: render-templates.sh <conf.d directory>}
. "$here/entrypoint/15-gateway-settings.envsh"
# The image's own filter (20-envsubst-on-templates.sh): only variables that are set are replaced.
defined_envs=$(printf '${%s} ' $(awk 'END { for (name in ENVIRON) print name }' </dev/null))
cd "$here/templates"
find . -type f -name '*.template' | while read -r template; do
  target="$out/${template%.template}"
  mkdir -p "$(dirname "$target")"
  envsubst "$defined_envs" <"$template" >"$target"
done
