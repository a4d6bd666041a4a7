# Two stages: build the TypeScript once, ship only the compiled output and production dependencies.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
USER node
EXPOSE 3000
# Liveness (docs/health.md): the process serves HTTP. node's own fetch, so the slim image needs no curl.
# docker-compose.yml overrides it with /health/ready, which gates the proxy's start.
HEALTHCHECK --interval=10s --timeout=3s --retries=3 CMD ["node", "-e", "fetch('http://127.0.0.1:3000/health/live').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# A young generation of at most 2 × 8 MB: V8 grows it to 2 × 32 MB or more under load, which is resident memory
# and long scavenges (docs/benchmarks.md, issue 18). `npm start` and `npm run bench` start it the same way.
CMD ["node", "--max-semi-space-size=8", "--heap-growing-percent=50", "dist/main.js"]
