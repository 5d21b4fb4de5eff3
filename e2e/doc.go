// Package e2e proves, end to end through the recommend binary and at the
// scale of the real corpus, that a nightly batch cannot hurt the content:
// crashes, a second run, bad input files, files that cannot be written, and
// a corrupt index or config.
//
// The tests build cmd/recommend into a temporary folder and run it as the
// nightly job would. The real corpus (../shared/quicktakes) is only read:
// every test that writes copies it into a temporary folder first. Tests that need
// the corpus skip where it is absent, and fail under CI=true.
//
// # Knobs
//
//	E2E_TRIALS  number of SIGKILL trials in TestCrashSafety (default 20; 3 under CI=true)
//	E2E_SEED    seed of the kill moments and of the corruption (default 1)
//	E2E_CORPUS  a smaller corpus folder to run the full-corpus tests on, when working on them
//	E2E_BIN     a recommend binary to test instead of building ./cmd/recommend
//	E2E_WORKDIR where the full-corpus copies go (default /dev/shm, a tmpfs, when
//	            present: see workRoot; E2E_WORKDIR=/tmp puts them on the disk)
//	go test -short ./e2e   runs only the tests that use the small seeds/ corpus
//
// fuzz.sh, which `make test` runs, gives every Fuzz target of the module a
// short run (FUZZTIME, default 10s each).
package e2e
