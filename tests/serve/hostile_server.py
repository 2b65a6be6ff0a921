#!/usr/bin/env python3
"""Hostile clients against `marsad serve`, over raw sockets on loopback.

Starts `marsad serve --port 0` on a small store it ingests first (articles
written here) with a web root of its own, then sends, one connection at a
time unless said otherwise:

  malformed   garbage request lines, binary junk, bad/oversized headers, wrong
              Content-Length (shorter, longer, negative, non-numeric, huge),
              chunked garbage, CL + TE together
  slow        3 clients sending one byte a second while normal requests must
              be answered; an idle connection and one stopping mid-headers
              must be closed by the server (its read timeout)
  oversized   a 9 MiB body (over the 8 MiB limit) -> 413; a chunked one too
  traversal   %2e%2e, encoded slashes and backslashes, absolute paths and
              URIs, NUL, double encoding, overlong UTF-8, a symlink out of
              the web root: nothing outside the web root is ever served
  search      NUL, invalid UTF-8, unbalanced quotes, FTS5 operators, 1 KB
              and 100 KB queries: results (200) or a clear 4xx, never a 5xx
  load        the bounded loopback load test (serve_load_test) when given:
              must end by itself with zero errors; its latency is printed

After every hostile connection the server must still answer /api/health,
and at the end it must still be running, stop on SIGTERM with exit 0 and
have printed nothing alarming (sanitizer reports, "internal error").
Waits are hang guards (generous), never speed assertions.

Usage: hostile_server.py --marsad BUILD/marsad [--load BUILD/tests/serve_load_test] [--keep DIR]
Exit 0 pass, 1 fail, 77 skip (no marsad binary).
"""
import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

HANG = 60            # seconds: a wait longer than this is a hang, not slowness
SECRET = "TOP-SECRET-outside-the-web-root"

ARTICLES = [
    ("h1", "2020-10-10", "أعلنت أرمينيا وأذربيجان وقف إطلاق النار في إقليم ناغورنو قره باغ بعد محادثات في موسكو."),
    ("h2", "2020-10-11", "قال الرئيس الروسي فلاديمير بوتين إن الهدنة الإنسانية بدأت ظهر السبت."),
    ("h3", "2020-10-12", "اتهم الطرفان بعضهما بخرق الهدنة، وقتل 12 شخصا في قصف على مدينة كنجة."),
    ("h4", "2020-11-10", "وقعت أرمينيا وأذربيجان وروسيا اتفاقا لإنهاء القتال في الإقليم."),
    ("h5", "2021-01-05", "Ceasefire talks resumed in Doha; NEAR the border AND (OR) \"quotes\" stayed calm."),
]


class Failures:
    def __init__(self):
        self.items = []

    def fail(self, case, msg):
        self.items.append(f"{case}: {msg}")
        print(f"  FAIL {case}: {msg}", flush=True)


