#!/usr/bin/env bash
# The benchmark of issues 8 and 17 in one command: GuiVirt (sandboxed qube), xpra (seamless, mmap)
# and the limit (drawing straight onto the host) side by side, quiet and under stress-ng, from 4K
# down to a typed character; then the daemon as qubes and windows grow (20 qubes x 5 windows, 5 of
# them animating). Writes bench/results/end-to-end.md and end-to-end.png. Options: --quick,
# --no-scale, --no-contention, --only TEXT (see bench/README.md). --remote (issue 20 item 7) runs
# only the remote benchmark instead: GuiVirt remote qubes and xpra over TCP through emulated links
# (a user-space relay), writing bench/results/remote.md and remote.png. Runs as root or as a normal user.
# Installs what is missing (with apt when run as root; otherwise it prints the apt command to
# run), builds, and starts every server it uses itself.
set -euo pipefail
cd "$(dirname "$0")/.."

# "command-or-file:package": the X server, the sandbox, xpra and its Python cairo bindings (without
# them xpra 3.1's client cannot paint), the competing load, and for --remote the far side's private sshd and
# the ssh client (GuiVirt remote qubes), as scripts/require-packages.sh expects.
required=(
  Xvfb:xvfb bwrap:bubblewrap xpra:xpra stress-ng:stress-ng
  /usr/share/doc/python3-gi-cairo:python3-gi-cairo
  /usr/lib/x86_64-linux-gnu/libXcomposite.so.1:libxcomposite1 /usr/lib/x86_64-linux-gnu/libXtst.so.6:libxtst6
  /usr/sbin/sshd:openssh-server ssh-keygen:openssh-client
)
source scripts/require-packages.sh
require_packages "${required[@]}"

exec dotnet run -c Release --project bench/EndToEndBench -- "$@"
