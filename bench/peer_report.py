#!/usr/bin/env python3
"""The peer of `runreport render`: what an ML engineer would write with pandas and plotly.

Reads a json-lines event dump with orjson (lines it rejects, such as bare NaN tokens, through
the json module), puts the scalars in a pandas DataFrame, buckets each series to about 2,000
points by averaging (as clearml-server does), and writes one self-contained HTML page: a plotly
figure per metric with its variants, a summary table per series (first, last, min, max, mean,
count), and the console's first and last lines. plotly.js is inlined so the page works offline,
as runreport's does.

    python3 bench/peer_report.py DUMP OUT.html
"""
import html
import json
import sys

import orjson
import pandas as pd
import plotly.graph_objects as go

SAMPLES = int(__import__("os").environ.get("PEER_SAMPLES", "2000"))  # 0: every point


def read(path):
    scalars, logs = [], []
    with open(path, "rb") as f:
        for line in f:
            if not line.strip():
                continue
            try:
                event = orjson.loads(line)
            except orjson.JSONDecodeError:
                try:
                    event = json.loads(line)
                except ValueError:
                    continue
            kind = event.get("type") if isinstance(event, dict) else None
            if kind == "training_stats_scalar":
                scalars.append((event.get("metric"), event.get("variant"), event.get("iter"), event.get("value")))
            elif kind == "log":
                logs.append((event.get("timestamp"), event.get("level"), event.get("msg")))
    return pd.DataFrame(scalars, columns=["metric", "variant", "iter", "value"]), logs


def main(path, out):
    frame, logs = read(path)
    frame = frame.drop_duplicates(["metric", "variant", "iter"], keep="last").sort_values(["metric", "variant", "iter"])
    parts = ["<!doctype html><html><head><meta charset='utf-8'><title>report</title></head><body><h1>report</h1>"]
    first = True
    for metric, by_metric in frame.groupby("metric", sort=True):
        figure = go.Figure()
        rows = []
        for variant, series in by_metric.groupby("variant", sort=True):
            span = series["iter"].max() - series["iter"].min() + 1
            interval = max(1, -(-span // SAMPLES)) if SAMPLES and len(series) >= SAMPLES else 1
            buckets = series.groupby(series["iter"] // interval * interval)["value"].mean()
            figure.add_trace(go.Scatter(x=buckets.index, y=buckets.values, mode="lines", name=variant))
            values = series["value"]
            rows.append(f"<tr><td>{html.escape(str(variant))}</td><td>{values.iloc[-1]:.6g}</td><td>{values.iloc[0]:.6g}</td>"
                        f"<td>{values.min():.6g}</td><td>{values.max():.6g}</td><td>{values.mean():.6g}</td><td>{len(values)}</td></tr>")
        figure.update_layout(title=str(metric), xaxis_title="iteration")
        parts.append(figure.to_html(full_html=False, include_plotlyjs=first))
        first = False
        parts.append("<table><tr><th>series</th><th>last</th><th>first</th><th>min</th><th>max</th><th>mean</th><th>count</th></tr>"
                     + "".join(rows) + "</table>")
    shown = logs if len(logs) <= 600 else logs[:150] + logs[-450:]
    parts.append("<pre>" + "\n".join(html.escape(f"{t} {level} {msg}") for t, level, msg in shown) + "</pre></body></html>")
    with open(out, "w", encoding="utf-8") as f:
        f.write("".join(parts))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