def raw(port, data, timeout=HANG, pause_after=None):
    """Sends data on a new connection, reads until the server closes or
    `timeout`; returns (status or None, response bytes, closed_by_server)."""
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    s.settimeout(timeout)
    chunks = []
    closed = False
    try:
        try:
            s.sendall(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server may refuse before reading it all
        if pause_after:
            time.sleep(pause_after)
        while True:
            try:
                b = s.recv(65536)
            except socket.timeout:
                break
            except ConnectionResetError:
                closed = True
                break
            if not b:
                closed = True
                break
            chunks.append(b)
            # One response is enough when the server keeps the connection.
            if b"\r\n\r\n" in b"".join(chunks) and not closed:
                s.settimeout(0.5)
    finally:
        s.close()
    resp = b"".join(chunks)
    m = re.match(rb"HTTP/1\.[01] (\d{3})", resp)
    return (int(m.group(1)) if m else None), resp, closed


def get(port, path, extra=b""):
    req = b"GET " + path + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + extra + b"\r\n"
    status, resp, _ = raw(port, req)
    body = resp.split(b"\r\n\r\n", 1)[1] if b"\r\n\r\n" in resp else b""
    return status, body


def healthy(port):
    try:
        status, body = get(port, b"/api/health")
    except OSError as e:
        return f"health check failed: {e}"
    if status != 200:
        return f"/api/health answered {status} {body[:200]!r}"
    return None


def check_after(f, port, proc, case):
    if proc.poll() is not None:
        f.fail(case, f"the server died (exit {proc.returncode})")
        return False
    bad = healthy(port)
    if bad:
        f.fail(case, "after it: " + bad)
        return False
    return True


def malformed(f, port, proc):
    print("malformed requests", flush=True)
    long_header = b"X-Long: " + b"a" * 200_000 + b"\r\n"
    many_headers = b"".join(b"X-H%d: v\r\n" % i for i in range(5000))
    cases = [
        ("garbage_line", b"GARBAGE\r\n\r\n"),
        ("binary_junk", bytes(range(256)) * 4 + b"\r\n\r\n"),
        ("only_crlf", b"\r\n\r\n\r\n"),
        ("no_path", b"GET\r\n\r\n"),
        ("http09", b"GET /\r\n\r\n"),
        ("bad_version", b"GET /api/health HTTP/9.9\r\nHost: x\r\n\r\n"),
        ("header_no_colon", b"GET /api/health HTTP/1.1\r\nHost: x\r\nBadHeaderWithoutColon\r\n\r\n"),
        ("header_nul", b"GET /api/health HTTP/1.1\r\nHost: x\r\nX-A: a\x00b\r\n\r\n"),
        ("header_200kb", b"GET /api/health HTTP/1.1\r\nHost: x\r\n" + long_header + b"\r\n"),
        ("5000_headers", b"GET /api/health HTTP/1.1\r\nHost: x\r\n" + many_headers + b"\r\n"),
        ("uri_100kb", b"GET /api/health?x=" + b"a" * 100_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n"),
        ("bare_lf", b"GET /api/health HTTP/1.1\nHost: x\n\n"),
        ("cl_not_a_number", b"POST /api/ingest HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\nabc"),
        ("cl_negative", b"POST /api/ingest HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\nabc"),
        ("cl_huge_number", b"POST /api/ingest HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\nabc"),
        ("cl_twice", b"POST /api/ingest HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 5\r\n\r\nabcde"),
        ("cl_shorter_than_body", b"POST /api/ingest HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nabGARBAGE\r\n\r\n"),
        ("chunk_size_garbage", b"POST /api/ingest HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n"),
        ("chunk_size_huge", b"POST /api/ingest HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffff\r\nabc\r\n"),
        ("chunk_no_terminator", b"POST /api/ingest HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcXX5\r\n"),
        ("te_unknown", b"POST /api/ingest HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, zebra\r\n\r\nabc"),
        ("cl_and_te", b"POST /api/ingest HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /x HTTP/1.1\r\n\r\n"),
        ("pipelined_junk", b"GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03"),
        ("tls_hello", b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + os.urandom(64)),
        ("method_junk", b"\xff\xfe /api/health HTTP/1.1\r\nHost: x\r\n\r\n"),
    ]
    for name, data in cases:
        t0 = time.monotonic()
        try:
            status, resp, closed = raw(port, data, timeout=HANG)
        except OSError as e:
            f.fail(name, f"socket error {e}")
            continue
        print(f"  {name}: {status if status else 'no status'}{' (closed)' if closed else ''} "
              f"{time.monotonic() - t0:.1f}s", flush=True)
        if status is not None and status >= 500:
            f.fail(name, f"server error {status}: {resp[:300]!r}")
        if status is None and not closed:
            f.fail(name, f"no answer and the connection still open after {HANG}s (hang)")
        check_after(f, port, proc, name)

    # Content-Length longer than the body, then silence: the read timeout
    # must close the connection (not hold a worker forever).
    name = "cl_longer_than_body"
    t0 = time.monotonic()
    status, resp, closed = raw(port, b"POST /api/ingest HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc")
    print(f"  {name}: {status if status else 'no status'}{' (closed)' if closed else ''} "
          f"after {time.monotonic() - t0:.1f}s", flush=True)
    # Answered (400 once the read timeout gives up on the body) or closed.
    if status is None and not closed:
        f.fail(name, f"no answer and the connection still open after {HANG}s (no read timeout)")
    if status is not None and status >= 500:
        f.fail(name, f"server error {status}")
    check_after(f, port, proc, name)


def slow(f, port, proc):
    print("slow clients", flush=True)
    request = b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    stop = threading.Event()
    sent = [0, 0, 0]

    def dribble(i):
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=10)
        except OSError:
            return
        try:
            for b in request:
                if stop.is_set():
                    break
                s.sendall(bytes([b]))
                sent[i] += 1
                stop.wait(1.0)
        except OSError:
            pass
        finally:
            s.close()

    threads = [threading.Thread(target=dribble, args=(i,), daemon=True) for i in range(3)]
    for t in threads:
        t.start()
    time.sleep(1.5)  # the slow clients hold their connections
    served = 0
    for _ in range(20):
        status, body = get(port, b"/api/stories")
        if status == 200:
            served += 1
    still_sending = [n < len(request) for n in sent]
    stop.set()
    for t in threads:
        t.join()
    print(f"  normal requests answered while 3 clients sent a byte a second: {served}/20 "
          f"(slow clients had sent {sent} of {len(request)} bytes)", flush=True)
    if served != 20:
        f.fail("slow_clients", f"only {served}/20 normal requests answered")
    if not all(still_sending):
        f.fail("slow_clients", "the slow clients finished before the normal requests (test did not overlap)")
    check_after(f, port, proc, "slow_clients")

    for name, data in [("idle_connection", b""),
                       ("stops_mid_headers", b"GET /api/health HTTP/1.1\r\nHost: x\r\nX-Partial: ")]:
        t0 = time.monotonic()
        status, _, closed = raw(port, data)
        print(f"  {name}: {'closed by the server' if closed else 'answered'} after {time.monotonic() - t0:.1f}s"
              f"{', status ' + str(status) if status else ''}", flush=True)
        if status is None and not closed:
            f.fail(name, f"no answer and the connection still open after {HANG}s (no read timeout)")
        check_after(f, port, proc, name)


def oversized(f, port, proc):
    print("oversized bodies", flush=True)
    body = b"x" * (9 << 20)
    status, resp, _ = raw(port, b"POST /api/ingest HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
    print(f"  body_9mib: {status}", flush=True)
    if status != 413:
        f.fail("body_9mib", f"expected 413, got {status}: {resp[:200]!r}")
    elif b"too large" not in resp:
        f.fail("body_9mib", f"413 without a message: {resp[:300]!r}")
    check_after(f, port, proc, "body_9mib")

    # Announced as too large, nothing sent: refused (413) or closed, not a hang.
    status, resp, closed = raw(port, b"POST /api/ingest HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n" % (1 << 40))
    print(f"  announced_1tib: {status}{' (closed)' if closed else ''}", flush=True)
    if status not in (413, 400, None) or (status is None and not closed):
        f.fail("announced_1tib", f"got {status}, closed={closed}")
    check_after(f, port, proc, "announced_1tib")

    chunk = b"x" * (1 << 20)
    chunked = b"".join(b"%x\r\n" % len(chunk) + chunk + b"\r\n" for _ in range(9)) + b"0\r\n\r\n"
    status, resp, closed = raw(port, b"POST /api/ingest HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked)
    print(f"  chunked_9mib: {status}{' (closed)' if closed else ''}", flush=True)
    if status != 413:
        f.fail("chunked_9mib", f"expected 413, got {status}: {resp[:200]!r}")
    check_after(f, port, proc, "chunked_9mib")


def traversal(f, port, proc):
    print("path traversal", flush=True)
    paths = [b"/../secret.txt", b"/%2e%2e/secret.txt", b"/%2E%2E/%2E%2E/%2E%2E/etc/passwd", b"/%2e%2e%2fsecret.txt",
             b"/..%2fsecret.txt", b"/..%2Fsecret.txt", b"/.%2e/secret.txt", b"/%2e./secret.txt",
             b"/....//secret.txt", b"/..\\secret.txt", b"/%5c..%5csecret.txt", b"/..%5csecret.txt",
             b"//etc/passwd", b"/etc/passwd", b"/%2fetc%2fpasswd", b"/sub/../../secret.txt",
             b"/sub/%2e%2e/%2e%2e/secret.txt", b"/index.html%00.txt", b"/%00", b"/..%00/secret.txt",
             b"/%252e%252e/secret.txt", b"/..%c0%af..%c0%afsecret.txt", b"/%c0%ae%c0%ae/secret.txt",
             b"/..;/secret.txt", b"/link-out", b"/sub/link-dir/secret.txt", b"/./../secret.txt",
             b"../secret.txt", b"http://127.0.0.1/../secret.txt", b"file:///etc/passwd",
             b"/" + b"../" * 50 + b"etc/passwd", b"/" + b"%2e%2e%2f" * 50 + b"etc/passwd"]
    for p in paths:
        status, body = get(port, p)
        leaked = SECRET.encode() in body or b"root:x:0:0" in body
        print(f"  {p[:60].decode('latin-1')}: {status}", flush=True)
        if leaked:
            f.fail("traversal", f"{p!r} served a file outside the web root")
        if status is not None and status >= 500:
            f.fail("traversal", f"{p!r}: server error {status}")
        if status == 200 and b"marsad-test-index" not in body and b"inside" not in body:
            f.fail("traversal", f"{p!r}: 200 with an unexpected body {body[:100]!r}")
    for p, want in [(b"/", b"marsad-test-index"), (b"/sub/inside.txt", b"inside")]:
        status, body = get(port, p)
        if status != 200 or want not in body:
            f.fail("traversal", f"{p!r} inside the web root not served: {status}")
    check_after(f, port, proc, "traversal")


def search(f, port, proc):
    print("hostile search queries", flush=True)
    quote = urllib.parse.quote_from_bytes
    queries = [b"\x00", "الدو\x00حة".encode(), "مقف إطلاق \x00م\x00النار".encode(), b"\xff\xfe", b"\xd9",
               b"\"", b"\"\"\"", "\"وقف إطلاق".encode(), b"NEAR(", b"NEAR(a b, 2)", b"a AND NOT b", b"OR",
               b"*", b"^", b":", b"(", b")))", b"title:x", b"{title text}: x", "أرمينيا*".encode(),
               "\"وقف إطلاق النار\" OR (أرمينيا) NOT ^موسكو".encode(), b"'; DROP TABLE articles; --",
               "ب".encode() * 512, "ب".encode() * 513, b"a " * 50_000]
    for q in queries:
        for endpoint in (b"/api/search?q=", b"/api/stories?q="):
            status, body = get(port, endpoint + quote(q).encode())
            label = f"{endpoint.decode()}{q[:30]!r} ({len(q)} bytes)"
            ok = status == 200 or (status is not None and 400 <= status < 500)
            if not ok:
                f.fail("search", f"{label}: {status} {body[:200]!r}")
                continue
            if status != 200:
                try:
                    msg = json.loads(body).get("error", "")
                except ValueError:
                    msg = ""
                if not msg:
                    f.fail("search", f"{label}: {status} without an error message: {body[:200]!r}")
            if endpoint == b"/api/search?q=":
                print(f"  {label}: {status} {body[:90].decode('utf-8', 'replace')}", flush=True)
    status, body = get(port, b"/api/search?q=" + b"a%20" * 5000)
    if status not in (400, 414) or b"too long" not in body:
        f.fail("search", f"a 15 KB URI: {status} {body[:200]!r} (want 'too long')")
    status, body = get(port, b"/api/search?q=" + quote("وقف إطلاق النار".encode()).encode())
    if status != 200 or b"h1" not in body:
        f.fail("search", f"a plain search does not find h1 any more: {status} {body[:200]!r}")
    check_after(f, port, proc, "search")


def load(f, port, load_bin):
    print("bounded loopback load test", flush=True)
    try:
        p = subprocess.run([load_bin, "--port", str(port), "--threads", "4", "--requests", "600", "--seconds", "120"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=300)
    except subprocess.TimeoutExpired:
        f.fail("load", "serve_load_test did not end by itself within 300 s")
        return
    print("  " + p.stdout.strip(), flush=True)
    if p.stderr.strip():
        print("  " + p.stderr.strip()[:800], flush=True)
    m = re.search(r"errors (\d+)", p.stdout)
    if p.returncode != 0 or not m or int(m.group(1)) != 0:
        f.fail("load", f"exit {p.returncode}, output {p.stdout.strip()!r}")
    if not re.search(r"p50 [\d.]+ ms\s+p99 [\d.]+ ms", p.stdout):
        f.fail("load", "no latency figures in the output")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--marsad", required=True)
    ap.add_argument("--load", help="serve_load_test binary (optional)")
    ap.add_argument("--keep", help="work directory to keep")
    args = ap.parse_args()
    if not os.access(args.marsad, os.X_OK):
        print(f"SKIP: no marsad binary at {args.marsad}")
        return 77
    work = args.keep or tempfile.mkdtemp(prefix="marsad-hostile-serve-")
    os.makedirs(work, exist_ok=True)
    f = Failures()
    proc = None
    try:
        src = os.path.join(work, "articles.jsonl")
        with open(src, "w", encoding="utf-8") as out:
            for id_, date, text in ARTICLES:
                out.write(json.dumps({"id": id_, "published": date, "text": text}, ensure_ascii=False) + "\n")
        db = os.path.join(work, "store.db")
        if os.path.exists(db):
            os.remove(db)
        p = subprocess.run([args.marsad, "ingest", "--db", db, "-q", src], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True, timeout=600)
        if p.returncode != 0:
            print(f"FAIL: ingest exit {p.returncode}: {p.stderr[-800:]}")
            return 1
        # A web root of its own, a secret beside it, and a symlink pointing out.
        web = os.path.join(work, "web")
        shutil.rmtree(web, ignore_errors=True)
        os.makedirs(os.path.join(web, "sub"))
        with open(os.path.join(web, "index.html"), "w") as out:
            out.write("<!doctype html><title>marsad-test-index</title>\n")
        with open(os.path.join(web, "sub", "inside.txt"), "w") as out:
            out.write("inside\n")
        with open(os.path.join(work, "secret.txt"), "w") as out:
            out.write(SECRET + "\n")
        os.symlink(os.path.join(work, "secret.txt"), os.path.join(web, "link-out"))
        os.symlink(work, os.path.join(web, "sub", "link-dir"))

        err_path = os.path.join(work, "serve.err")
        err = open(err_path, "w+")
        proc = subprocess.Popen([args.marsad, "serve", "--db", db, "--port", "0", "--web", web, "--rate-limit", "0",
                                 "--threads", "8"], stdout=subprocess.DEVNULL, stderr=err)
        port = None
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and proc.poll() is None:
            with open(err_path) as e:
                m = re.search(r"on http://127\.0\.0\.1:(\d+)/", e.read())
            if m:
                port = int(m.group(1))
                break
            time.sleep(0.1)
        if port is None:
            with open(err_path) as e:
                print(f"FAIL: the server did not start: {e.read()[-800:]}")
            return 1
        print(f"marsad serve on port {port}, work dir {work}", flush=True)
        bad = healthy(port)
        if bad:
            print(f"FAIL: {bad}")
            return 1

        sections = [malformed, slow, oversized, traversal, search]
        for section in sections:
            t0 = time.monotonic()
            section(f, port, proc)
            print(f"  ({section.__name__}: {time.monotonic() - t0:.1f}s)", flush=True)
        if args.load:
            load(f, port, args.load)

        if proc.poll() is not None:
            f.fail("server", f"not running at the end (exit {proc.returncode})")
        else:
            proc.send_signal(signal.SIGTERM)
            try:
                rc = proc.wait(timeout=HANG)
                if rc != 0:
                    f.fail("server", f"exit {rc} after SIGTERM")
            except subprocess.TimeoutExpired:
                f.fail("server", f"did not stop within {HANG}s of SIGTERM")
        with open(err_path) as e:
            log = e.read()
        for alarm in ("ERROR: AddressSanitizer", "runtime error:", "LeakSanitizer", "internal error", "terminate called"):
            if alarm in log:
                f.fail("server", f"its stderr has {alarm!r}: {log[-1500:]}")
    finally:
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    if f.items:
        print(f"FAIL: {len(f.items)} problem(s)")
        for item in f.items:
            print("  " + item)
        return 1
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
