#!/usr/bin/python3
"""What clearml-server's events.download_task_log returns for an imported offline session.

Written from the SDK's import (clearml/backend_interface/task/log.py `report_offline_session`:
each log.jsonl line is one add_batch of TaskLogEvent(task=..., **event), whose to_dict() keeps
timestamp, type, task, level, worker, msg in that order and drops None) and the server's code
(apiserver/bll/event/event_bll.py `add_events`: model_event, @timestamp, metric and variant
added; apiserver/services/events.py `download_task_log`: the line format check, events in
ascending timestamp, `asctime` from `timestamp`, JSON through apiserver/utilities/json.py, i.e.
python-rapidjson). Needs Debian's python3-rapidjson, hence /usr/bin/python3.

    server_log.py SESSION text FORMAT     the text download (@timestamp is not used by text)
    server_log.py SESSION json            the JSON download, without @timestamp (the import moment)
    server_log.py - check FORMAT          "ok", or "refused" with the reason
"""
import json
import os
import sys
import zipfile

import rapidjson

DUMPS = rapidjson.Encoder(datetime_mode=rapidjson.DM_ISO8601 | rapidjson.DM_NAIVE_IS_UTC)
FIELDS = ("timestamp", "type", "task", "level", "worker", "msg")  # TaskLogEvent's properties


def log_lines(path):
    if os.path.isdir(path):
        return open(os.path.join(path, "log.jsonl"), encoding="utf-8").read().splitlines()
    with zipfile.ZipFile(path) as archive:
        name = next(n for n in archive.namelist() if n.endswith("log.jsonl"))
        return archive.read(name).decode("utf-8").splitlines()


def stored_events(path):
    stored = []
    for line in log_lines(path):
        for r in json.loads(line):
            r.pop("task", None)
            sent = {k: v for k, v in dict(r, task="imported").items() if k in FIELDS and v is not None}
            event = {k: sent[k] for k in FIELDS if k in sent}
            event["model_event"] = False
            event["@timestamp"] = "IMPORT-MOMENT"
            if "ts" in event:
                event["timestamp"] = event.pop("ts")
            if "timestamp" not in event:
                event["timestamp"] = 2 ** 62
            if "worker" not in event:
                event["worker"] = "IMPORTING-WORKER"
            event["metric"] = event.get("metric") or ""
            event["variant"] = event.get("variant") or ""
            stored.append(event)
    return sorted(stored, key=lambda e: e["timestamp"])  # stable: equal times in arrival order


def check(line_format):
    valid_task_log_fields = {"asctime", "timestamp", "level", "worker", "msg"}
    invalid_placeholders = set()
    while True:
        try:
            line_format.format(**dict.fromkeys(valid_task_log_fields | invalid_placeholders))
            break
        except KeyError as e:
            invalid_placeholders.add(e.args[0])
        except Exception as e:
            return "refused: invalid line format: %s" % e
    if invalid_placeholders:
        return "refused: undefined placeholders"
    try:  # the download formats the first stored event
        line_format.format(asctime=1, level="info", worker="w", msg="m", model_event=False, metric="", variant="")
    except KeyError as e:
        return "refused at download: %s" % e
    return "ok"


def main():
    path, mode = sys.argv[1], sys.argv[2]
    if mode == "check":
        print(check(sys.argv[3]))
        return
    out = sys.stdout.buffer
    line_format = sys.argv[3].rstrip("\n") + "\n" if mode == "text" else None
    for ev in stored_events(path):
        ev["asctime"] = ev.pop("timestamp")
        if mode == "json":
            ev.pop("type")
            ev.pop("task")
            ev.pop("@timestamp")
            out.write((DUMPS(ev) + "\n").encode("utf-8"))
        else:
            out.write(line_format.format(**ev).encode("utf-8"))


if __name__ == "__main__":
    main()
