#!/usr/bin/env bash
# The hardening issue's scale benchmarks, kept out of `make test`:
#   bench/scale.sh [render|log|metrics|archive]...   (default: all four)
# render:  a 10M-event dump (1.9 GB) against the 1M one: time ratio, peak memory against
#          64 MB + 16 bytes a point, page size, and the page's load time in headless Chromium.
# log:     a 5 GB log dump through `runreport log` to a file: peak memory.
# metrics: 2,000 metrics × 5 variants (and 1,000 × 5, for linearity): render time, page size,
#          load time in Chromium.
# archive: 1,000 small runs: fresh, then again unchanged; the index in Chromium.
# Needs a release build (made here), GNU time, chromium, and disk: about 9 GB in bench/out.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --static-swift-stdlib >/dev/null
bin=.build/release/runreport
dump=.build/release/make-dump
mkdir -p bench/out
measure() {  # label, command...: wall seconds and peak RSS (MB) of one run
    local label=$1; shift
    local out
    out=$( { /usr/bin/time -f "%e %M" "$@" > /dev/null; } 2>&1 | tail -1)
    read -r wall rss <<< "$out"
    printf "%-44s wall %7.2f s  peak %6.0f MB\n" "$label" "$wall" "$(echo "$rss / 1024" | bc -l)"
}
chrome_load() {  # page: seconds for headless Chromium to load it and print its DOM
    local start end
    start=$(date +%s.%N)
    chromium --headless --no-sandbox --disable-gpu --dump-dom "file://$PWD/$1" > /dev/null 2>&1
    end=$(date +%s.%N)
    echo "$end - $start" | bc -l | xargs printf "%.2f"
}
want=${*:-render log metrics archive}
for part in $want; do case $part in
render)
    [ -f bench/out/dump-1m.jsonl ] || $dump --events 1000000 bench/out/dump-1m.jsonl
    [ -f bench/out/dump-10m.jsonl ] || $dump --events 10000000 bench/out/dump-10m.jsonl
    cat bench/out/dump-10m.jsonl > /dev/null
    measure "render 1M events" $bin render --quiet -o bench/out/r1m bench/out/dump-1m.jsonl
    measure "render 10M events" $bin render --quiet -o bench/out/r10m bench/out/dump-10m.jsonl
    points=$($bin validate --json --quiet bench/out/dump-10m.jsonl | python3 -c 'import json,sys; d=json.load(sys.stdin); print(sum(t["events"].get("training_stats_scalar",0) for i in d["inputs"] for t in i["tasks"]))')
    echo "bound for 10M: 64 MB + 16 B × $points points = $(( (64 << 20) + 16 * points )) bytes ($(( ((64 << 20) + 16 * points) / 1048576 )) MB)"
    echo "page: $(stat -c %s bench/out/r10m/index.html) bytes; Chromium load: $(chrome_load bench/out/r10m/index.html) s"
    ;;
log)
    [ -f bench/out/log-5g.jsonl ] || $dump --log-bytes 5000000000 bench/out/log-5g.jsonl
    measure "log of 5 GB to a file" $bin log --quiet -o bench/out/log-5g.txt bench/out/log-5g.jsonl
    echo "output: $(stat -c %s bench/out/log-5g.txt) bytes"; rm -f bench/out/log-5g.txt
    ;;
metrics)
    for m in 1000 2000; do
        f=bench/out/metrics-$m.jsonl
        [ -f "$f" ] || $dump --metrics $m --variants 5 --events $((m * 5 * 100)) "$f"
        measure "render $m metrics × 5 variants × 100 points" $bin render --quiet -o bench/out/metrics-$m "$f"
        echo "page: $(stat -c %s bench/out/metrics-$m/index.html) bytes; Chromium load: $(chrome_load bench/out/metrics-$m/index.html) s"
    done
    ;;
archive)
    inputs=bench/out/archive-1000
    if [ ! -f "$inputs/run-0999.jsonl" ]; then
        mkdir -p "$inputs"
        for i in $(seq 0 999); do $dump --events 2000 --first-task "$i" "$(printf '%s/run-%04d.jsonl' "$inputs" "$i")"; done
    fi
    rm -rf bench/out/site-1000
    measure "archive of 1,000 runs, fresh" $bin archive --quiet -o bench/out/site-1000 "$inputs"
    measure "archive of 1,000 runs, unchanged" $bin archive --quiet -o bench/out/site-1000 "$inputs"
    echo "index: $(stat -c %s bench/out/site-1000/index.html) bytes; Chromium load: $(chrome_load bench/out/site-1000/index.html) s"
    ;;
esac; done
