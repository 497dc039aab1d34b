"""A stand-in MLflow server for runreport's tests: answers in the REST API's shapes (2.0), with
names that try to leave the output, a 503 before the first history page, and an answer larger than
the client's cap. Writes its port to argv[1]; records every Authorization header to argv[2].
It serves on 127.0.0.1 only and stops after 120 s."""
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

failed_once = set()


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def send_json(self, value, status=200, headers=()):
        body = json.dumps(value).encode()
        self.send_response(status)
        for name, text in headers:
            self.send_header(name, text)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def record(self):
        with open(sys.argv[2], "a") as f:
            f.write((self.headers.get("Authorization") or "-") + "\n")

    def do_POST(self):
        self.record()
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        path = urlparse(self.path).path
        if path.endswith("experiments/search"):
            return self.send_json({"experiments": [{"experiment_id": "../../escape", "name": "bad"},
                                                   {"experiment_id": "1", "name": "exp 'one'"}]})
        if path.endswith("runs/search"):
            run = {"info": {"run_id": "abc", "run_name": "good\nrun", "experiment_id": "1", "status": "FINISHED",
                            "start_time": 1765000000000, "end_time": 1765000001000, "lifecycle_stage": "active",
                            "artifact_uri": "s3://secret-bucket/x"},
                   "data": {"metrics": [{"key": "../../../outside", "value": 1, "timestamp": 1, "step": 0},
                                        {"key": "a/b", "value": 2, "timestamp": 2, "step": 1},
                                        {"key": ".hidden", "value": 1, "timestamp": 1, "step": 0}],
                            "params": [{"key": "lr", "value": "0.1"}, {"key": "/etc/x", "value": "no"}],
                            "tags": [{"key": "mlflow.runName", "value": "good\nrun"}]}}
            evil = {"info": {"run_id": "../evil", "experiment_id": "1"}, "data": {}}
            return self.send_json({"runs": [run, evil]})
        self.send_json({"error_code": "ENDPOINT_NOT_FOUND"}, 404)

    def do_GET(self):
        self.record()
        url = urlparse(self.path)
        query = parse_qs(url.query)
        if url.path.endswith("metrics/get-history"):
            if "history" not in failed_once:
                failed_once.add("history")
                return self.send_json({"error_code": "TEMPORARILY_UNAVAILABLE"}, 503, [("Retry-After", "0")])
            return self.send_json({"metrics": [{"key": "a/b", "value": 1.5, "timestamp": 1765000000000, "step": 0},
                                               {"key": "a/b", "value": "NaN", "timestamp": 1765000000500, "step": 1}]})
        if url.path.endswith("artifacts/list"):
            if "path" in query:
                return self.send_json({"files": []})
            return self.send_json({"files": [{"path": "../x.txt", "is_dir": False, "file_size": 3},
                                             {"path": "ok.txt", "is_dir": False, "file_size": 5},
                                             {"path": "big.bin", "is_dir": False, "file_size": 5}]})
        if url.path.endswith("get-artifact"):
            name = query.get("path", [""])[0]
            if name == "big.bin":
                body = b"x" * 4096  # larger than it said, and than the cap the test sets
            else:
                body = b"hello"
            self.send_response(200)
            self.end_headers()
            self.wfile.write(body)
            return
        self.send_json({"error_code": "ENDPOINT_NOT_FOUND"}, 404)


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
import os
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
threading.Timer(120, server.shutdown).start()
server.serve_forever()
