#!/usr/bin/env bash
# Start-up and memory of guivirt itself (issue 18's targets), for one build of it:
#   bench/startup.sh [--display :N] [--rounds N] GUIVIRT...
# GUIVIRT is the command that runs guivirt, e.g. the JIT build
#   bench/startup.sh dotnet Cli/bin/Release/net10.0/guivirt.dll
# or the native one installed by ./install.sh (its agent is native too)
#   bench/startup.sh ~/.local/bin/guivirt
# On its own Xvfb host display it measures, each round with a fresh daemon and qube:
#   daemon start   from starting `guivirt daemon` to its control socket
#   cold run       `guivirt run Q --label blue -- xterm` of a qube that is not running, to the
#                  xterm's framed window on the host display (xdotool search)
#   warm run       a second command in the running qube (xclock), to its window on the host
#   ls             `guivirt ls` (median of 10)
#   daemon RSS     after the cold and warm runs, idle; agent RSS the qube's agent (VmRSS)
# Prints one line per round and the medians. Needs xvfb, xterm, x11-apps, xdotool, bubblewrap.
set -euo pipefail
display=:75 rounds=5
while (($#)); do
  case $1 in
    --display) display=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    *) break ;;
  esac
done
(($#)) || { sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
guivirt=("$@")
for tool in Xvfb xdotool xterm xclock; do
  command -v "$tool" >/dev/null || { echo "startup.sh: $tool is missing (Debian packages xvfb, xdotool, xterm, x11-apps)" >&2; exit 1; }
done

work=$(mktemp -d)
xvfb=""
daemon=""
cleanup() {
  [[ -n $daemon ]] && kill "$daemon" 2>/dev/null && wait "$daemon" 2>/dev/null
  [[ -n $xvfb ]] && kill "$xvfb" 2>/dev/null && wait "$xvfb" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
Xvfb "$display" -screen 0 1920x1080x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
xvfb=$!
for _ in $(seq 100); do xdotool -v >/dev/null 2>&1 && DISPLAY=$display xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.05; done

now() { date +%s%N; }
ms() { echo $((($2 - $1) / 1000000)); }
rss() { awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }
# The first process below PID (recursively) that runs the program WORD.
descendant() {
  local pid=$1 word=$2 child
  for child in $(cat /proc/"$pid"/task/*/children 2>/dev/null); do
    # The agent itself: its program (native) or the runtime's first argument (JIT), not the init or bwrap that name it.
    if tr '\0' '\n' <"/proc/$child/cmdline" 2>/dev/null | head -2 | grep -q -- "/$word\(\.dll\)\?$"; then echo "$child"; return; fi
    descendant "$child" "$word" && return
  done
  return 1
}
window() { # wait until a host window is named NAME; prints nothing, fails after 30 s
  local deadline=$(($(date +%s) + 30))
  until DISPLAY=$display xdotool search --name "$1" >/dev/null 2>&1; do
    (($(date +%s) < deadline)) || { echo "no window '$1' on the host" >&2; return 1; }
    sleep 0.005
  done
}
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

printf '%-6s %10s %10s %10s %8s %12s %10s\n' round start_ms cold_ms warm_ms ls_ms daemon_MiB agent_MiB
for round in $(seq "$rounds"); do
  export GUIVIRT_RUNTIME_DIR=$work/run$round XDG_DATA_HOME=$work/data$round XDG_CONFIG_HOME=$work/config
  mkdir -p "$GUIVIRT_RUNTIME_DIR"
  t0=$(now)
  "${guivirt[@]}" daemon --display "$display" --socket-dir "$GUIVIRT_RUNTIME_DIR" >"$work/daemon$round.log" 2>&1 &
  daemon=$!
  until [[ -S $GUIVIRT_RUNTIME_DIR/control.sock ]]; do
    kill -0 "$daemon" 2>/dev/null || { cat "$work/daemon$round.log" >&2; exit 1; }
    sleep 0.002
  done
  started=$(now)

  start=$(now)
  "${guivirt[@]}" run b$round --label blue -- xterm -T benchterm >/dev/null
  window "\[b$round\] benchterm"
  cold=$(ms "$start" "$(now)")

  start=$(now)
  "${guivirt[@]}" run b$round -- xclock -title benchclock >/dev/null
  window "\[b$round\] benchclock"
  warm=$(ms "$start" "$(now)")

  for _ in $(seq 10); do
    s=$(now)
    "${guivirt[@]}" ls >/dev/null
    ms "$s" "$(now)"
  done >"$work/ls"
  ls=$(median <"$work/ls")
  sleep 1
  agent=$(descendant "$daemon" guivirt-agent || true)
  printf '%-6s %10s %10s %10s %8s %12s %10s\n' "$round" "$(ms "$t0" "$started")" "$cold" "$warm" "$ls" "$(rss "$daemon")" "${agent:+$(rss "$agent")}" | tee -a "$work/rounds"
  "${guivirt[@]}" stop b$round >/dev/null || true
  kill "$daemon"
  wait "$daemon" || true
  daemon=""
done
awk '{ for (i = 2; i <= NF; i++) print i, $i }' "$work/rounds" >"$work/columns"
printf '%-6s' median
for column in 2 3 4 5 6 7; do
  awk -v c=$column '$1 == c { print $2 }' "$work/columns" | median | xargs printf ' %10s'
done
echo
