# syntax=docker/dockerfile:1
# The Loulan REST gateway (gateway/), as the chart's gateway Deployment runs it.
# Build from the repository root:
#   docker build -f deploy/docker/gateway.Dockerfile -t loulan/gateway:0.1.0 .
# Not built by `make test` (no container engine there); docs/deploy.md, "Images".
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
# better-sqlite3 compiles its native module when no prebuilt binary fits the platform
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Every workspace's package.json: npm ci checks the lockfile against all of them.
COPY package.json package-lock.json tsconfig.base.json ./
COPY protocol/package.json protocol/
COPY chaincode/package.json chaincode/
COPY gateway/package.json gateway/
COPY test/package.json test/
RUN npm ci --no-audit --no-fund -w protocol -w gateway --include-workspace-root
COPY protocol/ protocol/
COPY gateway/ gateway/
RUN npm run build -w protocol && npm run build -w gateway
# Production dependencies only, then the run-time tree alone in /out.
RUN npm ci --no-audit --no-fund --omit=dev -w protocol -w gateway \
  && mkdir -p /out \
  && cp -a package.json node_modules /out/ \
  && for ws in protocol gateway; do \
       mkdir -p "/out/$ws" && cp -a "$ws/package.json" "$ws/dist" "/out/$ws/" \
       && if [ -d "$ws/node_modules" ]; then cp -a "$ws/node_modules" "/out/$ws/"; fi; \
     done

FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    LOULAN_GATEWAY_HOST=0.0.0.0 \
    LOULAN_GATEWAY_PORT=8080
WORKDIR /app
COPY --from=build --chown=0:0 /out/ /app/
# The chart runs it as 10001 with a read-only root file system; state lives on volumes.
USER 10001:10001
EXPOSE 8080
# As `make up` runs it: 4 MiB young-generation semi-spaces (docs/bench.md).
CMD ["node", "--max-semi-space-size=4", "gateway/dist/main.js"]
