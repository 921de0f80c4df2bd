#!/usr/bin/env bash
# Runs every GuiVirt test and ends with the line "N passed, N failed, N skipped".
# Installs what the tests need when it is missing (with apt when run as root; otherwise it
# prints the apt command to run) and starts every server the tests use itself.
set -euo pipefail
cd "$(dirname "$0")"

# Debian packages the tests need, as "command:package". The X11 integration tests add theirs here.
required=()

missing=()
for entry in "${required[@]}"; do
  command -v "${entry%%:*}" >/dev/null 2>&1 || missing+=("${entry#*:}")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -eq 0 ]]; then
    echo "installing: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "missing packages; run: sudo apt-get install ${missing[*]}" >&2
    exit 2
  fi
fi
if ! command -v dotnet >/dev/null 2>&1; then
  echo "the .NET 10 SDK is missing: install it (https://learn.microsoft.com/dotnet/core/install/linux-debian)" >&2
  exit 2
fi

results=TestResults
rm -rf "$results"
dotnet build GuiVirt.sln -c Release -nologo -v quiet
status=0
for project in tests/*/*.Tests.csproj; do
  name=$(basename "$project" .csproj)
  dotnet test "$project" -c Release --no-build -nologo \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" --results-directory "$results" || status=$?
done

# The closing line comes from the runners' own result files, not from this script's guess.
passed=0 failed=0 skipped=0 files=0
for trx in "$results"/*.trx; do
  [[ -e $trx ]] || continue
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  total=$(sed -E 's/.* total="([0-9]+)".*/\1/' <<<"$counters")
  p=$(sed -E 's/.* passed="([0-9]+)".*/\1/' <<<"$counters")
  f=$(sed -E 's/.* failed="([0-9]+)".*/\1/' <<<"$counters")
  passed=$((passed + p))
  failed=$((failed + f))
  skipped=$((skipped + total - p - f))
done
if ((files == 0)); then
  echo "no test results were written" >&2
  failed=$((failed + 1))
fi
if ((status != 0 && failed == 0)); then
  echo "dotnet test failed without a failing test (build or runner error)" >&2
  failed=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
((failed == 0))
