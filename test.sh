#!/usr/bin/env bash
# Runs every GuiVirt test and ends with the line "N passed, N failed, N skipped".
# Installs what the tests need when it is missing (with apt when run as root; otherwise it
# prints the apt command to run) and starts every server the tests use itself.
set -euo pipefail
cd "$(dirname "$0")"

# Debian packages the tests need, as "command-or-file:package": real X servers and apps, real
# reparenting window managers for the host (tests/Daemon.Tests/WindowManager), the C headers and
# compiler the struct layout test checks our bindings against (and the containment tests build
# their fork bomb and memory hog with), AFL++ for the short fuzz run (tests/Fuzz.Tests), setpriv
# and useradd for qubes of a root daemon and the unprivileged-daemon test.
required=(
  afl-fuzz:afl++ Xvfb:xvfb bwrap:bubblewrap xterm:xterm xclock:x11-apps xclip:xclip xdotool:xdotool xprop:x11-utils xinput:xinput setxkbmap:x11-xkb-utils cc:gcc
  xset:x11-xserver-utils xrdb:x11-xserver-utils xrandr:x11-xserver-utils openbox:openbox fluxbox:fluxbox xfwm4:xfwm4 dbus-launch:dbus-x11 wmctrl:wmctrl setpriv:util-linux /usr/sbin/useradd:passwd
  # the host's system tray that qubes' tray icons dock in (tests/Daemon.Tests/DaemonTrayTests)
  trayer:trayer /usr/lib/python3/dist-packages/gi/__init__.py:python3-gi /usr/lib/x86_64-linux-gnu/girepository-1.0/Gtk-3.0.typelib:gir1.2-gtk-3.0
  # a qube's user-mode network (pasta), and what QubeNetworkTests builds its test network with
  pasta:passt /usr/sbin/ip:iproute2 /usr/bin/python3:python3 curl:curl
  /usr/lib/x86_64-linux-gnu/libXcomposite.so.1:libxcomposite1 /usr/lib/x86_64-linux-gnu/libXtst.so.6:libxtst6
  # translucent windows: the host's Render library, and a compositing manager (TranslucentWindowTests)
  /usr/lib/x86_64-linux-gnu/libXrender.so.1:libxrender1 xcompmgr:xcompmgr
  /usr/lib/x86_64-linux-gnu/libseccomp.so.2:libseccomp2 /usr/include/stdio.h:libc6-dev
  /usr/include/X11/Xlib.h:libx11-dev /usr/include/X11/extensions/XShm.h:libxext-dev /usr/include/X11/extensions/Xrender.h:libxrender-dev
  /usr/include/X11/extensions/Xdamage.h:libxdamage-dev /usr/include/X11/extensions/Xfixes.h:libxfixes-dev /usr/include/X11/extensions/Xrandr.h:libxrandr-dev
  /usr/include/X11/extensions/Xinerama.h:libxinerama-dev /usr/lib/x86_64-linux-gnu/libXinerama.so.1:libxinerama1
  # upscaled qube windows (XRender in the daemon, its struct checked against the header)
  /usr/include/X11/extensions/Xrender.h:libxrender-dev /usr/lib/x86_64-linux-gnu/libXrender.so.1:libxrender1
  # a host with two monitors (MonitorTests, the selftest's per-monitor row): a nested Xephyr with Xinerama
  Xephyr:xserver-xephyr
  /usr/include/xcb/xcb.h:libxcb1-dev /usr/include/xcb/shm.h:libxcb-shm0-dev
  # real desktop apps that tests/Daemon.Tests/Apps runs in qubes (a GTK dialog, a Qt editor, two
  # browsers) and the system font cache that qubes share (fontconfig); the D-Bus session bus each
  # qube's init starts, and dbus-send that the session test asks it with
  zenity:zenity featherpad:featherpad firefox-esr:firefox-esr chromium:chromium fc-list:fontconfig
  dbus-daemon:dbus dbus-send:dbus-bin
  # the generated man page and shell completions, checked by the real tools (tests/Cli.Tests/CommandLineTests)
  groff:groff-base man:man-db zsh:zsh
  # `guivirt menu`'s entries are checked by the freedesktop validator and started by GLib's launcher
  desktop-file-validate:desktop-file-utils gio:libglib2.0-bin
  # remote qubes (tests/Daemon.Tests/Remote, and the remote benchmark's tests/Bench.Tests/SshServerTests): a real sshd on a loopback port, and the ssh client the daemon runs
  /usr/sbin/sshd:openssh-server ssh:openssh-client ssh-keygen:openssh-client setsid:util-linux
  # NativeAOT's linker and the zlib it links (install.sh, the .deb test in tests/Cli.Tests/InstallTests)
  clang:clang /usr/include/zlib.h:zlib1g-dev
)

source scripts/require-packages.sh
require_packages "${required[@]}"
dotnet tool restore >/dev/null # sharpfuzz (.config/dotnet-tools.json), which instruments the fuzz harness

results=TestResults
rm -rf "$results"
if ! dotnet build GuiVirt.sln -c Release -nologo -v quiet; then
  echo "the build failed: no test ran"
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi
status=0
for project in tests/*/*.Tests.csproj; do
  name=$(basename "$project" .csproj)
  # A test that hangs fails its project after 15 minutes (no dump) instead of holding the run.
  dotnet test "$project" -c Release --no-build -nologo --blame-hang-timeout 15m --blame-hang-dump-type none \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" --results-directory "$results" || status=$?
done

# The closing line comes from the runners' own result files, not from this script's guess
# (scripts/count-results.sh says how each outcome counts). Its own self-test runs first: a
# counting that could miss a failure would make every line after it worthless.
self_test_failed=0
scripts/count-results.sh --self-test || self_test_failed=1
summary=$(scripts/count-results.sh "$results"/*.trx) || true # it exits 1 when something failed: counted below
read -r passed _ failed _ skipped _ <<<"${summary//,/}"
failed=$((failed + self_test_failed))
if ((status != 0 && failed == 0)); then
  echo "dotnet test failed without a failing test (build or runner error)" >&2
  failed=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
((failed == 0))
