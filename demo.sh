#!/usr/bin/env bash
# The GuiVirt demo: two sandboxed qubes, work (blue) and personal (red), showing real apps.
# With a display their windows appear on your desktop until Ctrl+C; without one it uses a
# headless display and writes demo.png of the host screen. Installs what it needs with apt when
# run as root (otherwise it prints the apt command), builds, and runs `guivirt demo`.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/require-packages.sh
require_packages Xvfb:xvfb bwrap:bubblewrap xterm:xterm xclock:x11-apps xclip:xclip xinput:xinput xwininfo:x11-utils \
  /usr/lib/x86_64-linux-gnu/libXcomposite.so.1:libxcomposite1 /usr/lib/x86_64-linux-gnu/libXtst.so.6:libxtst6 \
  /usr/lib/x86_64-linux-gnu/libXdamage.so.1:libxdamage1 /usr/lib/x86_64-linux-gnu/libxcb-shm.so.0:libxcb-shm0 \
  /usr/lib/x86_64-linux-gnu/libseccomp.so.2:libseccomp2 /usr/lib/x86_64-linux-gnu/libXrender.so.1:libxrender1
dotnet build -c Release -nologo -v quiet GuiAgent/GuiVirt.GuiAgent.csproj
dotnet build -c Release -nologo -v quiet Cli/GuiVirt.Cli.csproj
dotnet build -c Release -nologo -v quiet tests/TestApp/GuiVirt.TestApp.csproj # the pattern app of `guivirt selftest`
exec dotnet Cli/bin/Release/net10.0/guivirt.dll demo "$@"
