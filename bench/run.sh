#!/usr/bin/env bash
# Benchmarks runreport against its peers on generated dumps. Figures go to BENCHMARKS.md by hand.
#   bench/run.sh            the 1M-event dump: validate vs the Python + orjson peer, and memory
# Needs: a release build (made here), python3 with orjson, GNU time.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release >/dev/null
mkdir -p bench/out
dump=bench/out/dump-1m.jsonl
[ -f "$dump" ] || .build/release/make-dump --events 1000000 "$dump"
bytes=$(stat -c %s "$dump")
echo "input: $dump, $bytes bytes"
cat "$dump" > /dev/null  # page cache warm for both

measure() {  # label, command...: best wall time of 5 runs, with user+sys and peak RSS of that run
    local label=$1; shift
    local best=""
    for _ in 1 2 3 4 5; do
        local out
        out=$( { /usr/bin/time -f "%e %U %S %M" "$@" > /dev/null; } 2>&1 | tail -1)
        if [ -z "$best" ] || awk -v a="${out%% *}" -v b="${best%% *}" 'BEGIN { exit !(a < b) }'; then best=$out; fi
    done
    read -r wall user sys rss <<< "$best"
    awk -v l="$label" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" -v b="$bytes" 'BEGIN {
        printf "%-34s wall %6.3f s  cpu %6.3f s  %6.0f MB/s wall  %6.0f MB/s per cpu-second  peak %4.0f MB\n",
               l, w, u + s, b / 1e6 / w, b / 1e6 / (u + s), r / 1024 }'
}

measure "runreport validate (2 cores)" .build/release/runreport validate --quiet "$dump"
measure "runreport validate (1 core)" taskset -c 0 .build/release/runreport validate --quiet "$dump"
measure "python3 + orjson peer" python3 bench/peer_validate.py "$dump"
