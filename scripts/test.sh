#!/usr/bin/env bash
# The one test command (`make test`): installs what the tests need, then runs every test with
# REQUIRE_GL=1 and REQUIRE_TOOLS=1 under xvfb-run, so GL and peer cross-check tests run rather
# than skip, and runs each fuzz target briefly.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh test
if [ -x tools/install_splat_transform.sh ]; then
	tools/install_splat_transform.sh
fi

export REQUIRE_GL=1 REQUIRE_TOOLS=1
# Fuzz time per target: short enough to keep CI quick, long enough to shake out shallow panics.
fuzztime=${FUZZTIME:-4s}

go vet ./...
xvfb-run -a -s "-screen 0 1280x1024x24" go test -count=1 -timeout 20m ./...

# Every Fuzz target in the tree, run briefly from its seed corpus onward.
grep -rl --include='*_test.go' '^func Fuzz' . | while read -r f; do
	dir=$(dirname "$f")
	for fn in $(grep -o '^func Fuzz[A-Za-z0-9_]*' "$f" | cut -d' ' -f2); do
		echo "fuzz $dir $fn ($fuzztime)"
		go test -run='^$' -fuzz="^${fn}\$" -fuzztime="$fuzztime" "$dir" >/tmp/splatscope-fuzz.log 2>&1 || {
			cat /tmp/splatscope-fuzz.log
			exit 1
		}
	done
done
echo "all tests passed"
