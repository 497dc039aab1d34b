#!/usr/bin/env python3
"""The peer of `runreport validate`: the same parse-and-count in Python with orjson.

Reads a json-lines event dump (one event, a batch array or a response page per line), counts
events per task and type, points per (metric, variant), and the iteration and time ranges.
Lines orjson rejects (bare NaN / Infinity tokens) are parsed again with the json module, as a
Python user would. Prints the same totals runreport prints.
"""
import json
import sys
from collections import defaultdict

import orjson


def events_of(document):
    if isinstance(document, list):
        return document
    if isinstance(document, dict) and isinstance(document.get("events"), list):
        return document["events"]
    return [document]


def main(path):
    types = defaultdict(lambda: defaultdict(int))
    points = defaultdict(int)
    iterations = {}
    times = {}
    problems = 0
    with open(path, "rb") as f:
        for line in f:
            if not line.strip():
                continue
            try:
                document = orjson.loads(line)
            except orjson.JSONDecodeError:
                try:
                    document = json.loads(line)
                except ValueError:
                    problems += 1
                    continue
            for event in events_of(document):
                if not isinstance(event, dict) or "type" not in event or "task" not in event:
                    problems += 1
                    continue
                task = event["task"]
                kind = event["type"]
                types[task][kind] += 1
                if kind == "training_stats_scalar":
                    points[(task, event.get("metric", ""), event.get("variant", ""))] += 1
                it = event.get("iter")
                if isinstance(it, int) and it != -2147483648:
                    lo, hi = iterations.get(task, (it, it))
                    iterations[task] = (min(lo, it), max(hi, it))
                ts = event.get("timestamp")
                if isinstance(ts, (int, float)):
                    lo, hi = times.get(task, (ts, ts))
                    times[task] = (min(lo, ts), max(hi, ts))
    events = sum(sum(kinds.values()) for kinds in types.values())
    print(f"{len(types)} tasks, {events} events, {len(points)} series, {problems} problems")


if __name__ == "__main__":
    main(sys.argv[1])
