#!/usr/bin/env bash
# Fuzzes the daemon's handling of a qube's messages, or the remote importer's handling of a far
# side's stream, with AFL++ (see fuzz/README.md).
#   fuzz/run.sh [SECONDS] [OUTPUT-DIR] [TARGET]
# SECONDS: how long to fuzz (default 60; 0 = until Ctrl+C). OUTPUT-DIR: AFL's findings
# (default fuzz/findings, or fuzz/remote-findings; ignored by git; an existing one is resumed).
# TARGET: daemon (default) or remote. Builds the harness unless FUZZ_NO_BUILD=1, instruments a
# copy of the target's assemblies with sharpfuzz, replays the corpus and the regressions, then
# runs afl-fuzz. Prints the run's numbers; exits 1 if AFL saved a crash or a hang (inputs in
# OUTPUT-DIR/default/crashes and .../hangs).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
target=${3:-daemon}
case $target in
  daemon)
    harness=DaemonFuzz inputs=(fuzz/corpus fuzz/regressions) dict=fuzz/daemon.dict
    # Only the daemon's own code is instrumented: its coverage is what guides AFL.
    instrumented=(GuiVirt.Protocol.dll GuiVirt.SharedMemory.dll GuiVirt.GuiDaemon.dll)
    harness_env=()
    ;;
  remote)
    harness=RemoteFuzz inputs=(fuzz/remote-corpus fuzz/remote-regressions) dict=fuzz/remote.dict
    # The importer and the LZ4 decoder it runs. Not Protocol: the harness's daemon end frames
    # with it on another thread, and AFL's edges from two threads at once are noise.
    instrumented=(GuiVirt.Remote.dll K4os.Compression.LZ4.dll)
    # The harness's managed memory beyond 512 MiB is an OutOfMemoryException, a crash: the
    # importer's own buffers are fixed (about 9 MiB), so only unbounded growth can reach it.
    harness_env=(DOTNET_GCHeapHardLimit=0x20000000)
    ;;
  *)
    echo "usage: fuzz/run.sh [SECONDS] [OUTPUT-DIR] [daemon|remote]" >&2
    exit 2
    ;;
esac
default_out=fuzz/findings
[[ $target == remote ]] && default_out=fuzz/remote-findings
out=${2:-$default_out}
bin=fuzz/$harness/bin/Release/net10.0

source scripts/require-packages.sh
require_packages afl-fuzz:afl++
dotnet tool restore >/dev/null # sharpfuzz, pinned in .config/dotnet-tools.json
if [[ -z ${FUZZ_NO_BUILD:-} ]]; then
  dotnet build "fuzz/$harness" -c Release -nologo -v quiet >/dev/null
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Every known input must pass before fuzzing starts (this also warms the runtime's files up).
# The plain build replays: instrumented code runs only under afl-fuzz.
env "${harness_env[@]}" dotnet "$bin/GuiVirt.$harness.dll" --replay "${inputs[@]}" >"$work/replay.log" || {
  grep CRASH "$work/replay.log" >&2
  exit 1
}

cp -r "$bin" "$work/bin"
for assembly in "${instrumented[@]}"; do
  dotnet sharpfuzz "$work/bin/$assembly" >/dev/null
done

mkdir -p "$work/in"
find "${inputs[@]}" -type f -size +0 -exec cp {} "$work/in/" \;

# dotnet is not AFL-instrumented itself (the assemblies it loads are); no UI, no CPU pinning on a
# shared machine; crashes are exceptions reported by SharpFuzz, not core dumps.
export AFL_SKIP_BIN_CHECK=1 AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1 AFL_AUTORESUME=1 \
  AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
limit=()
((seconds > 0)) && limit=(-V "$seconds")
# -t: the first input includes the runtime's start; -m none: .NET reserves much virtual memory.
env "${harness_env[@]}" afl-fuzz "${limit[@]}" -i "$work/in" -o "$out" -x "$dict" -t 5000 -m none -- dotnet "$work/bin/GuiVirt.$harness.dll" >"$work/afl.log" 2>&1 || {
  tail -20 "$work/afl.log" >&2
  exit 1
}

stats="$out/default/fuzzer_stats"
for field in execs_done execs_per_sec run_time corpus_count edges_found saved_crashes saved_hangs; do
  echo "$field: $(sed -nE "s/^$field +: //p" "$stats")"
done
crashes=$(sed -nE 's/^saved_crashes +: //p' "$stats")
hangs=$(sed -nE 's/^saved_hangs +: //p' "$stats")
if ((crashes + hangs > 0)); then
  # A hang is a bug too: nothing a qube sends may hold up the daemon's one loop.
  echo "crashing inputs in $out/default/crashes, hanging ones in $out/default/hangs" >&2
  echo "replay one: dotnet $bin/GuiVirt.$harness.dll --replay FILE" >&2
  exit 1
fi
