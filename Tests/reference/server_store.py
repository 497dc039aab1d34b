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


def lines_of(path):
    """The lines of a dump, of a session folder's metrics.jsonl, or of a session zip's."""
    import os
    import zipfile
    if os.path.isdir(path):
        path = os.path.join(path, "metrics.jsonl")
        if not os.path.exists(path):
            return []
    if path.endswith(".zip"):
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if n.endswith("metrics.jsonl")]
            return archive.read(names[0]).decode("utf-8").splitlines() if names else []
    return open(path, encoding="utf-8").read().splitlines()


def events_of(path):
    for line in lines_of(path):
        if not line.strip():
            continue
        item = json.loads(line)
        for event in item if isinstance(item, list) else [item]:
            yield event


EVENT_TYPES = ("training_stats_scalar", "training_stats_vector", "training_debug_image", "plot", "log")
BULK_CHUNK = 500  # elasticsearch.helpers.streaming_bulk's chunk_size in add_events


def refused(event):
    """Whether Elasticsearch refuses the document (a scalar's value, or one of a vector's)."""
    values = event.get("values", event.get("value"))
    values = values if isinstance(values, list) else [values]
    return event.get("type") in ("training_stats_scalar", "training_stats_vector") and any(
        v is not None and stored_value(v) is None for v in values)


def sent_events(path):
    """The events of each batch (line) that reach Elasticsearch: streaming_bulk sends the
    batch's documents in chunks of 500 and raises after the first chunk with a refused one."""
    for line in lines_of(path):
        if not line.strip():
            continue
        item = json.loads(line)
        actions = [e for e in (item if isinstance(item, list) else [item])
                   if e.get("type") in EVENT_TYPES and e.get("task")]
        for position, event in enumerate(actions):
            if refused(event):
                actions = actions[:(position // BULK_CHUNK + 1) * BULK_CHUNK]
                break
        yield from actions


def stored_scalars(path):
    """(task, iter, metric, variant) -> (event, stored value), in Elasticsearch's document order."""
    docs = {}
    for event in sent_events(path):
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


# --- last_metrics: one events.add_batch per input line ---------------------------------------
NOW = 2 ** 62  # the moment of import, later than every reported time
MAX_LAST_METRICS = 2000


def update_last_scalar_event(last_events, event):
    """EventBLL._update_last_scalar_events_for_task, keyed by names instead of their hashes."""
    value = event.get("value")
    if value is None:
        return
    metric = event.get("metric") or ""
    variant = event.get("variant") or ""
    last_event = last_events.setdefault(metric, {}).setdefault(variant, {})
    last_event["metric"] = metric
    last_event["variant"] = variant
    last_event["count"] = last_event.get("count", 0) + 1
    last_event["total"] = last_event.get("total", 0) + value
    event_iter = event.get("iter", 0)
    event_timestamp = event.get("timestamp", 0)
    if (event_iter, event_timestamp) >= (
        last_event.get("iter", event_iter),
        last_event.get("timestamp", event_timestamp),
    ):
        last_event["value"] = value
        last_event["iter"] = event_iter
        last_event["timestamp"] = event_timestamp
    first_value_iter = last_event.get("first_value_iter")
    if first_value_iter is None or event_iter < first_value_iter:
        last_event["first_value"] = value
        last_event["first_value_iter"] = event_iter
    if last_event.get("min_value") is None or value < last_event["min_value"]:
        last_event["min_value"] = value
        last_event["min_value_iter"] = event_iter
    if last_event.get("max_value") is None or value > last_event["max_value"]:
        last_event["max_value"] = value
        last_event["max_value_iter"] = event_iter


def apply_update(task, unique_metrics, last_events):
    """get_last_metric_updates and the MongoDB pipeline update it builds ($round half to even)."""
    total_metrics = set(unique_metrics)
    for metric_data in last_events.values():
        for data in metric_data.values():
            name = f"{data['metric']}/{data['variant']}"
            if len(total_metrics) >= MAX_LAST_METRICS and name not in total_metrics:
                continue
            total_metrics.add(name)
            if name not in unique_metrics:
                unique_metrics.append(name)
            entry = task.setdefault((data["metric"], data["variant"]), {})
            old = dict(entry)
            entry["value"] = data["value"]
            for field in ("first", "min", "max"):
                current = old.get(f"{field}_value")
                new = data[f"{field}_value"]
                if current is None or (field == "min" and current > new) or (field == "max" and current < new):
                    entry[f"{field}_value"] = new
                    entry[f"{field}_value_iteration"] = data.get(f"{field}_value_iter", 0)
            count = old.get("count") or 0
            entry["mean_value"] = round(((old.get("mean_value") or 0) * count + data["total"]) / (count + data["count"]), 2)
            entry["count"] = count + data["count"]


def last_metrics(path):
    task, unique_metrics = {}, []
    for line in lines_of(path):
        if not line.strip():
            continue
        item = json.loads(line)
        last_events, refused = {}, False
        for event in item if isinstance(item, list) else [item]:
            if event.get("type") not in ("training_stats_scalar", "training_stats_vector"):
                continue
            if "ts" in event:
                event["timestamp"] = event.pop("ts")
            event.setdefault("timestamp", NOW)
            if event.get("iter") is not None:
                event["iter"] = int(event["iter"])
            if "values" in event:
                event["value"] = event.pop("values")
            values = event.get("value") if isinstance(event.get("value"), list) else [event.get("value")]
            if any(v is not None and stored_value(v) is None for v in values):
                refused = True  # Elasticsearch refuses the document: the bulk call raises
            if event["type"] == "training_stats_scalar":
                update_last_scalar_event(last_events, event)
        if not refused:
            apply_update(task, unique_metrics, last_events)
    return task


def main_summary(path):
    result = {}
    for (metric, variant), entry in last_metrics(path).items():
        fields = {"metric": metric, "variant": variant, "count": entry["count"]}
        for field in ("first_value", "first_value_iteration", "value", "min_value", "min_value_iteration",
                      "max_value", "max_value_iteration", "mean_value"):
            fields[field] = entry[field]
        result.setdefault(metric, {})[variant] = fields
    print(json.dumps({m: dict(sorted(v.items())) for m, v in sorted(result.items())}))


def latest_values(path):
    """events.get_task_latest_scalar_values: documents with value > 0 (query_string value:>0), the
    terms aggregations capped as get_max_metric_and_variant_counts caps them (halved), and the
    top hit sorted by iter descending (documents without iter sort last), its doc value."""
    positive = {}
    for (_, it, metric, variant), (event, stored) in stored_scalars(path).items():
        if stored > 0:
            positive.setdefault((metric, variant), []).append((it, stored))
    result = {}
    for metric, variant in variant_cap(list(positive)):
        docs = positive[(metric, variant)]
        with_iter = [d for d in docs if d[0] is not None]
        top = max(with_iter, key=lambda d: d[0]) if with_iter else docs[0]
        result.setdefault(metric, {})[variant] = {"last_value": top[1], "last_10_value": top[1]}
    print(json.dumps({m: dict(sorted(v.items())) for m, v in sorted(result.items())}))


if __name__ == "__main__":
    import sys
    if sys.argv[1] == "summary":
        main_summary(sys.argv[2])
    elif sys.argv[1] == "latest":
        latest_values(sys.argv[2])
