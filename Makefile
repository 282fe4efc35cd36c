# Loulan — the network admin's manual. `make help` lists the targets.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

NET := network/net.sh
NODE_STAMP := node_modules/.package-lock.json
# Jest JSON results of the current `make test`, summed into one closing line
RESULTS := $(CURDIR)/.loulan/test-results


.PHONY: help deps build lint format up down clean status logs deploy stop-node start-node publish-crl add-orderer remove-orderer consenters add-peer add-org rotate-master-key test test-unit test-deploy test-integration test-monitoring monitor monitor-down bench bench-matcher bench-caliper

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

deps: $(NODE_STAMP) ## install Fabric binaries (pinned, cached) and npm packages
	@network/install-fabric.sh

$(NODE_STAMP): package.json package-lock.json protocol/package.json chaincode/package.json gateway/package.json test/package.json
	@echo "==> npm ci"
	@npm ci --no-audit --no-fund --loglevel=error

build: deps ## compile protocol, chaincode and gateway
	@echo "==> build"
	@npm run build --silent

lint: deps ## formatting (prettier), eslint (type-aware) and type checks (the workspaces and the benchmarks)
	@npx prettier --check --log-level warn "**/*.{ts,mjs,json}"
	@npx eslint .
	@npm run typecheck --silent
	@npx tsc --noEmit -p bench/tsconfig.json

format: deps ## rewrite every TypeScript, JSON and ESLint file in the prettier format lint checks
	@npx prettier --write --log-level warn "**/*.{ts,mjs,json}"

up: build ## start everything: CAs, ordering (CONSENSUS=bft|raft), peers, channel, chaincode, gateway
	@$(NET) up

down: ## stop every process (the monitor too), keep ledgers and keys
	@monitoring/monitor.sh down >/dev/null
	@$(NET) down

clean: ## stop everything (the monitor too) and remove all state (.loulan)
	@monitoring/monitor.sh down >/dev/null
	@$(NET) clean

status: ## each process up or down, block height per peer and ordering node
	@$(NET) status

logs: ## last log lines of every process, or of NODE=name
	@$(NET) logs $(NODE)

deploy: build ## upgrade the chaincode in place (next sequence) if its source changed
	@$(NET) deploy

stop-node: ## stop one process: NODE=orderer1|peer0-retail|ca-bank|cc-platform|gateway...
	@$(NET) stop-node $(NODE)

start-node: ## start one stopped process again: NODE=...
	@$(NET) start-node $(NODE)

publish-crl: ## put the CRL of ORG's CA into the channel, so peers refuse its revoked members: ORG=retail
	@$(NET) publish-crl $(ORG)

add-orderer: build ## a new ordering node of ORG joins the running channel's consenters by config update: ORG=retail [NODE=orderer5]
	@$(NET) add-orderer $(ORG) $(NODE)

remove-orderer: build ## an ordering node leaves the consenters by config update, then stops: NODE=orderer5
	@$(NET) remove-orderer $(NODE)

consenters: build ## the channel's consenters, as its latest config block lists them
	@$(NET) consenters

add-peer: ## another peer of ORG joins the channel, pulls the ledger and endorses: ORG=retail [NODE=peer1-retail]
	@$(NET) add-peer $(ORG) $(NODE)

add-org: build ## a new org (its CA, MSP, peer, chaincode service) joins the running channel by config update: ORG=partner ROLES=merchant,supplier
	@$(NET) add-org $(ORG) $(ROLES)

rotate-master-key: build ## re-seal the gateway's stored member keys under a new master key (gateway restarted)
	@$(NET) rotate-master-key

test-unit: build test-monitoring ## unit tests of protocol, chaincode and gateway (read model stores on SQLite and a throwaway PostgreSQL)
	@mkdir -p $(RESULTS)
	@trap 'test/postgres.sh stop' EXIT; \
	pg_url=$$(test/postgres.sh start); \
	export LOULAN_TEST_PG_URL=$$pg_url; \
	for ws in protocol chaincode gateway; do \
	  npm run test:unit --silent -w $$ws -- --json --outputFile=$(RESULTS)/unit-$$ws.json; \
	done

test-monitoring: ## alert rules and monitoring configuration: promtool check and unit tests (installs Prometheus when missing)
	@monitoring/check.sh

monitor: ## Prometheus and Alertmanager on the running network (make up first); LOULAN_ALERT_WEBHOOK_URL=... posts alerts
	@network/install-monitoring.sh
	@monitoring/monitor.sh up

monitor-down: ## stop Prometheus and Alertmanager, keep their data
	@monitoring/monitor.sh down

test-deploy: ## Kubernetes chart offline: helm lint, helm template of each org's example values, strict validation (deploy/kubernetes)
	@deploy/kubernetes/check.sh

test-integration: build ## integration tests on throwaway BFT and Raft networks
	@network/install-browser.sh
	@test/fuzz/install.sh
	@mkdir -p $(RESULTS)
	@LOULAN_TEST_RESULTS=$(RESULTS) test/run-integration.sh

test: lint ## everything CI runs: lint, unit and integration tests, one summary line
	@rm -rf $(RESULTS)
	@$(MAKE) --no-print-directory test-unit test-deploy test-integration
	@node test/summarize.js $(RESULTS)

bench: build ## throughput on the running network (make up first): raw baseline, REST and batched purchases, shelf sales; then the matcher and history benches
	@npx tsc -p bench/tsconfig.json
	@node .loulan/bench/bench/throughput.js
	@node .loulan/bench/bench/matcher.js
	@node .loulan/bench/bench/history.js

bench-caliper: build ## the bench's baseline and purchase workloads with Hyperledger Caliper 0.6 on the running network (installs Caliper on first use)
	@npx tsc -p bench/tsconfig.json
	@bench/caliper/run.sh

bench-matcher: $(NODE_STAMP) ## coupon exchange matcher on a 10,000-order book in memory (no network needed)
	@npm run build --silent -w protocol
	@npx tsc -p bench/tsconfig.json
	@node .loulan/bench/bench/matcher.js
