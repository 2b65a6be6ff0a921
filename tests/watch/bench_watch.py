#!/usr/bin/env python3
"""Measures one `marsad watch --once` cycle over N feed URLs served by a
loopback HTTP server (127.0.0.1 only). Run 1 fetches every feed (200, one
item each); then `--changed` feeds gain an item and run 2 is timed: most
feeds answer 304. Prints wall and CPU time of each run (CPU of the marsad
process, from getrusage of children).

Usage: bench_watch.py --marsad BIN [--feeds 1000] [--changed 50]
"""
import argparse
import os
import resource
import shutil
import subprocess
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TEXT = ("قالت مصادر محلية إن هدوءا حذرا ساد خطوط التماس في الإقليم صباح اليوم بعد ليلة من القصف المتقطع، "
        "وإن فرق الإغاثة بدأت توزيع المساعدات على النازحين في القرى القريبة من الحدود. وأضافت المصادر أن "
        "السلطات المحلية فتحت مدارس القرى لإيواء العائلات التي فرت من منازلها، وأن المستشفى الميداني استقبل "
        "عددا من الجرحى بينهم أطفال ونساء، في حين دعت منظمات إنسانية إلى فتح ممرات آمنة وإيصال الوقود والدواء "
        "قبل حلول الشتاء. رقم %d.")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--marsad", required=True)
    ap.add_argument("--feeds", type=int, default=1000)
    ap.add_argument("--changed", type=int, default=50)
    ap.add_argument("--rules", action="store_true", help="also evaluate alert rules (log only)")
    args = ap.parse_args()
    version = {}

    class H(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body go in two writes: no 40 ms delayed-ACK stall

        def log_message(self, *a):
            pass

        def do_GET(self):
            if self.path.startswith("/f/"):
                n = int(self.path[3:].split(".")[0])
                v = version.get(n, 1)
                etag = '"%d-%d"' % (n, v)
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                items = "".join("<item><title>خبر %d-%d</title><link>http://127.0.0.1/a/%d/%d</link>"
                                "<description>%s</description></item>" % (n, i, n, i, TEXT % (n * 10 + i))
                                for i in range(1, v + 1))
                body = ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>مصدر %d</title>'
                        '%s</channel></rss>' % (n, items)).encode("utf-8")
                self.send_response(200)
                self.send_header("ETag", etag)
                self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()

    server = ThreadingHTTPServer(("127.0.0.1", 0), H)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = "http://127.0.0.1:%d" % server.server_address[1]
    work = tempfile.mkdtemp(prefix="watch-bench-")
    try:
        sources = os.path.join(work, "sources.txt")
        with open(sources, "w") as f:
            for n in range(args.feeds):
                f.write("%s/f/%d.xml 300\n" % (base, n))
        db = os.path.join(work, "store.db")
        rules = os.path.join(work, "rules.jsonl")
        with open(rules, "w") as f:
            f.write('{"rule": "mentions", "countries": ["ARM"]}\n{"rule": "new_ceasefire_story"}\n'
                    '{"rule": "ceasefire_status_change"}\n{"rule": "claims_disagree"}\n')

        def run(label):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.monotonic()
            p = subprocess.run([args.marsad, "watch", "--db", db, "--sources", sources, "--once", "--quiet",
                                "--host-delay", "0", "--threads", "1"] + (["--alerts", rules] if args.rules else []), capture_output=True, text=True)
            wall = time.monotonic() - t0
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            print("%s: exit %d, wall %.2f s, CPU %.2f s (user %.2f, sys %.2f), peak RSS %d MB | %s" % (
                label, p.returncode, wall, cpu, after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime,
                after.ru_maxrss // 1024, p.stdout.strip()))
            if p.returncode != 0:
                print(p.stderr[-2000:])

        run("run 1 (all %d feeds new, 200)" % args.feeds)
        for n in range(args.changed):
            version[n * (args.feeds // max(1, args.changed))] = 2
        run("run 2 (%d changed, %d answer 304)" % (args.changed, args.feeds - args.changed))
        run("run 3 (all %d answer 304)" % args.feeds)
    finally:
        server.shutdown()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
