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
# Fuzz budget per target: short enough to keep CI quick, long enough to shake out shallow panics.
# A count, not a duration: with a duration, Go 1.26's fuzz coordinator can report its own
# deadline as a failure ("context deadline exceeded", no crasher: golang/go#75804, fixed in
# 1.27); a count has no deadline to race. 50000 inputs take 1.5-4 s per target here.
fuzztime=${FUZZTIME:-50000x}

go vet ./...
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
if [ -n "$unformatted" ]; then
	echo "gofmt: these files need formatting: $unformatted" >&2
	exit 1
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# -v so every test's verdict can be counted; only package lines and failures are shown.
set +e
xvfb-run -a -s "-screen 0 1280x1024x24" go test -v -count=1 -timeout 20m ./... >"$log" 2>&1
status=$?
set -e
grep -E '^(ok|FAIL|---|panic:|\?)' "$log" | grep -v -- '--- PASS' | grep -v -- '--- SKIP' || true
passed=$(grep -c -- '^--- PASS' "$log" || true)
failed=$(grep -c -- '^--- FAIL' "$log" || true)
skipped=$(grep -c -- '^--- SKIP' "$log" || true)
if [ "$status" != 0 ]; then
	grep -B2 -A30 -- '--- FAIL' "$log" | head -200 || tail -100 "$log"
	echo "tests: $passed passed, $failed failed, $skipped skipped"
	exit "$status"
fi

# Every Fuzz target in the tree, run briefly from its seed corpus onward.
fuzzed=0
for f in $(grep -rl --include='*_test.go' '^func Fuzz' .); do
	dir=$(dirname "$f")
	for fn in $(grep -o '^func Fuzz[A-Za-z0-9_]*' "$f" | cut -d' ' -f2); do
		echo "fuzz $dir $fn ($fuzztime)"
		# -fuzzminimizetime=0: minimising each new input of the large seeds (checkpoints, appearance
		# bundles of ~100 KB) took whole seconds, so those targets ran a few inputs and could end
		# on "context deadline exceeded"; failures are still reported, just not shrunk.
		go test -run='^$' -fuzz="^${fn}\$" -fuzztime="$fuzztime" -fuzzminimizetime=0 "$dir" >/tmp/splatscope-fuzz.log 2>&1 || {
			cat /tmp/splatscope-fuzz.log
			exit 1
		}
		fuzzed=$((fuzzed + 1))
	done
done
echo "fuzz: $fuzzed targets ran $fuzztime each without a failure"
echo "tests: $passed passed, $failed failed, $skipped skipped"
