# Frontline: a local-first, AI-assisted customer support desk.
# `make run` and `make test` install what is missing and do everything else.
# Targets document themselves: `make help`.

SHELL := /usr/bin/env bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

GO       ?= go
BIN      := build/bin
OUT      := out
ARTIFACTS ?= test-artifacts
ADDR     ?= 127.0.0.1:8080
DATA     ?= $(HOME)/.local/share/frontline/server
BENCH    ?= .
WIDGET_DIR := server/widget
BUF      := $(WIDGET_DIR)/node_modules/.bin/buf
DESKTOP_TAGS ?= desktop,production

.PHONY: help
help: ## Describe useful make targets
	@grep -hE '^[a-zA-Z_-]+:.*?## .*$$' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "%-16s %s\n", $$1, $$2}'

.PHONY: setup
setup: ## Install what make run needs and is missing (apt when root, npm, Go tools)
	@build/setup.sh run

.PHONY: setup-test
setup-test: ## Install what make test needs and is missing (adds Chromium, Xvfb, xdotool)
	@build/setup.sh test

.PHONY: all
all: build ## Build everything

.PHONY: widget
widget: ## Build the customer chat widget into server/widget/dist
	@cd $(WIDGET_DIR) && npm run --silent build

.PHONY: frontend
frontend: ## Build the desktop UI into frontend/dist
	@cd frontend && npm run --silent build

.PHONY: server
server: widget ## Build the server binary build/bin/frontline-server
	$(GO) build -o $(BIN)/frontline-server ./server/cmd/frontline-server

.PHONY: desktop
desktop: frontend ## Build the desktop app build/bin/frontline-desk (a real WebKitGTK window)
	$(GO) build -tags $(DESKTOP_TAGS) -o $(BIN)/frontline-desk .

.PHONY: build
build: server desktop ## Build the server and the desktop app

.PHONY: run
run: setup ## Build, start the server with the demo tenant, and open the desktop app
	@$(MAKE) build
	@build/run.sh "$(ADDR)" "$(DATA)"

.PHONY: test
test: setup-test ## Run every test: Go (-race short suite, then the rest), frontend, browser, desktop window
	@$(MAKE) checkgenerate
	@$(MAKE) widget frontend
	@$(MAKE) gotest
	@$(MAKE) frontendtest
	@$(MAKE) e2e

.PHONY: gotest
gotest: ## Run the Go tests: the short suite with -race, then the whole suite including long tests
	$(GO) vet ./...
	$(GO) test -race -short -count=1 ./...
	$(GO) test -count=1 ./...

.PHONY: frontendtest
frontendtest: ## Run the desktop UI's unit tests (vitest)
	@cd frontend && npm run --silent test

.PHONY: e2e
e2e: server desktop ## Browser tests (Chromium) and the desktop window under Xvfb, against a demo server
	@ARTIFACTS_DIR="$(CURDIR)/$(ARTIFACTS)" build/e2e.sh

.PHONY: bench
bench: setup ## Run benchmarks; prints a table and writes out/bench.jsonl
	@build/fetch-models.sh all
	@$(MAKE) widget
	@mkdir -p $(OUT)
	$(GO) run ./internal/cmd/figures bench -out $(OUT)/bench.jsonl

.PHONY: eval
eval: setup ## Run quality evaluations; prints a table and writes out/eval.jsonl
	@mkdir -p $(OUT)
	$(GO) run ./internal/cmd/figures eval -out $(OUT)/eval.jsonl

.PHONY: generate
generate: ## Regenerate Go and TypeScript code from proto/ and the Wails bindings
	@build/setup.sh run >/dev/null
	cd proto && ../$(BUF) lint && ../$(BUF) format -d --exit-code && ../$(BUF) generate
	$(GO) tool wails generate module >/dev/null

.PHONY: checkgenerate
checkgenerate: generate ## Fail if generated code is not what is committed
	@test -z "$$(git status --porcelain -- internal/gen $(WIDGET_DIR)/src/gen frontend/wailsjs)" || \
		{ git status --porcelain -- internal/gen $(WIDGET_DIR)/src/gen frontend/wailsjs; echo "generated code is stale: run make generate and commit" >&2; exit 1; }

.PHONY: lint
lint: ## Vet Go code, lint and format-check the protos, type-check the TypeScript
	$(GO) vet ./...
	@test -z "$$(gofmt -l $$(git ls-files '*.go' | grep -v '^internal/gen/'))" || { gofmt -l $$(git ls-files '*.go' | grep -v '^internal/gen/'); exit 1; }
	cd proto && ../$(BUF) lint && ../$(BUF) format -d --exit-code
	cd $(WIDGET_DIR) && npm run --silent check
	cd frontend && npm run --silent check

.PHONY: clean
clean: ## Remove build output and test artifacts
	rm -rf $(BIN) $(OUT) $(ARTIFACTS) build/bin
