"""A stand-in ClearML API server for runreport's tests (no ClearML server can run here): it
answers auth.login, projects.get_all_ex, tasks.get_all_ex, events.get_task_events (scrolled) and
events.get_task_log (by from_timestamp) in the API's shapes ({"meta": …, "data": …}), from a real
offline session written by the SDK (argv[3]), and serves its debug images at /files/<key>.
Writes its port to argv[1]; records Authorization headers to argv[2]. Serves 127.0.0.1 only and
stops after 120 s. Pages are small (7 events) so that scrolling is exercised."""
import base64
import json
import os
import re
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote, unquote, urlparse

SESSION = sys.argv[3]
ACCESS, SECRET, TOKEN = "AK", "SK", "tok-123"
task = json.load(open(os.path.join(SESSION, "task.json")))
task_id = task["id"]
events, logs = [], []
for name, into in (("metrics.jsonl", events), ("log.jsonl", logs)):
    for line in open(os.path.join(SESSION, name), encoding="utf-8"):
        if line.strip():
            into.extend(json.loads(line))
PAGE = 7
scrolls = {}


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, data, status=200):
        body = json.dumps({"meta": {"result_code": status}, "data": data}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        with open(sys.argv[2], "a") as f:
            f.write("GET " + (self.headers.get("Authorization") or "-") + "\n")
        path = unquote(urlparse(self.path).path)
        if path.startswith("/files/"):
            file = os.path.join(SESSION, "data", path[len("/files/"):])
            if os.path.isfile(file):
                body = open(file, "rb").read()
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
        self.answer({}, 404)

    def do_POST(self):
        auth = self.headers.get("Authorization") or "-"
        with open(sys.argv[2], "a") as f:
            f.write("POST " + auth + "\n")
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
        endpoint = urlparse(self.path).path.strip("/")
        if endpoint == "auth.login":
            if auth != "Basic " + base64.b64encode((ACCESS + ":" + SECRET).encode()).decode():
                return self.answer({}, 401)
            return self.answer({"token": TOKEN})
        if auth != "Bearer " + TOKEN:
            return self.answer({}, 401)
        if endpoint == "projects.get_all_ex":
            # The server takes the name as a regular expression.
            return self.answer({"projects": [{"id": "p1"}] if re.search(body.get("name", ""), task.get("project_name", "")) else []})
        if endpoint == "tasks.get_all_ex":
            match = body.get("id") == [task_id] or body.get("project") == ["p1"]
            return self.answer({"tasks": [task] if match else [], "scroll_id": "s"})
        if endpoint == "events.get_task_events":
            start = scrolls.get(body.get("scroll_id"), 0)
            page = events[start:start + PAGE]
            page = [dict(e, url="http://127.0.0.1:%d/files/%s" % (self.server.server_address[1], quote(e["key"])))
                    if e.get("type") == "training_debug_image" and e.get("key") else e for e in page]
            scroll = "scroll-%d" % (start + PAGE)
            scrolls[scroll] = start + PAGE
            return self.answer({"events": page, "returned": len(page), "total": len(events), "scroll_id": scroll})
        if endpoint == "events.get_task_log":
            start = body.get("from_timestamp")
            ordered = sorted(logs, key=lambda e: e["timestamp"])
            page = [e for e in ordered if start is None or e["timestamp"] >= start][:PAGE]
            return self.answer({"events": page, "returned": len(page), "total": len(logs)})
        self.answer({}, 404)


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
threading.Timer(120, server.shutdown).start()
server.serve_forever()
