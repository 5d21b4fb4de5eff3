GO ?= go
BIN := bin/recommend

.PHONY: build run test bench lint

build:
	$(GO) build -o $(BIN) ./cmd/recommend

test:
	$(GO) vet ./...
	$(GO) test -count=1 -timeout 60m ./...
	GO=$(GO) bash e2e/fuzz.sh

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt: $$out"; exit 1; fi
	$(GO) vet ./...
