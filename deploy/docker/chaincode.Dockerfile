# syntax=docker/dockerfile:1
# The Loulan chaincode (chaincode/) as a service: `fabric-chaincode-node server`, the chart's
# chaincode Deployment passes the address, package id and TLS files as arguments.
# Build from the repository root:
#   docker build -f deploy/docker/chaincode.Dockerfile -t loulan/chaincode:0.1.0 .
# Not built by `make test` (no container engine there); docs/deploy.md, "Images".
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json tsconfig.base.json ./
COPY protocol/package.json protocol/
COPY chaincode/package.json chaincode/
COPY gateway/package.json gateway/
COPY test/package.json test/
RUN npm ci --no-audit --no-fund -w protocol -w chaincode --include-workspace-root
COPY protocol/ protocol/
COPY chaincode/ chaincode/
RUN npm run build -w protocol && npm run build -w chaincode
RUN npm ci --no-audit --no-fund --omit=dev -w protocol -w chaincode \
  && mkdir -p /out \
  && cp -a package.json node_modules /out/ \
  && for ws in protocol chaincode; do \
       mkdir -p "/out/$ws" && cp -a "$ws/package.json" "$ws/dist" "/out/$ws/" \
       && if [ -d "$ws/node_modules" ]; then cp -a "$ws/node_modules" "/out/$ws/"; fi; \
     done

FROM ${NODE_IMAGE}
ENV NODE_ENV=production
WORKDIR /app/chaincode
COPY --from=build --chown=0:0 /out/ /app/
USER 10001:10001
EXPOSE 9999
# The module path is the chaincode workspace, as network/chaincode.sh starts it.
ENTRYPOINT ["/app/node_modules/.bin/fabric-chaincode-node", "server", "--module-path", "/app/chaincode"]
