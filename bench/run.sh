#!/usr/bin/env bash
# Benchmarks runreport against its peers on generated dumps. Figures go to BENCHMARKS.md by hand.
#   bench/run.sh    the 1M-event dump: validate vs the Python + orjson peer, memory, scalars,
#                   render against the pandas + plotly peer (the two alternated);
#                   a 600 MB log dump: log output rate
# Needs: a release build (made here), python3 with orjson, pandas and plotly, GNU time.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --static-swift-stdlib >/dev/null
mkdir -p bench/out
dump=bench/out/dump-1m.jsonl
[ -f "$dump" ] || .build/release/make-dump --events 1000000 "$dump"
bytes=$(stat -c %s "$dump")
echo "input: $dump, $bytes bytes"
cat "$dump" > /dev/null  # page cache warm for both

report() {  # label, "wall user sys rss" of a run
    read -r wall user sys rss <<< "$2"
    awk -v l="$1" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" -v b="$bytes" 'BEGIN {
        printf "%-34s wall %6.3f s  cpu %6.3f s  %6.0f MB/s wall  %6.0f MB/s per cpu-second  peak %4.0f MB\n",
               l, w, u + s, b / 1e6 / w, b / 1e6 / (u + s), r / 1024 }'
}
timed() {  # command...: "wall user sys rss" of one run
    { /usr/bin/time -f "%e %U %S %M" "$@" > /dev/null; } 2>&1 | tail -1
}
faster() {  # run, best so far: true when the run is faster (or there is no best yet)
    [ -z "$2" ] || awk -v a="${1%% *}" -v b="${2%% *}" 'BEGIN { exit !(a < b) }'
}
measure() {  # label, command...: best wall time of 5 runs, with user+sys and peak RSS of that run
    local label=$1; shift
    local best="" out
    for _ in 1 2 3 4 5; do
        out=$(timed "$@")
        if faster "$out" "$best"; then best=$out; fi
    done
    report "$label" "$best"
}

measure "runreport validate (2 cores)" .build/release/runreport validate --quiet "$dump"
measure "runreport validate (1 core)" taskset -c 0 .build/release/runreport validate --quiet "$dump"
measure "python3 + orjson peer" python3 bench/peer_validate.py "$dump"
measure "runreport scalars (2 cores)" .build/release/runreport scalars --quiet "$dump"
# The render and its peer alternate, five runs each, so that both see the same phases of this shared
# host (a phase lasts seconds to minutes: five renders in a row, 1 s in all, could all fall in a slow
# one while the peer's five, 30 s, spanned a fast one too).
render=(.build/release/runreport render --quiet -o bench/out/report "$dump")
peer=(python3 bench/peer_report.py "$dump" bench/out/peer.html)
best_render="" best_peer=""
for _ in 1 2 3 4 5; do
    out=$(timed "${render[@]}"); if faster "$out" "$best_render"; then best_render=$out; fi
    out=$(timed "${peer[@]}"); if faster "$out" "$best_peer"; then best_peer=$out; fi
done
report "runreport render (2 cores)" "$best_render"
echo "report page: $(stat -c %s bench/out/report/index.html) bytes"
report "pandas + plotly peer (2,000 a series)" "$best_peer"
awk -v r="${best_render%% *}" -v p="${best_peer%% *}" 'BEGIN { printf "render against its peer, alternated: 1/%.1f\n", p / r }'
PEER_SAMPLES=0 measure "pandas + plotly peer (every point)" python3 bench/peer_report.py "$dump" bench/out/peer.html

# The log: its output rate is the output's size over the time the log command takes beyond
# reading the same input (validate), to /dev/null and to a file.
logdump=bench/out/log-600m.jsonl
[ -f "$logdump" ] || .build/release/make-dump --log-bytes 600000000 "$logdump"
cat "$logdump" > /dev/null
best() { local b=""; for _ in 1 2 3 4 5; do local t; t=$( { /usr/bin/time -f "%e" "$@" > /dev/null; } 2>&1 | tail -1)
    if [ -z "$b" ] || awk -v a="$t" -v c="$b" 'BEGIN { exit !(a < c) }'; then b=$t; fi; done; echo "$b"; }
read_time=$(best .build/release/runreport validate --quiet "$logdump")
null_time=$(best .build/release/runreport log --quiet "$logdump")
file_time=$(best .build/release/runreport log --quiet -o bench/out/log.txt "$logdump")
out_bytes=$(stat -c %s bench/out/log.txt)
awk -v r="$read_time" -v n="$null_time" -v f="$file_time" -v o="$out_bytes" 'BEGIN {
    printf "log: %d MB out; read %.2f s; log to /dev/null %.2f s (%.0f MB/s of output beyond reading); to a file %.2f s (%.0f MB/s)\n",
           o / 1e6, r, n, o / 1e6 / (n - r), f, o / 1e6 / (f - r) }'
rm -f bench/out/log.txt
