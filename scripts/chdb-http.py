#!/usr/bin/env python3
"""A current ClickHouse engine behind ClickHouse's HTTP interface, for tests that need what
Debian's clickhouse-server 18.16 lacks (DateTime64, Map: the OpenTelemetry otel_logs schema).

The engine is chDB (PyPI `chdb`, which embeds ClickHouse itself, 26.x); this script only carries
the HTTP interface's part that logtrace uses: POST /?database=D&SETTING=V[&query=SQL] with the
SQL (or, with `query=`, an INSERT's data) as the body; 200 with the result, or 500 with the
engine's own exception text ("Code: 60. DB::Exception: ..."). Every statement runs in the real
engine; nothing is answered here.

    scripts/chdb-http.py PORT DATA_DIR      # serves 127.0.0.1:PORT until killed
"""
import sys
import urllib.parse
from http.server import BaseHTTPRequestHandler, HTTPServer

from chdb import session

# Settings sent as URL parameters (logtrace sends none; a test may); anything else in the URL is not a setting.
NOT_SETTINGS = {"query", "database", "default_format", "user", "password"}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, body):
        data = body.encode() if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=UTF-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        self.do_POST()

    def do_POST(self):
        url = urllib.parse.urlsplit(self.path)
        params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n).decode("utf-8", "surrogateescape") if n else ""
        if "query" in params:
            sql = params["query"][0] + ("\n" + body if body else "")
        else:
            sql = body
        settings = [(k, v[0]) for k, v in params.items() if k not in NOT_SETTINGS]
        try:
            db = params.get("database", ["default"])[0]
            SESSION.query("USE " + db, "TSV")
            for k, v in settings:
                SESSION.query("SET %s = %s" % (k, v if v.isdigit() else "'" + v.replace("\\", "\\\\").replace("'", "\\'") + "'"), "TSV")
            result = SESSION.query(sql, "TSV")
            self.answer(200, result.bytes() if hasattr(result, "bytes") else str(result))
        except Exception as e:  # the engine's exception text, as the server would send it
            self.answer(500, str(e) + "\n")


if __name__ == "__main__":
    port, data = int(sys.argv[1]), sys.argv[2]
    SESSION = session.Session(data)
    HTTPServer(("127.0.0.1", port), Handler).serve_forever()
