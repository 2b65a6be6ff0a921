#!/usr/bin/env python3
"""End-to-end test of `marsad watch` and `marsad alerts` against a local
HTTP server on 127.0.0.1 (no other network): feeds that change between
polls, 304s, a 500, a response slower than the timeout, a redirect, a
windows-1256 feed, a teaser item whose page is fetched, a page robots.txt
forbids, a local drop folder, and a webhook receiver.

Proves: new articles are ingested once; nothing is lost or fetched twice
across restarts; a failing source does not stop the others; a 304 re-ingests
nothing; alerts reach the webhook exactly once across cycles.

Usage: watch_e2e.py --marsad BIN [--keep DIR]
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# Articles written for this test (not from any corpus).
P1 = ("أعلنت أرمينيا وأذربيجان صباح السبت وقف إطلاق النار في إقليم ناغورني كاراباخ بعد مفاوضات "
      "في موسكو استمرت عشر ساعات. وقال وزير الخارجية الروسي سيرغي لافروف إن الهدنة الإنسانية "
      "تدخل حيز التنفيذ عند الساعة الثانية عشرة ظهرا لتبادل الأسرى وجثث القتلى. "
      "وأفادت وزارة الدفاع الأرمينية بمقتل 20 جنديا خلال المعارك الأخيرة.")
P2 = ("اتهمت وزارة الدفاع الأذربيجانية القوات الأرمينية بخرق وقف إطلاق النار في كاراباخ بعد ساعات "
      "من دخوله حيز التنفيذ، وقالت إن القصف استهدف مدينة ترتر. وقالت يريفان إن القوات الأذربيجانية "
      "هي التي بدأت القصف. وذكرت مصادر محلية أن 120 شخصا قتلوا في المعارك منذ بدايتها.")
P3 = ("قالت مصادر في يريفان إن المفاوضات حول تبادل الأسرى بين أرمينيا وأذربيجان ستستأنف الأسبوع المقبل "
      "برعاية روسية، وإن اللجنة الدولية للصليب الأحمر ستشرف على العملية في كاراباخ.")
P4 = ("قالت الأمم المتحدة إن آلاف النازحين من كاراباخ ما زالوا في مراكز إيواء مؤقتة في أرمينيا، "
      "ودعت الطرفين إلى احترام وقف إطلاق النار وفتح ممرات آمنة لوصول المساعدات الإنسانية.")
P5 = ("أعلنت حكومة أذربيجان أن وزير خارجيتها سيزور موسكو لبحث تثبيت الهدنة في كاراباخ مع نظيره "
      "الأرميني، فيما قال مسؤول روسي إن بلاده مستعدة لإرسال مراقبين إلى خط التماس.")
P7 = ("وصل وفد من اللجنة الدولية للصليب الأحمر إلى مدينة ستيباناكيرت في كاراباخ للإعداد لتبادل الأسرى "
      "وجثث القتلى بين أرمينيا وأذربيجان بموجب اتفاق وقف إطلاق النار، وقال رئيس الوفد إن فرقه ستعمل "
      "على جانبي خط التماس خلال الأيام المقبلة.")
P6 = ("نقلت وكالات أنباء عن مسؤولين في باكو أن الهدنة في كاراباخ صامدة إلى حد كبير منذ صباح الأحد، "
      "رغم تبادل متقطع لإطلاق النار قرب مدينة فضولي، وأن لجنة مشتركة ستجتمع لمتابعة التنفيذ.")

# Feed items under ~60 words count as teasers (feed_reader.h): full items get
# this background paragraph too.
EXTRA = ("ويعود النزاع على الإقليم الجبلي إلى نهاية الحقبة السوفيتية، وقد خاض البلدان حربا في مطلع التسعينيات "
         "انتهت بهدنة هشة، وتكررت بعدها الاشتباكات على خط التماس مرات عدة، وسقط فيها مئات القتلى من الجانبين، "
         "فيما بقيت جهود الوساطة الدولية التي تقودها مجموعة مينسك دون نتيجة حاسمة حتى الآن.")


def full(p):
    return p + " " + EXTRA


def rss(title, items, encoding_decl=None):
    decl = '<?xml version="1.0"%s?>\n' % ((' encoding="%s"' % encoding_decl) if encoding_decl else "")
    body = "".join(
        "<item><title>%s</title><link>%s</link><guid>%s</guid><pubDate>%s</pubDate>"
        "<description><![CDATA[%s]]></description></item>\n" % (t, link, link, date, desc)
        for (t, link, date, desc) in items)
    return decl + "<rss version=\"2.0\"><channel><title>%s</title>\n%s</channel></rss>\n" % (title, body)


def page(title, text):
    paras = "".join("<p>%s</p>" % s.strip() + ("." if not s.strip().endswith(".") else "")
                    for s in text.split(".") if s.strip())
    return ("<!doctype html><html lang=\"ar\"><head><meta charset=\"utf-8\"><title>%s | وكالة الاختبار</title>"
            "<meta property=\"article:published_time\" content=\"2020-10-11T09:00:00Z\"></head><body>"
            "<nav><a href=\"/\">الرئيسية</a></nav><article><h1>%s</h1>%s</article>"
            "<footer>جميع الحقوق محفوظة</footer></body></html>" % (title, title, paras))


class World:
    """What the server serves; the test changes `phase` between polls."""

    def __init__(self):
        self.phase = 1
        self.log = []     # (method, path, status)
        self.hooks = []   # webhook bodies
        self.hook_fail = 0  # answer the next N webhook POSTs with 503
        self.hook_refused = []
        self.lock = threading.Lock()

    def feed(self, base):
        items = [
            ("هدنة في كاراباخ", base + "/news/1", "Sat, 10 Oct 2020 08:00:00 GMT", full(P1)),
            ("الصليب الأحمر في كاراباخ", base + "/article/2.html", "Sat, 10 Oct 2020 18:00:00 GMT",
             "وصل وفد من اللجنة الدولية للصليب الأحمر إلى... <a href=\"%s/article/2.html\">اقرأ المزيد</a>"
             % base),
            ("خبر محجوب", base + "/private/3.html", "Sat, 10 Oct 2020 19:00:00 GMT",
             "خبر قصير… <a href=\"%s/private/3.html\">اقرأ المزيد</a>" % base),
        ]
        if self.phase >= 2:
            items.append(("الأمم المتحدة تدعو لاحترام الهدنة", base + "/news/4", "Sun, 11 Oct 2020 10:00:00 GMT", full(P4)))
            items.append(("اتهامات متبادلة بخرق الهدنة", base + "/news/5", "Sun, 11 Oct 2020 18:00:00 GMT", full(P2)))
        return rss("وكالة الاختبار", items, "utf-8").encode("utf-8")


def make_handler(world, base_ref):
    class H(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body go in two writes: no 40 ms delayed-ACK stall

        def log_message(self, *a):
            pass

        def send(self, status, body=b"", ctype="text/plain; charset=utf-8", headers=None):
            with world.lock:
                world.log.append((self.command, self.path, status, self.headers.get("User-Agent", "")))
            self.send_response(status)
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            if status != 304:
                self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if body and self.command != "HEAD":
                self.wfile.write(body)

        def conditional(self, body, ctype, etag=None, last_modified=None):
            if etag and self.headers.get("If-None-Match") == etag:
                return self.send(304, headers={"ETag": etag})
            if last_modified and self.headers.get("If-Modified-Since") == last_modified:
                return self.send(304, headers={"Last-Modified": last_modified})
            h = {}
            if etag:
                h["ETag"] = etag
            if last_modified:
                h["Last-Modified"] = last_modified
            return self.send(200, body, ctype, h)

        def do_GET(self):
            base = base_ref[0]
            p = self.path
            if p == "/robots.txt":
                return self.send(200, b"User-agent: *\nDisallow: /private/\n")
            if p == "/feed.xml":
                return self.conditional(world.feed(base), "application/rss+xml; charset=utf-8",
                                        etag='"feed-v%d"' % world.phase)
            if p == "/article/2.html":
                return self.send(200, page("الصليب الأحمر في كاراباخ", P7).encode("utf-8"),
                                 "text/html; charset=utf-8")
            if p == "/private/3.html":
                return self.send(200, page("خبر محجوب", P3).encode("utf-8"), "text/html; charset=utf-8")
            if p == "/feed1256.xml":
                # No encoding in the XML declaration: only the HTTP header says windows-1256.
                body = rss("أخبار القوقاز", [("مفاوضات الأسرى", base + "/cp/1", "Sun, 11 Oct 2020 07:00:00 GMT", full(P3))])
                return self.conditional(body.encode("cp1256"), "application/rss+xml; charset=windows-1256",
                                        last_modified="Sun, 11 Oct 2020 07:00:00 GMT")
            if p == "/broken.xml":
                return self.send(500, b"internal error")
            if p == "/slow.xml":
                time.sleep(3)
                return self.send(200, rss("بطيء", []).encode("utf-8"), "application/rss+xml")
            if p == "/old-feed.xml":
                return self.send(301, b"", headers={"Location": base + "/moved.xml"})
            if p == "/moved.xml":
                body = rss("المنقول", [("زيارة إلى موسكو", base + "/mv/1", "Sun, 11 Oct 2020 12:00:00 GMT", full(P5))])
                return self.conditional(body.encode("utf-8"), "application/rss+xml", etag='"moved-1"')
            return self.send(404, b"not found")

        def do_POST(self):
            n = int(self.headers.get("Content-Length", "0"))
            data = self.rfile.read(n)
            if self.path == "/hook":
                with world.lock:
                    if world.hook_fail > 0:
                        world.hook_fail -= 1
                        world.hook_refused.append(json.loads(data))
                        refuse = True
                    else:
                        world.hooks.append(json.loads(data))
                        refuse = False
                return self.send(503 if refuse else 200, b"busy" if refuse else b"ok")
            return self.send(404, b"not found")

    return H


class Failed(Exception):
    pass


def check(cond, msg):
    if not cond:
        raise Failed(msg)
    print("ok:", msg)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--marsad", required=True)
    ap.add_argument("--keep")
    args = ap.parse_args()

    work = args.keep or tempfile.mkdtemp(prefix="watch-e2e-")
    os.makedirs(work, exist_ok=True)
    world = World()
    base_ref = [""]
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(world, base_ref))
    server.daemon_threads = True
    base = "http://127.0.0.1:%d" % server.server_address[1]
    base_ref[0] = base
    threading.Thread(target=server.serve_forever, daemon=True).start()

    drops = os.path.join(work, "drops")
    shutil.rmtree(drops, ignore_errors=True)
    os.makedirs(drops)
    with open(os.path.join(drops, "a.jsonl"), "w", encoding="utf-8") as f:
        f.write(json.dumps({"id": "drop-1", "title": "تثبيت الهدنة", "text": P6, "source": "مراسل محلي",
                            "published": "2020-10-11"}, ensure_ascii=False) + "\n")
    db = os.path.join(work, "store.db")
    for suffix in ("", ".watch", ".alerts.jsonl", "-wal", "-shm", ".watch-wal", ".watch-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    sources = os.path.join(work, "sources.txt")
    with open(sources, "w") as f:
        f.write("# test sources\n%s/feed.xml 60\n%s/broken.xml 60\n%s/slow.xml 60\n%s/feed1256.xml 60\n"
                "%s/old-feed.xml 60\n%s   # local drops\n" % (base, base, base, base, base, drops))
    rules = os.path.join(work, "rules.jsonl")
    with open(rules, "w") as f:
        f.write('{"webhook": "%s/hook"}\n{"rule": "mentions", "countries": ["ARM"]}\n'
                '{"rule": "new_ceasefire_story"}\n{"rule": "ceasefire_status_change"}\n'
                '{"rule": "claims_disagree", "factor": 2}\n' % base)

    def marsad(*a, ok=(0,)):
        p = subprocess.run([args.marsad, *a], capture_output=True, text=True, timeout=300)
        if p.returncode not in ok:
            raise Failed("marsad %s exited %d\n%s\n%s" % (" ".join(a), p.returncode, p.stdout, p.stderr))
        return p.stdout, p.stderr

    def cycle():
        out, err = marsad("watch", "--db", db, "--sources", sources, "--alerts", rules, "--once",
                          "--timeout", "1", "--connect-timeout", "1", "--host-delay", "0.05", "--threads", "1",
                          ok=(0, 3))
        sys.stdout.write(out)
        sys.stdout.write(err)
        return out, err

    def articles():
        out, _ = marsad("export", "--db", db, "--what", "articles")
        return [json.loads(l) for l in out.splitlines() if l.strip()]

    def ceasefires():
        out, _ = marsad("export", "--db", db, "--what", "ceasefires")
        return [json.loads(l) for l in out.splitlines() if l.strip()]

    def requests(path):
        with world.lock:
            return [e for e in world.log if e[1] == path]

    try:
        # Cycle 1: everything new.
        cycle()
        arts1 = articles()
        ids1 = [a["id"] for a in arts1]
        print("cycle 1 articles:", len(ids1))
        check(len(ids1) == len(set(ids1)), "no article stored twice")
        check(len(ids1) == 6, "6 articles: 3 from feed.xml (one via its teaser page, one teaser kept), "
                              "1 windows-1256, 1 via the redirect, 1 local drop (got %d)" % len(ids1))
        texts = "\n".join(a["text"] for a in arts1)
        check("ستيباناكيرت" in texts, "the teaser item's page was fetched and its full text ingested")
        check("يريفان إن المفاوضات حول تبادل الأسرى" in texts, "the windows-1256 feed decoded (Arabic text intact)")
        check("موسكو لبحث تثبيت" in texts, "the redirected feed was read")
        check("فضولي" in texts, "the local drop folder was ingested")
        check("خبر قصير" in texts and "اللجنة الدولية للصليب الأحمر ستشرف" in texts,
              "a teaser whose page robots.txt forbids is kept as the feed gave it")
        check(not requests("/private/3.html"), "robots.txt Disallow honoured (page never requested)")
        check(not [e for e in world.log if e[2] == 404], "no request went to a missing page")
        check(all(e[3] == "marsad/0.1" for e in world.log), "every request says User-Agent marsad/0.1")
        check(len(requests("/robots.txt")) == 1, "robots.txt fetched once per host per run")
        status1 = {(c["story"], "+".join(sorted(c["parties"]))): c["status"] for c in ceasefires()}
        print("ceasefire status after cycle 1:", status1)
        hooks1 = len(world.hooks)
        check(hooks1 >= 1, "alerts reached the webhook in cycle 1 (%d)" % hooks1)

        # Cycle 2: nothing changed -> 304s, nothing new, no new alerts.
        n_feed = len(requests("/feed.xml"))
        cycle()
        arts2 = articles()
        check([a["id"] for a in arts2] == ids1, "an unchanged cycle stores nothing")
        check(requests("/feed.xml")[n_feed:] and all(e[2] == 304 for e in requests("/feed.xml")[n_feed:]),
              "feed.xml answered 304 (If-None-Match sent)")
        check(requests("/feed1256.xml")[-1][2] == 304, "feed1256.xml answered 304 (If-Modified-Since sent)")
        check(len(world.hooks) == hooks1, "no alert sent twice")
        check(len(requests("/broken.xml")) == 1, "the failing source backs off (not polled again at once)")

        # Cycle 3 (a new process): the feed gains items, a new file lands,
        # and the webhook refuses its first POST.
        world.phase = 2
        world.hook_fail = 1
        with open(os.path.join(drops, "b.jsonl"), "w", encoding="utf-8") as f:
            f.write(json.dumps({"id": "drop-2", "title": "نازحو كاراباخ", "text": P4 + " " + P1,
                                "source": "مراسل محلي", "published": "2020-10-12"}, ensure_ascii=False) + "\n")
        cycle()
        arts3 = articles()
        ids3 = [a["id"] for a in arts3]
        check(ids3[:len(ids1)] == ids1 and len(ids3) == len(ids1) + 3,
              "cycle 3 adds exactly the 2 new feed items and the new file (%d -> %d)" % (len(ids1), len(ids3)))
        check(len(set(ids3)) == len(ids3), "still no article stored twice")
        check(len(requests("/article/2.html")) == 1, "a seen teaser page is never fetched again")
        check(len(requests("/moved.xml")) == 3 and requests("/moved.xml")[-1][2] == 304,
              "the redirected feed is polled each cycle and answers 304")

        # The refused alert is in the log and queued; cycle 4 delivers it.
        refused = [(h["rule"], h["story"], h["change"]) for h in world.hook_refused]
        check(len(refused) == 1, "cycle 3's first webhook POST was refused (503)")
        check(refused[0] not in [(h["rule"], h["story"], h["change"]) for h in world.hooks],
              "the refused alert did not reach the webhook yet")
        cycle()
        check(refused[0] in [(h["rule"], h["story"], h["change"]) for h in world.hooks],
              "cycle 4 re-sent the refused alert")
        check(len(articles()) == len(ids3), "cycle 4 stores nothing new")

        # Alerts: exactly once per (rule, story, change), webhook == log.
        keys = [(h["rule"], h["story"], h["change"]) for h in world.hooks]
        check(len(keys) == len(set(keys)), "each alert reached the webhook exactly once (%d)" % len(keys))
        for h in world.hooks:
            check(h["story"] and h["title"] and h["change"] and isinstance(h["sources"], list),
                  "alert %s/%s carries story, title, change and sources" % (h["rule"], h["story"]))
        check(any(h["kind"] == "mentions" for h in world.hooks), "a mentions alert (country ARM) was raised")
        out, _ = marsad("alerts", "--db", db, "--json")
        logged = [json.loads(l) for l in out.splitlines() if l.strip()]
        check(sorted((a["rule"], a["story"], a["change"]) for a in logged) == sorted(keys),
              "`marsad alerts` lists the same alerts the webhook received")
        cfs = ceasefires()
        status3 = {(c["story"], "+".join(sorted(c["parties"]))): c["status"] for c in cfs}
        print("ceasefire status after cycle 3:", status3)
        expected = sorted((k[0], "ceasefire %s: %s -> %s" % (k[1], status1[k], v))
                          for k, v in status3.items() if k in status1 and status1[k] != v)
        got = sorted((h["story"], h["change"]) for h in world.hooks if h["kind"] == "ceasefire_status_change")
        check(got == expected, "ceasefire_status_change alerts == the status changes between cycles %s" % got)
        check(expected, "the breach reported in cycle 3 changed a ceasefire's status")
        if cfs:
            cf_alerts = [h for h in world.hooks if h["kind"] == "new_ceasefire_story"]
            check({c["story"] for c in cfs} <= {h["story"] for h in cf_alerts},
                  "every story with a ceasefire record got a new_ceasefire_story alert")

        # Status.
        out, _ = marsad("watch", "--status", "--db", db)
        print(out)
        lines = {l.split()[0]: l for l in out.splitlines()[1:] if l.strip()}
        check("HTTP 500" in lines[base + "/broken.xml"], "status shows the 500 of broken.xml")
        check("never" in lines[base + "/slow.xml"] and "timed out" in lines[base + "/slow.xml"],
              "status shows the timeout of slow.xml")
        check(lines[base + "/feed.xml"].split()[3] == "5", "status counts 5 articles from feed.xml")
    except Failed as e:
        print("FAIL:", e)
        return 1
    finally:
        server.shutdown()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
