#!/usr/bin/env bash
# Installs the Debian packages the build needs, skipping those already present. With --browser
# also Chromium and poppler-utils (pdftotext), for the suite's browser and print tests; with --test
# everything the suite needs: those, Debian's python3 and python3-rapidjson (the references in
# Tests/reference run on Debian's python3, which has python-rapidjson, the JSON library
# clearml-server writes with), and, from PyPI, mlflow (the pull tests start a real `mlflow server`
# on loopback). Idempotent; run by `make demo` and `make test`.
set -euo pipefail

packages=(libsimdjson-dev zlib1g-dev libxml2-dev librsvg2-dev libsqlite3-dev libcurl4-openssl-dev fonts-dejavu-core pkg-config)
case "${1:-}" in
    --browser) packages+=(chromium poppler-utils) ;;
    --test) packages+=(chromium poppler-utils python3 python3-rapidjson) ;;
esac

missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done

if [ ${#missing[@]} -gt 0 ]; then
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
fi

if [ "${1:-}" = "--test" ] && ! python3 -c "import mlflow" 2>/dev/null; then
    echo "runreport: installing mlflow 3.18.0 (pip) for the pull tests" >&2
    python3 -m pip install --quiet --disable-pip-version-check "mlflow==3.18.0" >&2
fi
