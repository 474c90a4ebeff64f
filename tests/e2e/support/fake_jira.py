"""A stand-in for Jira and other remote servers, for the tests of the server's outbound HTTP calls.

Usage: fake_jira.py PORT

Every request under a scenario prefix, /<scenario>/..., is recorded (method, raw request target, headers and
body) and answered with canned Jira JSON for the path after the prefix, unless the test configured another
answer for that scenario. Scenarios keep the tests apart. Control endpoints:

  GET  /__requests/<scenario>   the recorded requests of the scenario, oldest first
  POST /__reset                 forget all recorded requests and configured answers
  POST /__answers/<scenario>    replace the scenario's answers with a JSON list of
                                {"method", "path", "query_contains"?, "status"?, "reason"?, "body"?,
                                 "raw_body"?, "headers"?, "delay"?, "close"?}; the first match wins

Other paths after the prefix:

  /status/<code>                answers with that status and {"status": <code>}
  /slow/<seconds>               answers 200 after the delay
  /redirect/<n>                 redirects n times, then /status/200
  /close                        closes the connection without answering
"""

import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote

PROJECTS = [{"key": "FOO", "name": "Foo"}, {"key": "BAR", "name": "Bar"}]
ISSUE_TYPES = {
    "values": [
        {"id": "1", "name": "Bug", "subtask": False},
        {"id": "2", "name": "Sub-task", "subtask": True},
        {"id": "3", "name": "Story", "subtask": False},
    ]
}
FIELDS = {
    "1": {
        "values": [
            {"fieldId": "summary", "name": "Summary"},
            {"fieldId": "labels", "name": "Labels"},
            {"fieldId": "customfield_10008", "name": "Epic Link"},
        ]
    },
    "3": {"values": [{"fieldId": "summary", "name": "Summary"}]},
}
EPICS = {"issues": [{"key": "FOO-420", "fields": {"summary": "Epic summary"}}]}
SUGGESTIONS = {"issues": [{"key": "FOO-42", "fields": {"summary": "Issue summary"}}]}

lock = threading.Lock()
recorded: dict[str, list] = {}
answers: dict[str, list] = {}


def jira_answer(method: str, path: str, query: str, headers) -> tuple[int, object]:
    """Return the status and JSON of the canned Jira answer."""
    if method == "GET" and path == "/rest/api/2/project":
        return 200, PROJECTS
    if method == "GET" and path == "/rest/api/2/issue/createmeta/FOO/issuetypes":
        return 200, ISSUE_TYPES
    prefix = "/rest/api/2/issue/createmeta/FOO/issuetypes/"
    if method == "GET" and path.startswith(prefix) and path[len(prefix):] in FIELDS:
        return 200, FIELDS[path[len(prefix):]]
    if method == "GET" and path == "/rest/api/2/search":
        return 200, EPICS if "type=epic" in unquote(query) else SUGGESTIONS
    if method == "POST" and path == "/rest/api/2/issue":
        return 201, {"id": "10042", "key": "FOO-42", "self": "http://jira/rest/api/2/issue/10042"}
    if method == "GET" and path == "/rest/api/2/myself":
        if headers.get("Authorization", "").startswith("Bearer "):
            return 200, {"name": "jadoe"}
        return 401, {"errorMessages": ["You are not authenticated."]}
    return 404, {"errorMessages": ["Not found."]}


class Handler(BaseHTTPRequestHandler):
    """Answer, and record, the requests."""

    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # noqa: A002
        """Keep the test output quiet."""

    def do_GET(self):  # noqa: N802
        """Handle a GET."""
        self.handle_any()

    def do_POST(self):  # noqa: N802
        """Handle a POST."""
        self.handle_any()

    def do_PUT(self):  # noqa: N802
        """Handle a PUT."""
        self.handle_any()

    def send(self, status: int, body: bytes, reason: str | None = None, headers: dict | None = None) -> None:
        """Send a complete answer."""
        self.send_response(status, reason)
        self.send_header("Content-Type", "application/json")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def handle_any(self) -> None:
        """Dispatch on the control endpoints and the scenarios."""
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        target = self.path
        path, _, query = target.partition("?")
        parts = path.split("/", 2)
        scenario = parts[1] if len(parts) > 1 else ""
        rest = "/" + parts[2] if len(parts) > 2 else "/"
        if scenario == "__requests":
            with lock:
                self.send(200, json.dumps(recorded.get(rest.strip("/"), [])).encode())
            return
        if scenario == "__reset":
            with lock:
                recorded.clear()
                answers.clear()
            self.send(200, b"{}")
            return
        if scenario == "__answers":
            with lock:
                answers[rest.strip("/")] = json.loads(body or b"[]")
            self.send(200, b"{}")
            return
        with lock:
            recorded.setdefault(scenario, []).append(
                {
                    "method": self.command,
                    "target": target,
                    "headers": [[name, value] for name, value in self.headers.items()],
                    "body": body.decode("utf-8", errors="replace"),
                }
            )
            configured = [
                answer
                for answer in answers.get(scenario, [])
                if answer.get("method", "GET") == self.command
                and answer["path"] == rest
                and answer.get("query_contains", "") in unquote(query)
            ]
        if configured:
            self.answer_as_configured(configured[0])
        else:
            self.answer_by_default(rest, query)

    def answer_as_configured(self, answer: dict) -> None:
        """Send the answer the test asked for."""
        time.sleep(answer.get("delay", 0))
        if answer.get("close"):
            self.close_connection = True
            return
        body = answer["raw_body"].encode() if "raw_body" in answer else json.dumps(answer.get("body", {})).encode()
        self.send(answer.get("status", 200), body, answer.get("reason"), answer.get("headers"))

    def answer_by_default(self, path: str, query: str) -> None:
        """Send the canned answers."""
        if path.startswith("/status/"):
            code = int(path.split("/")[2])
            self.send(code, json.dumps({"status": code}).encode())
        elif path.startswith("/slow/"):
            time.sleep(float(path.split("/")[2]))
            self.send(200, b"{}")
        elif path.startswith("/redirect/"):
            remaining = int(path.split("/")[2])
            scenario = self.path.split("/")[1]
            location = f"/{scenario}/redirect/{remaining - 1}" if remaining > 1 else f"/{scenario}/status/200"
            self.send(302, b"{}", headers={"Location": location})
        elif path == "/close":
            self.close_connection = True
        else:
            status, payload = jira_answer(self.command, path, query, self.headers)
            self.send(status, json.dumps(payload).encode())


def exit_with_parent() -> None:
    """Stop when the test process is gone, also when it died without stopping us."""
    parent = os.getppid()
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(0)


def main() -> None:
    """Serve on 127.0.0.1 at the port given on the command line."""
    threading.Thread(target=exit_with_parent, daemon=True).start()
    server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler)
    server.daemon_threads = True
    server.serve_forever()


if __name__ == "__main__":
    main()
