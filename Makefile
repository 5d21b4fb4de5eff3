GO ?= go
BIN := bin/recommend
# The sample articles `make run` works on, and the real content folder the
# full-corpus targets read (read-only; never copied into the project).
SEEDS := seeds
CORPUS ?= ../shared/quicktakes/content/learn
FULL_INDEX := .recommend/full

# STATICCHECK is the linter, pinned: `go run` fetches this version through
# the Go module proxy once and builds it from the module cache afterwards,
# so nothing is installed beside Go and the project's go.mod is untouched.
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2

.PHONY: build run test test-beam bench bench-lookup full lint staticcheck check golden

# build: the recommend binary in bin/, and recommend-lookup (the lookup
# alone, for scripts that start a process per lookup), statically linked
# (CGO_ENABLED=0: Go's own DNS resolver) so that a lookup's process start
# skips the dynamic loader and libc (about 12% of a lookup's CPU time;
# BENCHMARKS.md, Lookup).
build:
	CGO_ENABLED=0 $(GO) build -o $(BIN) ./cmd/recommend
	CGO_ENABLED=0 $(GO) build -o bin/recommend-lookup ./cmd/recommend-lookup

# run: the main job on seeds/ (rank, save the index in .recommend), then one
# lookup from that index.
run: build
	$(BIN) batch --corpus $(SEEDS)
	$(BIN) --id 14219

# test: what CI runs (.ci/run): formatting, vet, staticcheck, every test, short fuzzing,
# then the Beam pipeline's module (beam/, its own go.mod) on Prism.
test: lint staticcheck test-beam
	$(GO) test -count=1 -timeout 60m ./...
	GO=$(GO) bash e2e/fuzz.sh

# test-beam: vet and test the Beam pipeline (beam/), in process on Prism:
# parity with the engine on seeds/ and on 5,000 real articles.
test-beam:
	cd beam && $(GO) vet ./... && $(GO) test -count=1 -timeout 30m ./...

# bench: the Go benchmarks of every package.
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

# full: the batch on the real corpus (no --write), timed, with peak memory.
full: build
	@mkdir -p .recommend
	/usr/bin/time -v $(BIN) batch --corpus $(CORPUS) --index $(FULL_INDEX) 2> .recommend/full-batch.time
	@grep -E 'Elapsed|Maximum resident' .recommend/full-batch.time

# bench-lookup: the lookup latency from the full corpus's index, process
# start included, beside the start of a minimal Go program built by the
# same Go (hyperfine; see BENCHMARKS.md, section Lookup).
bench-lookup: build
	test -f $(FULL_INDEX)/CURRENT || $(BIN) batch -q --corpus $(CORPUS) --index $(FULL_INDEX)
	printf 'package main\n\nimport "os"\n\nfunc main() { os.Stdout.WriteString("hello\\n") }\n' > $${TMPDIR:-/tmp}/recommend-hello.go
	CGO_ENABLED=0 $(GO) build -o bin/hello $${TMPDIR:-/tmp}/recommend-hello.go
	hyperfine -N --warmup 20 --runs 200 \
		bin/hello \
		'$(BIN) --id 14219 --index $(FULL_INDEX)' \
		'bin/recommend-lookup --id 14219 --index $(FULL_INDEX)' \
		'$(BIN) --id 14219 --json --index $(FULL_INDEX)' \
		'$(BIN) --url /learn/business-and-management/questions/how-do-businesses-ensure-data-privacy-for-their-customers-online --index $(FULL_INDEX)' \
		'$(BIN) version'

# golden: regenerate the golden files of the command and of the nightly
# run, and recommend.yaml, after an intended change (review the diff
# before committing).
golden:
	$(GO) test ./cmd/recommend ./nightly -update

# check: the quick loop to run before every commit (well under a minute on
# two cores): formatting, vet, staticcheck and the short tests (-short
# skips the full-corpus tests, the Beam module and the fuzzing).
check: lint staticcheck
	$(GO) test -short -count=1 ./...

# staticcheck: the linter, at its pinned version (STATICCHECK above).
staticcheck:
	$(GO) run $(STATICCHECK) ./...

# lint: gofmt and go vet.
lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt: $$out"; exit 1; fi
	$(GO) vet ./...
