#!/usr/bin/env python3
"""A local server that answers like Twilio (POST .../Messages.json) and Resend (POST /emails), for bench/reminders.sh.

Every message it accepts is appended to OUT as one line: vendor, provider id, recipient, and a key that names the
reminder without its link (Resend: the Idempotency-Key; Twilio: the recipient and the text up to the link), so the
bench can count messages sent twice. Usage: fake_messaging.py PORT OUT
"""
import json
import sys
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

PORT, OUT = int(sys.argv[1]), sys.argv[2]
lock = threading.Lock()
out = open(OUT, "a", buffering=1)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
        if self.path.endswith("/Messages.json"):
            form = {k: v[0] for k, v in parse_qs(body).items()}
            sid = "SM" + uuid.uuid4().hex
            key = form.get("To", "") + "|" + form.get("Body", "").split("http")[0]
            with lock:
                out.write("twilio\t%s\t%s\t%s\n" % (sid, form.get("To", ""), key))
            self.reply(201, {"sid": sid, "status": "queued", "to": form.get("To", ""), "num_segments": "1"})
        elif self.path == "/emails":
            email = json.loads(body)
            eid = str(uuid.uuid4())
            to = email["to"][0] if isinstance(email.get("to"), list) else email.get("to", "")
            with lock:
                out.write("resend\t%s\t%s\t%s\n" % (eid, to, self.headers.get("Idempotency-Key", "")))
            self.reply(200, {"id": eid})
        else:
            self.reply(404, {"message": "not found"})


ThreadingHTTPServer.daemon_threads = True
ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
