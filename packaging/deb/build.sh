#!/usr/bin/env bash
# Makes guivirt_VERSION_amd64.deb from this source tree with dpkg-deb:
#   packaging/deb/build.sh [--no-build] [OUTPUT_FOLDER]     (default output: artifacts/deb)
# The files are those of `./install.sh --prefix /usr` (native programs, systemd user unit,
# completions, man page), staged with --destdir; --no-build reuses install.sh's last build.
set -euo pipefail
cd "$(dirname "$0")/../.."

build=()
if [[ ${1:-} == --no-build ]]; then
  build=(--no-build)
  shift
fi
output=${1:-artifacts/deb}
command -v dpkg-deb >/dev/null || { echo "build.sh: dpkg-deb is not installed: install the Debian package dpkg" >&2; exit 1; }

version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Cli/GuiVirt.Cli.csproj)
[[ -n $version ]] || { echo "build.sh: no <Version> in Cli/GuiVirt.Cli.csproj" >&2; exit 1; }
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
root=$stage/root

./install.sh --prefix /usr --destdir "$root" "${build[@]}"

# Debian's own documentation files: the copyright and a changelog (lintian asks for both).
install -d "$root/usr/share/doc/guivirt"
cat >"$root/usr/share/doc/guivirt/copyright" <<'COPYRIGHT'
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: guivirt
Comment: GuiVirt, secure GUI virtualization for any Linux desktop, and the SkiaSharp native library
 (libSkiaSharp.so, MIT, Copyright (c) 2015-2016 Xamarin, Inc.; Copyright (c) 2017-2018 Microsoft
 Corporation) that its programs load.

Files: *
Copyright: the GuiVirt authors
License: see the source tree of GuiVirt
COPYRIGHT
printf 'guivirt (%s) unstable; urgency=medium\n\n  * Built from the GuiVirt source tree.\n\n -- GuiVirt <guivirt@localhost>  %s\n' \
  "$version" "$(date -R -u -d @"${SOURCE_DATE_EPOCH:-0}")" | gzip -9n >"$root/usr/share/doc/guivirt/changelog.gz" # a native package's name

# SkiaSharp's library comes with its symbols; the package carries it stripped (lintian).
if command -v strip >/dev/null; then
  strip --strip-unneeded "$root/usr/lib/guivirt/libSkiaSharp.so" "$root/usr/lib/guivirt/agent/libSkiaSharp.so"
fi

# What the programs load or run: bubblewrap and Xvfb for every qube (setpriv, for a root daemon's
# qubes, is in util-linux, which is essential); the X libraries of X11/Interop/Libraries.cs and libseccomp
# (GuiDaemon/Interop); SkiaSharp's own (fontconfig, freetype, libpng, the C++ runtime).
depends="bubblewrap, xvfb, libc6, libstdc++6, libgcc-s1, libx11-6, libx11-xcb1, libxcb1, libxcb-shm0,
 libxext6, libxcomposite1, libxdamage1, libxfixes3, libxrandr2, libxrender1, libxtst6, libseccomp2, libfontconfig1, libfreetype6,
 libpng16-16 | libpng16-16t64"
install -d "$root/DEBIAN"
cat >"$root/DEBIAN/control" <<CONTROL
Package: guivirt
Version: $version
Architecture: amd64
Maintainer: GuiVirt <guivirt@localhost>
Installed-Size: $(du -sk --exclude=DEBIAN "$root" | cut -f1)
Depends: $(tr -d '\n' <<<"$depends")
Recommends: passt, dbus, xterm, x11-apps
Section: x11
Priority: optional
Description: Qubes OS's GUI isolation for any Linux desktop
 Apps run inside qubes, sandboxed compartments (bubblewrap) that each have
 their own X server (Xvfb). A per-qube agent captures their windows into shared
 memory; the daemon shows them on the desktop in a frame of the qube's label
 colour with [qube] in the title, which no qube can forge. Input goes only to
 the window it was aimed at, and the clipboard moves between qubes only on the
 user's hotkeys. Commands: guivirt daemon, run, ls, stop, copy, menu, selftest.
CONTROL

mkdir -p "$output"
deb=$output/guivirt_${version}_amd64.deb
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
echo "$deb"
