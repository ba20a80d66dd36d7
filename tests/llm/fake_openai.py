#!/usr/bin/env python3
"""fake_openai.py - a scripted OpenAI-compatible server for tutor's tests.

Standard library only.  Binds 127.0.0.1 on a free port (or --port N),
prints "PORT <n>" as its first stdout line and serves until killed.

Control endpoints (never recorded):
  POST /_script    a JSON list of canned responses (or one object),
                   appended to the queue; answers {"queued": <len>}
  GET  /_requests  every request received so far, oldest first:
                   [{"method","path","headers":{...},"json":<body>|null,
                     "body":"<raw text>"}]
  GET  /_queue     {"pending": <items not yet consumed>}
  POST /_reset     empties the queue and the request log

API endpoints (recorded):
  GET  /health, GET /v1/models
  POST .../chat/completions and .../embeddings: each consumes the next
  queued item; with an empty queue a default answer is sent (a chat
  completion whose content is DEFAULT_TEXT, or one 4-number embedding
  per input).

A queued item (every field optional):
  {"status": 200, "headers": {"Retry-After": "1"},
   "body": "<raw text>"  |  "json": {...}  |  "sse": ["<payload>", ...],
   "sse_raw": false, "delay_ms": 0, "chunk_delay_ms": 0, "repeat": 1}
"sse" items are sent as "data: <payload>\\n\\n" events (add "[DONE]"
yourself); with "sse_raw": true each string is written as raw bytes
(CRLF, comments, split events).  "delay_ms" sleeps before the answer
(timeouts), "chunk_delay_ms" between SSE writes, "repeat" queues the
item n times.  "close": true drops the connection without answering.
"match": "<text>" makes the item wait in the queue for a request whose
raw body contains that text (the first such request takes it; requests
made in parallel then get their own answers whatever their order).
"""
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DEFAULT_TEXT = "This is the fake server's default answer."
MAX_BODY = 16 * 1024 * 1024

_lock = threading.Lock()
_queue = []
_requests = []


def default_completion():
    return {
        "id": "chatcmpl-fake", "object": "chat.completion",
        "created": 0, "model": "fake-model",
        "choices": [{"index": 0, "finish_reason": "stop",
                     "message": {"role": "assistant",
                                 "content": DEFAULT_TEXT}}],
        "usage": {"prompt_tokens": 10, "completion_tokens": 8,
                  "total_tokens": 18},
    }


def default_embeddings(body):
    inputs = body.get("input") if isinstance(body, dict) else None
    if isinstance(inputs, str):
        inputs = [inputs]
    if not isinstance(inputs, list):
        inputs = []
    data = []
    for i, text in enumerate(inputs):
        n = float(len(str(text)))
        vec = [1.0, n, float(i), 0.5]
        data.append({"object": "embedding", "index": i, "embedding": vec})
    return {"object": "list", "data": data, "model": "fake-model",
            "usage": {"prompt_tokens": len(inputs),
                      "total_tokens": len(inputs)}}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"
    server_version = "fake-openai/1"

    def log_message(self, fmt, *args):  # quiet
        pass

    def _read_body(self):
        n = int(self.headers.get("Content-Length") or 0)
        if n < 0 or n > MAX_BODY:
            return b""
        return self.rfile.read(n) if n else b""

    def _send(self, status, payload, ctype="application/json", extra=None):
        data = payload if isinstance(payload, bytes) else payload.encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for k, v in (extra or {}).items():
            self.send_header(k, str(v))
        self.end_headers()
        self.wfile.write(data)

    def _send_json(self, status, obj):
        self._send(status, json.dumps(obj))

    def _record(self, raw):
        try:
            parsed = json.loads(raw) if raw else None
        except ValueError:
            parsed = None
        entry = {"method": self.command, "path": self.path,
                 "headers": {k: v for k, v in self.headers.items()},
                 "json": parsed,
                 "body": raw.decode("utf-8", "replace")}
        with _lock:
            _requests.append(entry)
        return parsed

    # ------------------------------------------------------------ GET
    def do_GET(self):
        if self.path == "/_requests":
            with _lock:
                self._send_json(200, list(_requests))
            return
        if self.path == "/_queue":
            with _lock:
                self._send_json(200, {"pending": len(_queue)})
            return
        self._record(b"")
        if self.path == "/health":
            self._send_json(200, {"status": "ok"})
        elif self.path.endswith("/models"):
            self._send_json(200, {"object": "list", "data": [
                {"id": "fake-model", "object": "model", "owned_by": "fake"}]})
        else:
            self._send_json(404, {"error": {"message": "no such path",
                                            "type": "not_found"}})

    # ----------------------------------------------------------- POST
    def do_POST(self):
        raw = self._read_body()
        if self.path == "/_script":
            self._script(raw)
            return
        if self.path == "/_reset":
            with _lock:
                _queue.clear()
                _requests.clear()
            self._send_json(200, {"reset": True})
            return
        body = self._record(raw)
        if self.path.endswith("/chat/completions"):
            self._answer(lambda: default_completion(), raw)
        elif self.path.endswith("/embeddings"):
            self._answer(lambda: default_embeddings(body), raw)
        else:
            self._send_json(404, {"error": {"message": "no such path",
                                            "type": "not_found"}})

    def _script(self, raw):
        try:
            items = json.loads(raw)
        except ValueError as e:
            self._send_json(400, {"error": {"message": str(e)}})
            return
        if isinstance(items, dict):
            items = [items]
        if not isinstance(items, list) or \
                not all(isinstance(i, dict) for i in items):
            self._send_json(400, {"error": {"message": "expected a list"}})
            return
        with _lock:
            for item in items:
                for _ in range(max(1, int(item.get("repeat", 1)))):
                    _queue.append(item)
            n = len(_queue)
        self._send_json(200, {"queued": n})

    def _answer(self, default, raw=b""):
        text = raw.decode("utf-8", "replace")
        item = None
        with _lock:
            for i, cand in enumerate(_queue):
                if "match" not in cand or cand["match"] in text:
                    item = _queue.pop(i)
                    break
        if item is None:
            self._send_json(200, default())
            return
        try:
            self._serve_item(item)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeouts, size caps)

    def _serve_item(self, item):
        delay = item.get("delay_ms", 0)
        if delay:
            time.sleep(delay / 1000.0)
        if item.get("close"):
            self.close_connection = True
            return
        status = int(item.get("status", 200))
        headers = dict(item.get("headers") or {})
        if "sse" in item:
            self._serve_sse(status, headers, item)
        elif "json" in item:
            self._send(status, json.dumps(item["json"]), extra=headers)
        else:
            ctype = headers.pop("Content-Type", "application/json")
            self._send(status, item.get("body", ""), ctype, headers)

    def _serve_sse(self, status, headers, item):
        self.send_response(status)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        for k, v in headers.items():
            self.send_header(k, str(v))
        self.end_headers()
        gap = item.get("chunk_delay_ms", 0) / 1000.0
        for part in item["sse"]:
            if item.get("sse_raw"):
                data = part.encode()
            else:
                data = ("data: " + part + "\n\n").encode()
            self.wfile.write(data)
            self.wfile.flush()
            if gap:
                time.sleep(gap)


def main():
    port = 0
    if len(sys.argv) == 3 and sys.argv[1] == "--port":
        port = int(sys.argv[2])
    srv = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    srv.daemon_threads = True
    sys.stdout.write("PORT %d\n" % srv.server_address[1])
    sys.stdout.flush()
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
