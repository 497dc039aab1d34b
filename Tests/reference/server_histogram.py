#!/usr/bin/env python3
"""A reference for runreport's scalar histograms, written from clearml-server's code.

`_build_metric_interval` and `_group_task_metric_intervals` are transcribed from
apiserver/bll/event/event_metrics.py; Elasticsearch's part (event ids that replace earlier
events, the terms and histogram aggregations with min_doc_count 1, avg) is emulated. Reads a
json-lines event dump of one task (an event or a batch array a line); prints the
scalar_metrics_iter_histogram response as JSON.

    server_histogram.py DUMP KEY SAMPLES [full|server]

full (the default): the doubles as sent, non-finite values left out of averages.
server: what the server stores and returns (see server_store.py): float32 values, refused values
never stored, events without iter left out, Elasticsearch's compensated average in document
order, the variant cap of get_max_metric_and_variant_counts.
"""
import json
import math
import sys
from datetime import datetime, timezone
from operator import itemgetter

MAX_AGGS_ELEMENTS_COUNT = 50
MAX_SAMPLE_BUCKETS = 6000
SINGLE_SCALAR_ITERATION = -(2 ** 31)


def build_metric_interval(metric, variant, count, min_index, max_index, samples):
    if count < samples:
        return metric, variant, 1, count
    index_range = max_index - min_index + 1
    interval = max(1, math.ceil(float(index_range) / samples))
    max_samples = math.ceil(float(index_range) / interval)
    return metric, variant, interval, max_samples


def group_task_metric_intervals(intervals):
    metric_interval_groups = []
    interval_group = []
    group_interval_upper_bound = 0
    group_max_interval = 0
    group_samples = 0
    for metric, variant, interval, size in sorted(intervals, key=itemgetter(2)):
        if (
            interval > group_interval_upper_bound
            or (group_samples + size) > MAX_SAMPLE_BUCKETS
            or len(interval_group) >= MAX_AGGS_ELEMENTS_COUNT
        ):
            if interval_group:
                metric_interval_groups.append((group_max_interval, interval_group))
                interval_group = []
            group_max_interval = interval
            group_interval_upper_bound = interval + int(interval * 0.1)
            group_samples = 0
        interval_group.append((metric, variant))
        group_samples += size
        group_max_interval = max(group_max_interval, interval)
    if interval_group:
        metric_interval_groups.append((group_max_interval, interval_group))
    return metric_interval_groups


def main_full(path, key, samples):
    field = "iter" if key == "iter" else "timestamp"
    docs = {}  # event id -> event: a later event with the same id replaces the earlier
    for line in open(path, encoding="utf-8"):
        if not line.strip():
            continue
        event = json.loads(line)
        if event.get("type") != "training_stats_scalar":
            continue
        metric, variant = event.get("metric", ""), event.get("variant", "")
        docs[(event["task"], event.get("iter", 0), metric, variant)] = event
    series = {}
    for (_, it, metric, variant), event in docs.items():
        if it <= SINGLE_SCALAR_ITERATION or field not in event:
            continue
        series.setdefault((metric, variant), []).append(event)
    intervals = []
    for (metric, variant) in sorted(series):
        xs = [e[field] for e in series[(metric, variant)]]
        intervals.append(build_metric_interval(metric, variant, len(xs), min(xs), max(xs), samples))
    result = {}
    for interval, members in group_task_metric_intervals(intervals):
        for metric, variant in members:
            buckets = {}
            events = sorted(series[(metric, variant)], key=lambda e: e[field])
            for e in events:
                buckets.setdefault(math.floor(e[field] / interval) * interval, []).append(e["value"])
            xs, ys = [], []
            for bucket in sorted(buckets):
                finite = [v for v in buckets[bucket] if math.isfinite(v)]
                if key == "iso_time":
                    moment = datetime.fromtimestamp(bucket / 1000, tz=timezone.utc)
                    xs.append(moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{bucket % 1000:03d}Z")
                else:
                    xs.append(int(bucket))
                ys.append(sum(finite) / len(finite) if finite else None)
            result.setdefault(metric, {})[variant] = {"name": variant, "x": xs, "y": ys}
    print(json.dumps({m: dict(sorted(v.items())) for m, v in sorted(result.items())}))


if __name__ == "__main__":
    if len(sys.argv) > 4 and sys.argv[4] == "server":
        import server_store
        server_store.main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
    else:
        main_full(sys.argv[1], sys.argv[2], int(sys.argv[3]))
