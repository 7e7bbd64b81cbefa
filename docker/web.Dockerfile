# syntax=docker/dockerfile:1.7
# The web front: nginx serving the Angular build and proxying /api/ to the api service.
# Build from the repository root:  docker build -f docker/web.Dockerfile -t hms-web .

ARG NODE_IMAGE=node:24-bookworm-slim
ARG NGINX_IMAGE=nginxinc/nginx-unprivileged:1.27-alpine

# --- build: production Angular bundle (hashed file names) ---------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV CI=true NG_CLI_ANALYTICS=false NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci
COPY angular.json tsconfig.base.json ./
COPY libs libs
COPY apps/web apps/web
RUN npx ng build web --configuration production \
 && test -f dist/apps/web/browser/index.html

# --- runtime: static files + nginx (runs as uid 101, listens on 8080) ---------
FROM ${NGINX_IMAGE} AS runtime
COPY docker/nginx.conf /etc/nginx/conf.d/default.conf
COPY docker/nginx-security-headers.conf /etc/nginx/snippets/security-headers.conf
COPY --from=build /app/dist/apps/web/browser /usr/share/nginx/html
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
  CMD ["wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/healthz"]
