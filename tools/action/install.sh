#!/usr/bin/env bash
# The action's first step (action.yml): installs mutator and curator.
#   INPUT_PACKAGE  a mutation-lab_<version>_amd64.deb, as a path or an http(s) URL: installed with apt-get,
#                  which installs what it depends on (Debian 12: run the job in a debian:12 container)
#                  empty: built from this action's own revision with `mlab install` into /usr/local
# Bad input is one line on stderr and exit code 2, as for the tools themselves.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source_dir=$(cd "$here/../.." && pwd)
package=${INPUT_PACKAGE:-}
die() { printf 'mutation-lab action: %s\n' "$*" >&2; exit 2; }

# A package that is a file is checked before anything is installed.
check_package() {
  [ -f "$1" ] || die "package: $1 is not a file"
  dpkg-deb -f "$1" Package 2>/dev/null | grep -qx mutation-lab \
    || die "package: $1 is not a mutation-lab Debian package"
}
case "$package" in
  "" | http://* | https://*) ;;
  *) check_package "$package" ;;
esac

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || die "installing needs root or sudo, and this runner has neither"
  sudo=(sudo)
fi
apt_install() {
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

# The package lists, for what the package depends on; without them apt-get installs from the lists it has.
update() {
  "${sudo[@]}" apt-get update -qq || printf 'mutation-lab action: apt-get update failed, going on\n' >&2
}

started=$SECONDS
if [ -n "$package" ]; then
  update
  # apt takes an argument for a file only when it has a / and ends in .deb: the package is copied (or
  # downloaded) to such a name, whatever its own path or URL looks like.
  work=$(mktemp -d "${RUNNER_TEMP:-/tmp}/mutation-lab.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  chmod 755 "$work"  # apt's sandbox user reads the file
  file="$work/mutation-lab.deb"
  case "$package" in
    http://* | https://*)
      command -v curl >/dev/null 2>&1 || apt_install --no-install-recommends curl ca-certificates >/dev/null
      curl -fsSL --retry 3 -o "$file" "$package" || die "package: cannot download $package"
      check_package "$file"
      ;;
    *) cp "$package" "$file" ;;
  esac
  chmod 644 "$file"
  apt_install "$file" >/dev/null
else
  update
  "${sudo[@]}" env MLAB_INSTALL_BUILD_DIR="${RUNNER_TEMP:-/tmp}/mutation-lab-build" \
    "$source_dir/mlab" install /usr/local
fi

# In a container the workspace belongs to the runner's user and git runs as root: without this, git
# refuses the repository (mutator run --since runs git diff). Only on a GitHub runner, where the global
# configuration is the job's own.
if [ "${GITHUB_ACTIONS:-}" = true ] && command -v git >/dev/null 2>&1; then
  git config --global --add safe.directory '*'
fi
printf 'mutation-lab action: %s and %s installed in %d s\n' "$(mutator --version)" "$(curator --version)" \
  $((SECONDS - started))
