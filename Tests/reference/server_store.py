#!/usr/bin/env python3
"""What clearml-server stores of a task's scalar events and returns as its histogram.

Written from clearml-server's code (apiserver/bll/event/event_bll.py `add_events`,
event_metrics.py, event_common.py `get_max_metric_and_variant_counts`, the events mapping in
apiserver/elastic/index_templates/events/) and Elasticsearch's documented behaviour, without
looking at runreport's Swift:

- `value` is mapped `float`: the client sends the double as Python's repr, Elasticsearch parses
  that text to the nearest float32 (ties to even) and refuses the document when the result is not
  finite (`[float] supports only finite values`). NaN and infinities are refused too. A refused
  event is never stored, so it replaces nothing.
- The event id hashes (task, iter, metric, variant): a stored event replaces the earlier one
  with that id and goes to the end of the index's document order.
- The histogram query asks for `iter` greater than -2^31: events without iter are in no
  histogram. `iter` is stored as int(iter).
- `avg` is Elasticsearch's AvgAggregator: CompensatedSum over the float32 values widened to
  double, in document order, divided by the count.
- Variants per metric: dynamic_metrics_count is on by default, so the terms size is
  int(int(8000 / metrics) // 2), metrics and variants in key order.

Float32 rounding is done here with exact fractions, not with a float cast.
"""
import json
import math
from fractions import Fraction

MAX_AGGS_ELEMENTS_COUNT = 50
MAX_SAMPLE_BUCKETS = 6000
SINGLE_SCALAR_ITERATION = -(2 ** 31)
MAX_ES_BUCKETS = int(10000 * (min(100, 80) / 100))


def float32_of_text(text):
    """The float32 nearest to the decimal `text` (ties to even), as a float; None past float32."""
    q = Fraction(text)
    if q == 0:
        return -0.0 if text.lstrip().startswith("-") else 0.0
    sign = -1 if q < 0 else 1
    q = abs(q)
    e = q.numerator.bit_length() - q.denominator.bit_length()
    while Fraction(2) ** e > q:
        e -= 1
    while Fraction(2) ** (e + 1) <= q:
        e += 1
    e = max(e, -126)
    quantum = Fraction(2) ** (e - 23)
    n = q / quantum
    whole = n.numerator // n.denominator
    rest = n - whole
    if rest > Fraction(1, 2) or (rest == Fraction(1, 2) and whole % 2 == 1):
        whole += 1
    result = whole * quantum
    if result >= 2 ** 128:
        return None
    return sign * float(result)


def stored_value(value):
    """What Elasticsearch stores of a JSON value: a float, or None when it refuses it."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return float32_of_text(json.dumps(value))


def events_of(path):
    for line in open(path, encoding="utf-8"):
        if not line.strip():
            continue
        item = json.loads(line)
        for event in item if isinstance(item, list) else [item]:
            yield event


def stored_scalars(path):
    """(task, iter, metric, variant) -> (event, stored value), in Elasticsearch's document order."""
    docs = {}
    for event in events_of(path):
        if event.get("type") != "training_stats_scalar":
            continue
        stored = stored_value(event.get("value"))
        if stored is None:
            continue
        if "ts" in event:
            event["timestamp"] = event.pop("ts")
        it = event.get("iter")
        it = None if it is None else int(it)
        key = (event["task"], it, event.get("metric") or "", event.get("variant") or "")
        docs.pop(key, None)
        docs[key] = (event, stored)
    return docs


def variant_cap(pairs):
    """The (metric, variant) pairs the terms aggregations return."""
    metrics = sorted({m for m, _ in pairs})
    if not metrics:
        return []
    per_metric = int(int(MAX_ES_BUCKETS / len(metrics)) // 2)
    kept = []
    for metric in metrics:
        kept += [(metric, v) for v in sorted(v for m, v in pairs if m == metric)[:per_metric]]
    return kept


def compensated_average(values):
    total, delta = 0.0, 0.0
    for value in values:
        corrected = value + delta
        updated = total + corrected
        delta = corrected - (updated - total)
        total = updated
    return total / len(values)


def main(path, key, samples):
    from server_histogram import build_metric_interval, group_task_metric_intervals
    from datetime import datetime, timezone
    field = "iter" if key == "iter" else "timestamp"
    series = {}
    for (_, it, metric, variant), (event, stored) in stored_scalars(path).items():
        if it is None or it <= SINGLE_SCALAR_ITERATION or field not in event:
            continue
        x = it if field == "iter" else math.floor(event["timestamp"])
        series.setdefault((metric, variant), []).append((x, stored))
    intervals = []
    for metric, variant in variant_cap(list(series)):
        xs = [x for x, _ in series[(metric, variant)]]
        intervals.append(build_metric_interval(metric, variant, len(xs), min(xs), max(xs), samples))
    result = {}
    for interval, members in group_task_metric_intervals(intervals):
        for metric, variant in variant_cap(members):
            buckets = {}
            for x, value in series[(metric, variant)]:  # document order
                buckets.setdefault(math.floor(x / interval) * interval, []).append(value)
            xs, ys = [], []
            for bucket in sorted(buckets):
                if key == "iso_time":
                    moment = datetime.fromtimestamp(bucket / 1000, tz=timezone.utc)
                    xs.append(moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{bucket % 1000:03d}Z")
                else:
                    xs.append(int(bucket))
                ys.append(compensated_average(buckets[bucket]))
            result.setdefault(metric, {})[variant] = {"name": variant, "x": xs, "y": ys}
    print(json.dumps({m: dict(sorted(v.items())) for m, v in sorted(result.items())}))
