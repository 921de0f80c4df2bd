# Sourced by demo.sh and test.sh: require_packages "command-or-file:package" ...
# Installs what is missing with apt when run as root; otherwise prints the apt command and exits.
require_packages() {
  local missing=() entry need
  for entry in "$@"; do
    need=${entry%%:*}
    if [[ $need == /* ]]; then [[ -e $need ]] && continue; else command -v "$need" >/dev/null 2>&1 && continue; fi
    missing+=("${entry#*:}")
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
}
