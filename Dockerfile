# syntax=docker/dockerfile:1
# flowlens as a container image: `docker build -t flowlens .`, then `docker run --rm flowlens daily …` or
# `docker run -p 8080:8080 flowlens serve`. What /app holds is made by scripts/assemble-image.sh, the script
# test/e2e/image-contents.test.ts runs and tests without a container engine.
ARG NODE_IMAGE=node:22-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /src
# The dependencies first, so a change to src/ reuses this layer. --ignore-scripts: the root's `prepare`
# would build before src/ is here (and a workspace's before its sources are); `npm rebuild` then runs the
# install scripts of the packages that have one (package-lock.json's hasInstallScript).
COPY package.json package-lock.json ./
COPY infra/package.json infra/
RUN npm ci --ignore-scripts --no-audit --no-fund && npm rebuild esbuild
COPY . .
RUN npm run build && scripts/assemble-image.sh /app

FROM ${NODE_IMAGE}
# DejaVu Sans is the charts' font (src/report/charts/render-chart.ts looks for Debian's files).
RUN apt-get update \
  && apt-get install -y --no-install-recommends fonts-dejavu-core \
  && rm -rf /var/lib/apt/lists/* \
  && mkdir /data \
  && chown node:node /data
# Owned by root, so the user flowlens runs as cannot change it.
COPY --from=build /app /app
# A server in a container is reached from outside it: listen on every address (serve then refuses to start
# unless the dashboard has a credential, FLOWLENS_DASHBOARD_TOKEN, or is turned off). The store, reports,
# config file (./flowlens.yaml) and the AWS IP ranges cache live in /data.
ENV PATH=/app/bin:$PATH \
  FLOWLENS_SERVE_HOST=0.0.0.0 \
  XDG_CACHE_HOME=/data/.cache
USER node
WORKDIR /data
VOLUME ["/data"]
EXPOSE 8080
# /healthz of serve at the port its flags, environment or config file give; other commands pass.
HEALTHCHECK --interval=30s --timeout=10s --start-period=20s --retries=3 CMD ["node", "/app/healthcheck.mjs"]
ENTRYPOINT ["flowlens"]
CMD ["--help"]
