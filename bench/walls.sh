#!/usr/bin/env bash
# Issue 16's memory walls, kept out of `make test`: peak memory of hostile inputs.
#   bench/walls.sh
# metrics: a dump of 1,000,000 distinct metrics, one point each (130 MB): validate, scalars, render
#          (the default --max-series); 2,000,000 (260 MB) and 5,000,000 (660 MB): refused at the
#          default limit, and 2,000,000 read with --max-series 3000000 (the cost of a series).
# comet:   a 5 kB Comet archive whose messages name one 4 MiB asset 2,000 times: validate, render.
# line:    a 2 MB ClearML session zip holding one 2 GiB line: validate at the default cap
#          (256 MiB) and at --max-line-bytes 1000000.
# The goal is at most 2 GiB resident for any of them. Needs a release build (made here), GNU time,
# python3, and about 1.6 GB in bench/out.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product runreport >/dev/null
bin=$PWD/.build/release/runreport
mkdir -p bench/out/walls
cd bench/out/walls
python3 - <<'PY'
import json, os, zipfile
for name, count in [('many.jsonl', 1_000_000), ('many2.jsonl', 2_000_000), ('many5.jsonl', 5_000_000)]:
    if not os.path.exists(name):
        with open(name, 'w') as f:
            for i in range(count):
                f.write('{"type":"training_stats_scalar","task":"t1","iter":0,"timestamp":1700000000000,'
                        '"metric":"m%d","variant":"v","value":%d.5}\n' % (i, i))
if not os.path.exists('amp.zip'):
    with zipfile.ZipFile('amp.zip', 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr('experiment.json', json.dumps({"offline_id": "c1"}))
        z.writestr('big.txt', 'z' * (4 << 20))
        metric = {"payload": {"context": None, "metric": {"metricName": "loss", "metricValue": 1, "step": 0}}, "type": "metric_msg"}
        upload = {"payload": {"file_path": "big.txt", "upload_type": "text-sample"}, "type": "file_upload"}
        z.writestr('messages.json', "\n".join([json.dumps(metric)] + [json.dumps(upload)] * 2000))
if not os.path.exists('longline.zip'):
    line = b'[{"type":"training_stats_scalar","iter":0,"metric":"m","variant":"v","value":1}]\n'
    with zipfile.ZipFile('longline.zip', 'w', zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr('task.json', json.dumps({"id": "t1", "name": "long"}))
        with z.open('metrics.jsonl', 'w', force_zip64=True) as f:
            f.write(line + b'["')
            for _ in range(128): f.write(b'a' * (1 << 24))
            f.write(b'"]\n' + line)
PY
measure() {  # label, command...: exit status, wall seconds and peak RSS (MB) of one run
    local label=$1; shift
    rm -rf out
    local status=0
    /usr/bin/time -o time.txt -f "%e %M" "$@" --quiet > /dev/null 2> /dev/null || status=$?
    read -r wall rss < <(tail -1 time.txt)
    printf "%-48s exit %d  wall %6.2f s  peak %6.0f MB\n" "$label" "$status" "$wall" "$(echo "$rss / 1024" | bc -l)"
}
measure "validate, 1M metrics" "$bin" validate many.jsonl
measure "scalars, 1M metrics" "$bin" scalars many.jsonl -o out.json
measure "render, 1M metrics" "$bin" render many.jsonl -o out
measure "validate, 2M metrics (refused)" "$bin" validate many2.jsonl
measure "scalars, 2M metrics (refused)" "$bin" scalars many2.jsonl -o out.json
measure "render, 2M metrics (refused)" "$bin" render many2.jsonl -o out
measure "render, 5M metrics (refused)" "$bin" render many5.jsonl -o out
measure "validate, 2M metrics, --max-series 3000000" "$bin" validate many2.jsonl --max-series 3000000
measure "scalars, 2M metrics, --max-series 3000000" "$bin" scalars many2.jsonl -o out.json --max-series 3000000
measure "validate, one asset named 2,000 times" "$bin" validate amp.zip
measure "render, one asset named 2,000 times" "$bin" render amp.zip -o out
measure "validate, a 2 GiB line in a 2 MB zip" "$bin" validate longline.zip
measure "validate, the same, --max-line-bytes 1000000" "$bin" validate longline.zip --max-line-bytes 1000000
