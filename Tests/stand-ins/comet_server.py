"""A stand-in Comet REST API (v2 read endpoints) for runreport's tests (no Comet server can run
here): it answers from a real offline archive written by comet_ml (argv[3]: the unpacked
folder) in the shapes comet_ml's own REST client reads: projects, experiments, experiment/metadata,
tags, metrics/summary, metrics/get-metric, parameters, log-other, output, asset/list and
asset/get-asset. The key must come in the Authorization header. Writes its port to argv[1];
records Authorization headers to argv[2]. Serves 127.0.0.1 only and stops after 120 s."""
import json
import os
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

ARCHIVE = sys.argv[3]
KEY = "comet-key"
experiment = json.load(open(os.path.join(ARCHIVE, "experiment.json")))
EXPERIMENT = experiment["offline_id"]
messages = [json.loads(line) for line in open(os.path.join(ARCHIVE, "messages.json"), encoding="utf-8") if line.strip()]
metrics, names, params, others, output, assets = {}, [], {}, {}, [], []
for m in messages:
    p = m["payload"]
    if m["type"] == "metric_msg":
        name = p["metric"]["metricName"]
        if name not in metrics:
            names.append(name)
        metrics.setdefault(name, []).append({"metricName": name, "metricValue": p["metric"]["metricValue"],
                                             "step": p["metric"].get("step"), "epoch": p["metric"].get("epoch"),
                                             "runContext": p.get("context"), "timestamp": p.get("local_timestamp")})
    elif m["type"] == "parameter_msg":
        params[p["param"]["paramName"]] = p["param"]["paramValue"]
    elif m["type"] == "log_other":
        others[p["key"]] = p["value"]
    elif m["type"] == "standard_output" and not p.get("stderr"):
        output.append(p["output"])
    elif m["type"] == "file_upload" and p.get("upload_type") == "visualization":
        extra = p.get("additional_params") or {}
        assets.append({"assetId": extra.get("imageId", "img"), "fileName": extra.get("figName", "image"), "type": "image",
                       "step": extra.get("step"), "fileSize": os.path.getsize(os.path.join(ARCHIVE, p["file_path"])),
                       "path": p["file_path"]})


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def send(self, value, status=200):
        body = json.dumps(value).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        auth = self.headers.get("Authorization") or "-"
        with open(sys.argv[2], "a") as f:
            f.write(auth + "\n")
        if auth != KEY:
            return self.send({"msg": "unauthorized"}, 401)
        url = urlparse(self.path)
        q = {k: v[0] for k, v in parse_qs(url.query).items()}
        route = url.path.split("/api/rest/v2/", 1)[-1]
        if route == "projects":
            return self.send({"projects": [{"projectId": "p1", "projectName": experiment["project_name"]}]})
        if route == "experiments":
            return self.send({"experiments": [{"experimentKey": EXPERIMENT}] if q.get("projectId") == "p1" else []})
        if q.get("experimentKey") != EXPERIMENT:
            return self.send({"msg": "no such experiment"}, 400)
        if route == "experiment/metadata":
            return self.send({"experimentKey": EXPERIMENT, "experimentName": others.get("Name"), "projectName": experiment["project_name"],
                              "workspaceName": experiment["workspace"], "startTimeMillis": experiment["start_time"],
                              "endTimeMillis": experiment["stop_time"]})
        if route == "experiment/tags":
            return self.send({"tags": experiment.get("tags", [])})
        if route == "experiment/metrics/summary":
            return self.send({"values": [{"name": n} for n in names]})
        if route == "experiment/metrics/get-metric":
            return self.send({"metrics": metrics.get(q.get("metricName"), [])})
        if route == "experiment/parameters":
            return self.send({"values": [{"name": k, "valueCurrent": v} for k, v in params.items()]})
        if route == "experiment/log-other":
            return self.send({"values": [{"name": k, "valueCurrent": v} for k, v in others.items()]})
        if route == "experiment/output":
            return self.send({"output": "".join(output)})
        if route == "experiment/asset/list":
            return self.send({"assets": [{k: v for k, v in a.items() if k != "path"} for a in assets]})
        if route == "experiment/asset/get-asset":
            for a in assets:
                if a["assetId"] == q.get("assetId"):
                    body = open(os.path.join(ARCHIVE, a["path"]), "rb").read()
                    self.send_response(200)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                    return
        self.send({"msg": "not found"}, 404)


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
threading.Timer(120, server.shutdown).start()
server.serve_forever()
