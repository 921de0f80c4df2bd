#!/usr/bin/env bash
# Counts the outcomes in test result files (.trx, as `dotnet test --logger trx` writes them) and
# prints the closing line "N passed, N failed, N skipped"; exits 1 when anything failed.
#   scripts/count-results.sh FILE.trx...   count these files
#   scripts/count-results.sh --self-test   check the counting on crafted files (test.sh runs it)
#
# Every outcome of a <Counters> element counts somewhere, so that a run that went wrong never
# reads as a clean one:
#   passed:  passed, passedButRunAborted (the run's abort is counted by `aborted`)
#   failed:  failed, error, timeout, aborted, disconnected, inProgress, pending (never finished),
#            and tests of the total with no outcome at all (the test host died under them)
#   skipped: notExecuted, notRunnable, inconclusive
# (executed, completed and warning are not outcomes of their own.) A file without a <Counters>
# element is a test host that died before writing it: one failure. No file at all: one failure.
set -uo pipefail

# The number in NAME="N" of a <Counters> element; 0 when the attribute is missing.
attribute() {
  local value
  value=$(grep -o " $1=\"[0-9]*\"" <<<"$2" | head -n 1 | grep -o '[0-9][0-9]*')
  echo "${value:-0}"
}

count() {
  local passed=0 failed=0 skipped=0 files=0 trx counters total p f s name
  for trx in "$@"; do
    [[ -e $trx ]] || continue
    files=$((files + 1))
    counters=$(tr '\n' ' ' <"$trx" | grep -o '<Counters [^>]*>' | head -n 1)
    if [[ -z $counters ]]; then
      echo "$trx has no <Counters>: its test host did not finish (counted as one failure)" >&2
      failed=$((failed + 1))
      continue
    fi

    total=$(attribute total "$counters")
    p=0 f=0 s=0
    for name in passed passedButRunAborted; do p=$((p + $(attribute "$name" "$counters"))); done
    for name in failed error timeout aborted disconnected inProgress pending; do f=$((f + $(attribute "$name" "$counters"))); done
    for name in notExecuted notRunnable inconclusive; do s=$((s + $(attribute "$name" "$counters"))); done
    if ((p + f + s < total)); then
      echo "$trx: $((total - p - f - s)) of its $total tests have no outcome (counted as failed)" >&2
      f=$((total - p - s))
    fi

    passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
  done

  if ((files == 0)); then
    echo "no test results were written" >&2
    failed=$((failed + 1))
  fi

  echo "$passed passed, $failed failed, $skipped skipped"
  ((failed == 0))
}

# Crafted result files and the line each must give.
self_test() {
  local dir problems=0
  dir=$(mktemp -d)
  trap 'rm -rf "$dir"' RETURN
  trx() { # NAME COUNTERS-ATTRIBUTES
    printf '<?xml version="1.0" encoding="utf-8"?>\n<TestRun>\n  <ResultSummary outcome="Completed">\n    <Counters %s />\n  </ResultSummary>\n</TestRun>\n' "$2" >"$dir/$1.trx"
  }
  expect() { # WANTED-LINE WANTED-STATUS FILE...
    local wanted=$1 status=$2 line got
    shift 2
    line=$(count "$@" 2>/dev/null)
    got=$?
    if [[ $line != "$wanted" || $got != "$status" ]]; then
      echo "count-results self-test: $* gave '$line' (exit $got), not '$wanted' (exit $status)" >&2
      problems=$((problems + 1))
    fi
  }

  trx clean 'total="21" executed="21" passed="21" failed="0" error="0" timeout="0" aborted="0" inconclusive="0" passedButRunAborted="0" notRunnable="0" notExecuted="0" disconnected="0" warning="0" completed="0" inProgress="0" pending="0"'
  expect "21 passed, 0 failed, 0 skipped" 0 "$dir/clean.trx"

  trx every 'total="24" executed="20" passed="9" failed="1" error="2" timeout="3" aborted="1" inconclusive="1" passedButRunAborted="1" notRunnable="1" notExecuted="2" disconnected="1" warning="4" completed="25" inProgress="1" pending="1"'
  expect "10 passed, 10 failed, 4 skipped" 1 "$dir/every.trx"
  expect "31 passed, 10 failed, 4 skipped" 1 "$dir/clean.trx" "$dir/every.trx"

  trx skips 'total="5" executed="3" passed="3" failed="0" notExecuted="2"'
  expect "3 passed, 0 failed, 2 skipped" 0 "$dir/skips.trx"

  trx each-failing-kind-alone-error 'total="1" passed="0" error="1"'
  expect "0 passed, 1 failed, 0 skipped" 1 "$dir/each-failing-kind-alone-error.trx"
  trx timeout 'total="1" timeout="1"'
  expect "0 passed, 1 failed, 0 skipped" 1 "$dir/timeout.trx"
  trx aborted 'total="2" passed="1" aborted="1"'
  expect "1 passed, 1 failed, 0 skipped" 1 "$dir/aborted.trx"

  # A test host that died: 40 tests found, 12 ran.
  trx died 'total="40" executed="12" passed="12" failed="0"'
  expect "12 passed, 28 failed, 0 skipped" 1 "$dir/died.trx"

  # A result file cut off before its counters, or empty.
  printf '<?xml version="1.0" encoding="utf-8"?>\n<TestRun>\n  <Results>\n' >"$dir/cut.trx"
  : >"$dir/empty.trx"
  expect "21 passed, 2 failed, 0 skipped" 1 "$dir/clean.trx" "$dir/cut.trx" "$dir/empty.trx"

  # Counters over two lines; attributes missing.
  printf '<TestRun><ResultSummary outcome="Failed"><Counters total="7"\n passed="5" failed="2" /></ResultSummary></TestRun>\n' >"$dir/wrapped.trx"
  expect "5 passed, 2 failed, 0 skipped" 1 "$dir/wrapped.trx"

  expect "0 passed, 1 failed, 0 skipped" 1 "$dir/none-*.trx"

  if ((problems > 0)); then
    echo "count-results self-test: $problems problems" >&2
    return 1
  fi

  echo "count-results self-test: every crafted result file counted as it should"
}

if [[ ${1-} == --self-test ]]; then
  self_test
else
  count "$@"
fi
