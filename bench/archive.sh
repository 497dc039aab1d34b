#!/usr/bin/env bash
# The archive benchmark of the compare-and-archive issue: 100 runs of 20k points each (json-lines
# dumps from make-dump, one task a file), archived fresh with --jobs 1 and with every core, then
# again with nothing changed. Figures go to BENCHMARKS.md by hand.
#   bench/archive.sh
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --static-swift-stdlib >/dev/null
inputs=bench/out/archive-inputs
if [ ! -f "$inputs/run-099.jsonl" ]; then
    mkdir -p "$inputs"
    for i in $(seq 0 99); do
        .build/release/make-dump --events 20000 --first-task "$i" "$(printf '%s/run-%03d.jsonl' "$inputs" "$i")"
    done
fi
echo "inputs: $(ls "$inputs" | wc -l) files, $(du -sh "$inputs" | cut -f1)"
cores=$(nproc)
wall() { /usr/bin/time -f "%e" "$@" 2>&1 >/dev/null | tail -1; }
for jobs in 1 "$cores"; do
    rm -rf bench/out/site
    t=$(wall .build/release/runreport archive --quiet --jobs "$jobs" -o bench/out/site "$inputs")
    echo "archive, fresh, --jobs $jobs: $t s"
done
again=$(wall .build/release/runreport archive --quiet -o bench/out/site "$inputs")
echo "archive, nothing changed: $again s"
echo "site: $(du -sh bench/out/site | cut -f1), $(find bench/out/site -type f | wc -l) files"
