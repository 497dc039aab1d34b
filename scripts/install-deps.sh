#!/usr/bin/env bash
# Installs the Debian packages the build needs, skipping those already present; with --browser
# also Chromium, for the suite's browser test; with --test everything the suite needs: Chromium,
# python3 and python3-rapidjson (the references in Tests/reference run on Debian's python3, which
# has python-rapidjson, the JSON library clearml-server writes with). Idempotent; run by
# `make demo` and `make test`.
set -euo pipefail

packages=(libsimdjson-dev zlib1g-dev libxml2-dev librsvg2-dev fonts-dejavu-core pkg-config)
if [ "${1:-}" = "--browser" ]; then packages+=(chromium); fi
if [ "${1:-}" = "--test" ]; then packages+=(chromium python3 python3-rapidjson); fi

missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "runreport: installing ${missing[*]}" >&2
if [ "$(id -u)" -eq 0 ]; then
    apt_get=(apt-get)
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    apt_get=(sudo apt-get)
else
    echo "runreport: these Debian packages are missing: ${missing[*]}" >&2
    echo "runreport: run as root, or install them first: sudo apt-get install ${missing[*]}" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${apt_get[@]}" update -qq
"${apt_get[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
