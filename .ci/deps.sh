#!/usr/bin/env bash
# Installs the Debian 12 packages Shomer needs to build, test and run its demo
# and benchmarks - only those missing.  As root it runs apt-get; otherwise it
# names the missing packages and the command that installs them.
set -eu

PACKAGES=(
	build-essential pkg-config
	libxml2-dev libxml2-utils
	libsqlite3-dev sqlite3
	libproj-dev proj-data proj-bin
	libgeos-dev libglpk-dev libjansson-dev
	python3 time tzdata clang-format cppcheck
	hledger python3-icalendar
)

missing=()
for p in "${PACKAGES[@]}"; do
	if ! dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null | grep -qx installed; then
		missing+=("$p")
	fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "shomer: missing Debian packages: ${missing[*]}" >&2
	echo "shomer: install them as root: apt-get install ${missing[*]}" >&2
	exit 1
fi
echo "shomer: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
# A stale or absent package list makes installs fail: refresh it once.
apt-get update -qq >&2
apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
