# syntax=docker/dockerfile:1.7
# The backend image: one build serves every role (APP_ROLE=api|worker|scheduler|all).
# Build from the repository root:  docker build -f docker/api.Dockerfile -t hms-api .

ARG NODE_IMAGE=node:24-bookworm-slim

# --- dependencies (cached until package-lock.json changes) -------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
ENV CI=true NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci

# --- build: webpack bundle of the API, then drop dev dependencies ------------
FROM deps AS build
COPY nest-cli.json tsconfig.base.json ./
COPY libs/shared libs/shared
COPY apps/api apps/api
RUN npx nest build api \
 && test -f dist/apps/api/main.js \
 && npm prune --omit=dev \
 && npm cache clean --force

# --- runtime: production node_modules + the bundle, as a non-root user -------
# NODE_OPTIONS carries the V8 flags of scripts/node-flags.json (npm start and the
# benchmark use the same): a young generation of at most 2 x 16 MB keeps a
# job's RSS from growing with the default one's 2 x 64 MB plus what it promotes.
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    APP_ROLE=api \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/app/data \
    WEB_DIST_DIR=none \
    NODE_OPTIONS="--enable-source-maps --max-semi-space-size=16"
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist/apps/api ./dist/apps/api
# DATA_DIR holds export files shared by api and worker (mount one volume there).
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
# Liveness of whichever role runs here: every role answers the health routes.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/v1/health',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# SIGTERM reaches node directly (exec form): in-flight requests and jobs finish.
STOPSIGNAL SIGTERM
CMD ["node", "dist/apps/api/main.js"]
