#!/usr/bin/env python3
"""Hostile inputs through the marsad CLI, each with bounded time and memory.

Every command runs under a timeout and (unless the binary is built with
AddressSanitizer, which reserves terabytes of address space) RLIMIT_AS; the
test asserts outcomes, never speed: no crash (death by a signal), an exit
code of 0 (read) or 3 (some input skipped, with a message), and the good
records around the hostile one still read.

Cases: 100k-deep nested HTML, unclosed formatting tags, a gzip bomb in a
.warc.gz, billion-laughs XML (internal and external entities), 10 MB JSONL
lines (text and garbage), NUL bytes in JSONL and .txt, bidi controls and
zero-width joiners inside names (must still link: بو<ZWNJ>تين -> Vladimir
Putin), and Persian/Urdu look-alike letters (ی ک) standing in for Arabic ones.

Usage: hostile_input.py --marsad BUILD/marsad [--keep DIR] [--only NAME]
Exit 0 pass, 1 fail, 77 skip (no marsad binary).
"""
import argparse
import gzip
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zlib

TIMEOUT = 300                 # seconds per command: a hang, not a slow run
ADDRESS_SPACE = 6 << 30       # RLIMIT_AS when not under ASan
PUTIN = "Vladimir_Putin"


class Harness:
    def __init__(self, marsad, work):
        self.marsad = marsad
        self.work = work
        self.asan = self._uses_asan(marsad)
        self.failures = []
        self.notes = []

    @staticmethod
    def _uses_asan(binary):
        try:
            out = subprocess.run(["ldd", binary], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                 text=True).stdout
        except OSError:
            return False
        return "libasan" in out

    def run(self, args, stdin=None):
        def limits():
            if not self.asan:
                resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))
        t0 = time.monotonic()
        try:
            p = subprocess.run([self.marsad] + args, input=stdin, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, preexec_fn=limits, timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            return None, b"", b"", TIMEOUT
        return p.returncode, p.stdout, p.stderr, time.monotonic() - t0

    def fail(self, case, msg):
        self.failures.append(f"{case}: {msg}")
        print(f"  FAIL {case}: {msg}")

    def ingest(self, case, files, ok_codes=(0, 3)):
        """Ingests files into a fresh store; returns the exported articles or None."""
        db = os.path.join(self.work, case + ".db")
        rc, out, err, secs = self.run(["ingest", "--db", db, "--batch", "50", "-q"] + files)
        tail = err.decode("utf-8", "replace").strip().splitlines()[-3:]
        print(f"  {case}: ingest exit {rc} in {secs:.1f}s {' | '.join(tail)[:300]}")
        if rc is None:
            self.fail(case, f"no result within {TIMEOUT}s (hang)")
            return None
        if rc < 0:
            self.fail(case, f"killed by signal {-rc}: {err.decode('utf-8', 'replace')[-800:]}")
            return None
        if rc not in ok_codes:
            self.fail(case, f"exit {rc} (expected {ok_codes}): {err.decode('utf-8', 'replace')[-400:]}")
            return None
        rc, out, err, _ = self.run(["export", "--db", db, "--what", "articles", "--format", "jsonl"])
        if rc != 0:
            self.fail(case, f"export after ingest failed ({rc}): {err.decode('utf-8', 'replace')[-300:]}")
            return None
        return [json.loads(line) for line in out.decode("utf-8").splitlines() if line.strip()]

    def analyze(self, case, text):
        rc, out, err, secs = self.run(["analyze", "--json", "-"], stdin=text.encode("utf-8"))
        if rc != 0:
            self.fail(case, f"analyze exit {rc}: {err.decode('utf-8', 'replace')[-400:]}")
            return None
        return json.loads(out.decode("utf-8"))

    def path(self, name):
        return os.path.join(self.work, name)


GOOD_TEXT = "أعلن الوسطاء في الدوحة يوم السبت 10 أكتوبر 2020 أن وقف إطلاق النار دخل حيز التنفيذ."


def good_page(title):
    return (f"<html><head><meta charset='utf-8'><title>{title}</title></head><body><article><h1>{title}</h1>"
            f"<p>{GOOD_TEXT}</p><p>وقال المتحدث إن الهدنة صامدة حتى الآن رغم بعض الخروقات المحدودة.</p>"
            "</article></body></html>")


def case_nested_html(h):
    depth = 100_000
    page = ("<html><head><meta charset='utf-8'><title>عميق</title></head><body>" + "<div>" * depth +
            f"<p>{GOOD_TEXT}</p>" + "</div>" * depth + "</body></html>")
    f = h.path("deep.html")
    open(f, "w", encoding="utf-8").write(page)
    arts = h.ingest("nested_html", [f])
    if arts is not None:
        h.notes.append(f"nested_html: {len(arts)} article(s); text kept: "
                       f"{any('وقف إطلاق النار' in a['text'] for a in arts)}")
    # Unclosed formatting elements (gumbo's adoption agency / reconstruction).
    page = ("<html><body>" + "<b><i><font>" * 20_000 + f"<p>{GOOD_TEXT}</p>" * 50 + "</body></html>")
    f = h.path("unclosed.html")
    open(f, "w", encoding="utf-8").write(page)
    h.ingest("unclosed_tags_html", [f])


def warc_header(uri, length):
    """A WARC response record's header for a block of `length` bytes."""
    return (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\n"
            f"WARC-Date: 2020-10-10T00:00:00Z\r\nWARC-Record-ID: <urn:uuid:{abs(hash(uri)) % 10**12}>\r\n"
            f"Content-Type: application/http; msgtype=response\r\nContent-Length: {length}\r\n\r\n").encode()


def case_gzip_bomb(h):
    f = h.path("bomb.warc.gz")
    good = good_page("خبر سليم").encode("utf-8")
    good_http = (f"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                 f"Content-Length: {len(good)}\r\n\r\n").encode() + good
    bomb_size = 1 << 30  # 1 GiB of spaces inside one HTML page, ~1 MB compressed
    bomb_head = (f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {bomb_size + 6}\r\n\r\n"
                 "<html>").encode()
    with open(f, "wb") as out:
        for uri in ("https://example.com/good",):
            out.write(gzip.compress(warc_header(uri, len(good_http)) + good_http + b"\r\n\r\n"))
        c = zlib.compressobj(9, zlib.DEFLATED, 31)  # one gzip member for the bomb record
        out.write(c.compress(warc_header("https://example.com/bomb", len(bomb_head) + bomb_size)))
        out.write(c.compress(bomb_head))
        chunk = b" " * (1 << 20)
        for _ in range(bomb_size >> 20):
            out.write(c.compress(chunk))
        out.write(c.compress(b"\r\n\r\n"))
        out.write(c.flush())
        out.write(gzip.compress(warc_header("https://example.com/after", len(good_http)) + good_http + b"\r\n\r\n"))
    print(f"  gzip bomb: {os.path.getsize(f) >> 10} KiB on disk, {bomb_size >> 20} MiB inflated")
    check_bomb(h, "gzip_bomb_warc", f)

    # The same bomb under a small, lying Content-Length: the record is cut
    # short and the reader meets 1 GiB of junk where the next record should be.
    f = h.path("bomb_lying.warc.gz")
    with open(f, "wb") as out:
        out.write(gzip.compress(warc_header("https://example.com/good", len(good_http)) + good_http + b"\r\n\r\n"))
        c = zlib.compressobj(9, zlib.DEFLATED, 31)
        out.write(c.compress(warc_header("https://example.com/bomb", len(bomb_head) + 1000)))
        out.write(c.compress(bomb_head))
        chunk = b" " * (1 << 20)
        for _ in range(bomb_size >> 20):
            out.write(c.compress(chunk))
        out.write(c.flush())
        out.write(gzip.compress(warc_header("https://example.com/after", len(good_http)) + good_http + b"\r\n\r\n"))
    check_bomb(h, "gzip_bomb_lying_length", f)


def check_bomb(h, case, f):
    arts = h.ingest(case, [f])
    if arts is not None:
        urls = {a.get("url") for a in arts}
        if "https://example.com/good" not in urls:
            h.fail(case, f"the good record before the bomb was not read (got {sorted(map(str, urls))})")
        h.notes.append(f"{case}: read {sorted(map(str, urls))}")


def case_billion_laughs(h):
    ents = ['<!ENTITY lol "lol">']
    for i in range(1, 10):
        ents.append(f'<!ENTITY lol{i} "' + f"&lol{i - 1 if i > 1 else ''};" * 10 + '">')
    ents.append('<!ENTITY xxe SYSTEM "file:///etc/passwd">')
    xml = ('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE rss [' + "\n".join(ents) + ']>\n'
           '<rss version="2.0"><channel><title>t</title>'
           f'<item><title>&lol9;</title><link>https://example.com/laughs</link><description>&lol9; &xxe;</description></item>'
           f'<item><title>خبر سليم</title><link>https://example.com/ok</link><description>{GOOD_TEXT}</description></item>'
           '</channel></rss>')
    f = h.path("laughs.rss")
    open(f, "w", encoding="utf-8").write(xml)
    arts = h.ingest("billion_laughs_rss", [f])
    if arts is not None:
        for a in arts:
            if "root:" in a["text"]:
                h.fail("billion_laughs_rss", "an external entity (file:///etc/passwd) was expanded")
            if len(a["text"]) > 1_000_000:
                h.fail("billion_laughs_rss", f"entities expanded to {len(a['text'])} chars")
        h.notes.append(f"billion_laughs_rss: {len(arts)} item(s) read")


def long_arabic_text(size):
    words = ["قال", "الجيش", "إن", "القصف", "استهدف", "مواقع", "في", "المدينة", "وأسفر", "عن", "مقتل", "12", "شخصاً"]
    out, n, i = [], 0, 0
    while n < size:
        w = words[i % len(words)] + ("." if i % 17 == 16 else "")
        out.append(w)
        n += len(w.encode()) + 1
        i += 1
    return " ".join(out)


def case_long_lines(h):
    """10 MB lines that are not articles: garbage, an unterminated string."""
    f = h.path("long.jsonl")
    with open(f, "w", encoding="utf-8") as out:
        out.write(json.dumps({"id": "before", "text": GOOD_TEXT}, ensure_ascii=False) + "\n")
        out.write("x" * (10 << 20) + "\n")
        out.write('{"id": "huge_string", "text": "' + "ب" * (5 << 20) + '"\n')  # unterminated object
        out.write('{"id": "deep", "text": ' + "[" * (5 << 20) + "\n")
        out.write(json.dumps({"id": "after", "text": GOOD_TEXT + " وأكد الطرفان التزامهما."},
                             ensure_ascii=False) + "\n")
    arts = h.ingest("long_jsonl_lines", [f])
    if arts is not None:
        ids = {a["id"] for a in arts}
        for want in ("before", "after"):
            if want not in ids:
                h.fail("long_jsonl_lines", f"record '{want}' around the long lines was lost (got {sorted(ids)})")
        h.notes.append(f"long_jsonl_lines: stored {sorted(ids)}")


def case_long_article(h):
    """One 10 MB article (a valid record): analysis must stay bounded.
    KNOWN ISSUE (reported): EventExtractor::Extract is quadratic in the
    article's size (cues x actor occurrences, events x mentions/numbers), so
    this runs for many minutes; off by default, run with --only long_article."""
    f = h.path("long_article.jsonl")
    with open(f, "w", encoding="utf-8") as out:
        out.write(json.dumps({"id": "before", "text": GOOD_TEXT}, ensure_ascii=False) + "\n")
        out.write(json.dumps({"id": "huge_text", "text": long_arabic_text(10 << 20)}, ensure_ascii=False) + "\n")
        out.write(json.dumps({"id": "after", "text": GOOD_TEXT + " وأكد الطرفان التزامهما."},
                             ensure_ascii=False) + "\n")
    arts = h.ingest("long_article", [f])
    if arts is not None:
        h.notes.append(f"long_article: stored {sorted(a['id'] for a in arts)}")


def case_nul_bytes(h):
    f = h.path("nul.jsonl")
    text = "هدنة\u0000في الدوحة\u0000" + GOOD_TEXT
    with open(f, "w", encoding="utf-8") as out:
        out.write(json.dumps({"id": "nul", "text": text}, ensure_ascii=False) + "\n")
    t = h.path("nul.txt")
    open(t, "wb").write(("عنوان\n" + GOOD_TEXT).encode() + b"\x00\x00\x00" + "نهاية النص".encode())
    arts = h.ingest("nul_bytes", [f, t])
    if arts is not None:
        by_id = {a["id"]: a for a in arts}
        if "nul" not in by_id:
            h.fail("nul_bytes", "the JSONL record with NUL bytes was not stored")
        elif "في الدوحة" not in by_id["nul"]["text"] or "وقف إطلاق النار" not in by_id["nul"]["text"]:
            h.fail("nul_bytes", f"text after a NUL byte was lost: {by_id['nul']['text'][:80]!r}")
        h.notes.append(f"nul_bytes: stored {sorted(by_id)}")


NAME_VARIANTS = {
    "zwnj": "بو\u200cتين",
    "zwj": "بو\u200dتين",
    "rlm": "بو\u200fتين",
    "zwsp": "بو\u200bتين",
    "rle_pdf": "\u202bبوتين\u202c",
    "rli_pdi": "\u2067بو\u200cتين\u2069",
    "lrm_edges": "\u200eبوتين\u200e",
    "tatweel": "بوتـــين",
    "harakat": "بُوتِين",
    "persian_ye": "بوتین",
    "full_persian": "فلادیمیر بوتین",
}


def norms(doc, surface):
    return [t["norm"] for t in doc.get("tokens", []) if t["surface"] == surface]


def case_names(h):
    # One sentence per variant; each must link to Putin.
    lines = [f"وقال الرئيس الروسي {v} في موسكو إن المحادثات مستمرة." for v in NAME_VARIANTS.values()]
    doc = h.analyze("names", "\n".join(lines))
    if doc is None:
        return
    linked = {}
    for m in doc.get("mentions", []):
        for k, v in NAME_VARIANTS.items():
            if v in m["surface"] or m["surface"] in v and len(m["surface"]) > 3:
                linked.setdefault(k, set()).add(m.get("entity"))
    for k, v in NAME_VARIANTS.items():
        if PUTIN not in linked.get(k, set()):
            h.fail("names", f"{k} ({v!r}) does not link to {PUTIN} (got {sorted(map(str, linked.get(k, [])))})")
    plain = h.analyze("names_plain", "بوتين")
    base = plain["tokens"][0]["norm"] if plain and plain.get("tokens") else None
    for k in ("zwnj", "zwj", "rlm", "zwsp", "tatweel", "harakat", "persian_ye"):
        got = set(norms(doc, NAME_VARIANTS[k]))
        if got and got != {base}:
            h.fail("names", f"{k}: token norm {got} != {base!r}")
    print(f"  names: {sum(PUTIN in s for s in linked.values())}/{len(NAME_VARIANTS)} variants link to {PUTIN}")


LOOKALIKES = [  # (Persian/Urdu spelling, Arabic spelling)
    ("الرئیس", "الرئيس"), ("موسکو", "موسكو"), ("کییف", "كييف"), ("ترکیا", "تركيا"),
    ("الأمریکیة", "الأمريكية"), ("کابل", "كابل"), ("فی", "في"),
]


def case_lookalikes(h):
    text = " ".join(p for p, _ in LOOKALIKES) + "\n" + " ".join(a for _, a in LOOKALIKES)
    doc = h.analyze("lookalikes", text)
    if doc is None:
        return
    toks = doc.get("tokens", [])
    by_surface = {}
    for t in toks:
        by_surface.setdefault(t["surface"], t["norm"])
    for p, a in LOOKALIKES:
        if p in by_surface and a in by_surface and by_surface[p] != by_surface[a]:
            h.fail("lookalikes", f"{p!r} normalizes to {by_surface[p]!r}, {a!r} to {by_surface[a]!r}")
    doc = h.analyze("lookalike_link", "استقبل الرئیس الترکی رجب طیب أردوغان نظیره الروسی فلادیمیر بوتین فی موسکو.")
    if doc is not None:
        ents = {m.get("entity") for m in doc.get("mentions", [])}
        if PUTIN not in ents:
            h.fail("lookalikes", f"Persian-letter فلادیمیر بوتین does not link to {PUTIN} (got {sorted(map(str, ents))})")
        h.notes.append(f"lookalike_link: entities {sorted(map(str, ents))}")


# Cases that fail today, reported to their owners; run them with --only NAME.
KNOWN_ISSUES = {
    "long_article": "a 10 MB article takes many minutes (EventExtractor::Extract is quadratic)",
}

CASES = {
    "nested_html": case_nested_html,
    "gzip_bomb": case_gzip_bomb,
    "billion_laughs": case_billion_laughs,
    "long_lines": case_long_lines,
    "long_article": case_long_article,
    "nul_bytes": case_nul_bytes,
    "names": case_names,
    "lookalikes": case_lookalikes,
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--marsad", required=True)
    ap.add_argument("--keep")
    ap.add_argument("--only", action="append")
    args = ap.parse_args()
    if not os.access(args.marsad, os.X_OK):
        print(f"SKIP: no marsad binary at {args.marsad}")
        return 77
    work = args.keep or tempfile.mkdtemp(prefix="marsad-hostile-")
    os.makedirs(work, exist_ok=True)
    h = Harness(args.marsad, work)
    print(f"limits: {TIMEOUT}s per command, " +
          ("no RLIMIT_AS (AddressSanitizer build)" if h.asan else f"RLIMIT_AS {ADDRESS_SPACE >> 30} GiB"))
    try:
        for name, fn in CASES.items():
            if args.only and name not in args.only:
                continue
            if not args.only and name in KNOWN_ISSUES:
                print(f"{name}: not run by default: {KNOWN_ISSUES[name]}")
                continue
            print(f"{name}:")
            fn(h)
        for n in h.notes:
            print("  note:", n)
        if h.failures:
            print(f"FAIL: {len(h.failures)} problem(s)")
            for f in h.failures:
                print("  -", f)
            return 1
        print("PASS")
        return 0
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
