#!/usr/bin/env bash
# Builds GuiVirt as native programs (NativeAOT) and installs them, with the systemd user unit,
# bash and zsh completions and the man page:
#   ./install.sh [--prefix DIR]     default: ~/.local for a user, /usr/local for root
#   ./install.sh --uninstall [--prefix DIR]
# Options for packagers: --destdir DIR stages everything under DIR (nothing is enabled), --no-build
# installs what the last build left in artifacts/install. Layout under PREFIX:
#   bin/guivirt -> ../lib/guivirt/guivirt        the command line and the daemon
#   lib/guivirt/agent/guivirt-agent              the agent, bound read-only into every qube
#   lib/guivirt/selftest/GuiVirt.TestApp         the pattern app of `guivirt selftest`
#   lib/systemd/user/guivirt.service             (share/systemd/user for ~/.local, where systemd looks)
#   share/bash-completion/completions/guivirt, share/zsh/.../_guivirt, share/man/man1/guivirt.1.gz
set -euo pipefail
cd "$(dirname "$0")"

usage() {
  sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'
}

prefix="" destdir="" uninstall=0 build=1
while (($#)); do
  case $1 in
    --prefix) [[ $# -ge 2 ]] || { echo "install.sh: --prefix needs a folder" >&2; exit 2; }; prefix=$2; shift 2 ;;
    --prefix=*) prefix=${1#*=}; shift ;;
    --destdir) [[ $# -ge 2 ]] || { echo "install.sh: --destdir needs a folder" >&2; exit 2; }; destdir=$2; shift 2 ;;
    --uninstall) uninstall=1; shift ;;
    --no-build) build=0; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "install.sh: unknown option '$1'" >&2; usage >&2; exit 2 ;;
  esac
done

default_prefix=$HOME/.local
((EUID == 0)) && default_prefix=/usr/local
prefix=${prefix:-$default_prefix}
[[ $prefix == /* ]] || { echo "install.sh: the prefix must be an absolute path, not '$prefix'" >&2; exit 2; }
prefix=${prefix%/}

# systemd reads user units from ~/.local/share/systemd/user and PREFIX/lib/systemd/user (/usr, /usr/local).
unitdir=$prefix/lib/systemd/user
[[ $prefix == "$HOME/.local" ]] && unitdir=$prefix/share/systemd/user
zshdir=$prefix/share/zsh/site-functions
[[ $prefix == /usr ]] && zshdir=$prefix/share/zsh/vendor-completions # Debian's place for packages

libdir=$prefix/lib/guivirt
files=(
  "$prefix/bin/guivirt" "$libdir/guivirt" "$libdir/libSkiaSharp.so"
  "$libdir/agent/guivirt-agent" "$libdir/agent/libSkiaSharp.so" "$libdir/selftest/GuiVirt.TestApp"
  "$unitdir/guivirt.service" "$prefix/share/bash-completion/completions/guivirt" "$zshdir/_guivirt"
  "$prefix/share/man/man1/guivirt.1.gz"
)

# The daemon is enabled for the user only where systemd will find its unit and a user manager runs.
can_enable() {
  [[ -z $destdir && $prefix == "$default_prefix" ]] && ((EUID != 0)) && command -v systemctl >/dev/null &&
    systemctl --user show-environment >/dev/null 2>&1
}

if ((uninstall)); then
  if can_enable; then
    systemctl --user disable --now guivirt.service 2>/dev/null || true
  fi
  for file in "${files[@]}"; do
    rm -f "$destdir$file"
  done
  rmdir "$destdir$libdir/agent" "$destdir$libdir/selftest" "$destdir$libdir" 2>/dev/null || true
  can_enable && systemctl --user daemon-reload || true
  echo "removed GuiVirt from $prefix"
  exit 0
fi

out=artifacts/install
if ((build)); then
  command -v dotnet >/dev/null || { echo "install.sh: dotnet is not installed: install the .NET 10 SDK (Debian package dotnet-sdk-10.0)" >&2; exit 1; }
  # NativeAOT links with the system's C toolchain.
  if ! command -v clang >/dev/null || [[ ! -f /usr/include/zlib.h ]]; then
    echo "install.sh: NativeAOT links with clang and zlib: install the Debian packages clang and zlib1g-dev" >&2
    exit 1
  fi
  rm -rf "$out"
  for project in Cli/GuiVirt.Cli.csproj:cli GuiAgent/GuiVirt.GuiAgent.csproj:agent tests/TestApp/GuiVirt.TestApp.csproj:selftest; do
    echo "building ${project%%:*} (NativeAOT, a few minutes)"
    # In artifacts/ of their own (--artifacts-path): the JIT build in bin/ and obj/ (demo, tests) stays as it is.
    dotnet publish "${project%%:*}" -c Release -r linux-x64 -p:PublishAot=true -nologo -v quiet --artifacts-path artifacts/aot -o "$out/${project##*:}"
  done
fi
for built in cli/guivirt cli/libSkiaSharp.so agent/guivirt-agent agent/libSkiaSharp.so selftest/GuiVirt.TestApp; do
  [[ -f $out/$built ]] || { echo "install.sh: $out/$built is not built (run without --no-build)" >&2; exit 1; }
done

put() { # put MODE SOURCE TARGET
  install -D -m "$1" "$2" "$destdir$3"
}
put 755 "$out/cli/guivirt" "$libdir/guivirt"
put 644 "$out/cli/libSkiaSharp.so" "$libdir/libSkiaSharp.so"
put 755 "$out/agent/guivirt-agent" "$libdir/agent/guivirt-agent"
put 644 "$out/agent/libSkiaSharp.so" "$libdir/agent/libSkiaSharp.so"
put 755 "$out/selftest/GuiVirt.TestApp" "$libdir/selftest/GuiVirt.TestApp"
mkdir -p "$destdir$prefix/bin"
ln -sfn ../lib/guivirt/guivirt "$destdir$prefix/bin/guivirt"

unit=$(mktemp)
trap 'rm -f "$unit"' EXIT
sed "s|@BINDIR@|$prefix/bin|" packaging/systemd/guivirt.service.in >"$unit"
put 644 "$unit" "$unitdir/guivirt.service"

# Completions and the man page are generated from the program's own command tree (Cli/CommandTree.cs).
guivirt=$destdir$libdir/guivirt
generate() { # generate TARGET COMMAND...
  local target=$1
  shift
  if ! "$guivirt" "$@" >"$unit" || [[ ! -s $unit ]]; then
    echo "install.sh: \`guivirt $*\` wrote nothing: $target not installed" >&2
    exit 1
  fi
  put 644 "$unit" "$target"
}
generate "$prefix/share/bash-completion/completions/guivirt" completion bash
generate "$zshdir/_guivirt" completion zsh
generate "$prefix/share/man/man1/guivirt.1" man
gzip -9nf "$destdir$prefix/share/man/man1/guivirt.1"

echo "installed $("$guivirt" --version) in $destdir$prefix"
if can_enable; then
  systemctl --user daemon-reload
  systemctl --user enable --now guivirt.service
  echo "the daemon runs as the systemd user service guivirt (systemctl --user status guivirt)"
elif [[ -z $destdir ]]; then
  echo "start the daemon with the session: systemctl --user enable --now guivirt (the unit is $unitdir/guivirt.service)"
fi
case ":$PATH:" in
  *":$prefix/bin:"*) ;;
  *) [[ -z $destdir ]] && echo "note: $prefix/bin is not on your PATH" ;;
esac
