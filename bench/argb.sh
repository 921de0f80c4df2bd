#!/usr/bin/env bash
# Translucent (ARGB) windows against opaque ones (issue 19 item 3's target): a 1920x1080 TestApp
# window animating at 60 Hz in a qube, shown by the daemon once opaque and once with --argb, and
# the CPU each process spends per frame the app drew:
#   bench/argb.sh [--display :N] [--seconds S] [--rounds R]
# The qube here is a plain Xvfb with the agent (no sandbox: the daemon's work is the same), the
# host a second Xvfb (1920x1200 so the framed window fits). Per case and round it reads
# /proc/PID/stat (utime + stime, 10 ms ticks) of the daemon, the agent and the host Xvfb over S
# seconds and divides by the frames the app logged meanwhile. Prints one line per case and round,
# then the medians and the ratio ARGB / opaque of the daemon's CPU per frame. Uses the Release
# build (dotnet build -c Release). Needs xvfb.
set -euo pipefail
cd "$(dirname "$0")/.."
display=80 seconds=10 rounds=3
while (($#)); do
  case $1 in
    --display) display=${2#:}; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    *) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
  esac
done
command -v Xvfb >/dev/null || { echo "argb.sh: Xvfb is missing (Debian package xvfb)" >&2; exit 1; }
guivirt=Cli/bin/Release/net10.0/guivirt.dll agent=GuiAgent/bin/Release/net10.0/guivirt-agent.dll app=tests/TestApp/bin/Release/net10.0/GuiVirt.TestApp.dll
for built in "$guivirt" "$agent" "$app"; do
  [[ -f $built ]] || { echo "argb.sh: $built is missing: dotnet build -c Release" >&2; exit 1; }
done

work=$(mktemp -d)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
host=":$display" qube=":$((display + 1))"
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }  # utime + stime, in clock ticks
hz=$(getconf CLK_TCK)

Xvfb "$host" -screen 0 1920x1200x24 -nolisten tcp -noreset >/dev/null 2>&1 & hostpid=$!; pids+=($hostpid)
Xvfb "$qube" -screen 0 1920x1200x24 -nolisten tcp -noreset >/dev/null 2>&1 & pids+=($!)
sleep 2
dotnet "$guivirt" daemon --display "$host" --socket-dir "$work/sockets" --audit-log "$work/audit" --decorations frame --qube work:blue 2>"$work/daemon.log" & daemon=$!; pids+=($daemon)
for _ in $(seq 100); do [[ -S $work/sockets/work.sock ]] && break; sleep 0.1; done
dotnet "$agent" --display "$qube" --socket "$work/sockets/work.sock" 2>"$work/agent.log" & agentpid=$!; pids+=($agentpid)
sleep 2

declare -A daemon_ms agent_ms host_ms fps
for round in $(seq "$rounds"); do
  for mode in opaque argb; do
    flags=(); [[ $mode == argb ]] && flags=(--argb)
    log="$work/app-$mode-$round.log"
    dotnet "$app" --display "$qube" --geometry 1920x1080+2+2 --fps 60 --seed 1 --title bench --log "$log" "${flags[@]}" & apppid=$!
    for _ in $(seq 200); do grep -q '^ready' "$log" 2>/dev/null && break; sleep 0.1; done
    sleep 2  # the window is shown and the pipeline warm
    f0=$(grep -c '^frame' "$log"); d0=$(ticks "$daemon"); a0=$(ticks "$agentpid"); h0=$(ticks "$hostpid")
    sleep "$seconds"
    f1=$(grep -c '^frame' "$log"); d1=$(ticks "$daemon"); a1=$(ticks "$agentpid"); h1=$(ticks "$hostpid")
    kill "$apppid"; wait "$apppid" 2>/dev/null || true
    frames=$((f1 - f0))
    per() { awk -v t="$1" -v f="$frames" -v hz="$hz" 'BEGIN { printf "%.3f", t * 1000 / hz / f }'; }
    daemon_ms[$mode]+="$(per $((d1 - d0))) " agent_ms[$mode]+="$(per $((a1 - a0))) " host_ms[$mode]+="$(per $((h1 - h0))) "
    fps[$mode]+="$(awk -v f="$frames" -v s="$seconds" 'BEGIN { printf "%.1f", f / s }') "
    printf '%-6s round %d: %5.1f frames/s drawn; CPU ms per frame: daemon %s, agent %s, host Xvfb %s\n' "$mode" "$round" \
      "$(awk -v f="$frames" -v s="$seconds" 'BEGIN { print f / s }')" "$(per $((d1 - d0)))" "$(per $((a1 - a0)))" "$(per $((h1 - h0)))"
  done
done

median() { tr ' ' '\n' <<<"$1" | grep . | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
echo
for mode in opaque argb; do
  printf '%-6s median: %s frames/s; CPU ms per frame: daemon %s, agent %s, host Xvfb %s\n' "$mode" \
    "$(median "${fps[$mode]}")" "$(median "${daemon_ms[$mode]}")" "$(median "${agent_ms[$mode]}")" "$(median "${host_ms[$mode]}")"
done
awk -v a="$(median "${daemon_ms[argb]}")" -v o="$(median "${daemon_ms[opaque]}")" 'BEGIN { printf "daemon CPU per frame, ARGB / opaque: %.2f\n", a / o }'
awk -v a="$(median "${host_ms[argb]}")" -v o="$(median "${host_ms[opaque]}")" 'BEGIN { printf "host Xvfb CPU per frame, ARGB / opaque: %.2f\n", a / o }'
