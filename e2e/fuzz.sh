#!/usr/bin/env bash
# Runs every Fuzz target of the module for a short time each (FUZZTIME,
# default 10s), one `go test -fuzz` per target as Go requires. Each target's
# own corpus of interesting inputs lives in its package's testdata/fuzz and
# is replayed first; a failure stops the script with the failing input saved
# there. Run from anywhere: `e2e/fuzz.sh` (make test runs it).
set -euo pipefail
cd "$(dirname "$0")/.."
GO=${GO:-go}
FUZZTIME=${FUZZTIME:-10s}

if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  mapfile -t files < <(git ls-files -co --exclude-standard -- '*_test.go' | sort)
else
  mapfile -t files < <(find . -name '*_test.go' -not -path './.git/*' | sed 's|^\./||' | sort)
fi
n=0
for f in "${files[@]}"; do
  [ -f "$f" ] || continue
  dir=$(dirname "$f")
  while read -r name; do
    [ -n "$name" ] || continue
    echo "fuzz: $name in ./$dir for $FUZZTIME"
    "$GO" test -run '^$' -fuzz "^${name}\$" -fuzztime "$FUZZTIME" "./$dir"
    n=$((n + 1))
  done < <(sed -n 's/^func \(Fuzz[A-Za-z0-9_]*\)(.*\*testing\.F).*/\1/p' "$f")
done
echo "fuzz: $n targets passed"
