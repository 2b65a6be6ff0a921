#!/usr/bin/env python3
"""Crash safety of `marsad ingest`: SIGKILL at random points, then a full disk.

1. Generates a few thousand synthetic articles (unique texts, grouped into
   events so stories form), ingests them once without interruption as the
   reference, then ingests them into a second store killing the process with
   SIGKILL at seeded random moments, restarting each time, and finally lets it
   finish. Proves: no article lost or doubled (exported ids unique and equal to
   the input set); stories consistent (every article in exactly one story,
   every member exists, article.story names the story holding it); the story
   partition equals the uninterrupted run's (the clusterer resumes exactly from
   its stored state); a re-run adds nothing.
2. Full disk: ingest under RLIMIT_FSIZE (SIGXFSZ ignored, so writes fail with
   EFBIG as on a full disk): a clear error and a failing exit code, then the
   store still opens, is consistent, and a resumed ingest completes it.

Usage: crash_safety.py --marsad BUILD/marsad [--articles N] [--kills K] [--seed S] [--keep DIR]
Exit 0 pass, 1 fail, 77 skip (no marsad binary).
"""
import argparse
import json
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time

PLACES = ["غزة", "الدوحة", "القاهرة", "دمشق", "حلب", "إدلب", "الخرطوم", "طرابلس", "صنعاء", "عدن",
          "بيروت", "بغداد", "الموصل", "مأرب", "الحديدة", "درعا", "بنغازي", "الفاشر", "كابول", "جنين"]
ACTORS = ["الجيش", "المعارضة المسلحة", "قوات الدعم السريع", "الحوثيون", "حركة حماس", "الجيش الإسرائيلي",
          "قوات حفتر", "حكومة الوفاق", "الأمم المتحدة", "الوسطاء المصريون", "الوسطاء القطريون", "طالبان"]
VERBS = ["أعلن", "قال", "أكد", "نفى", "ذكر", "أفاد"]
EVENTS = ["وقف إطلاق النار", "هدنة إنسانية", "اشتباكات عنيفة", "قصفاً مدفعياً", "تبادل الأسرى",
          "انسحاب القوات", "مفاوضات جديدة", "غارات جوية"]
MONTHS = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر",
          "نوفمبر", "ديسمبر"]
SOURCES = ["وكالة المثال", "صحيفة النهار التجريبية", "موقع الخبر", "إذاعة السلام", "قناة الاختبار"]


def generate(n, rng):
    """n articles in events of 1..8 reports; every text unique."""
    arts = []
    event = 0
    while len(arts) < n:
        event += 1
        place = rng.choice(PLACES)
        actor, other = rng.sample(ACTORS, 2)
        what = rng.choice(EVENTS)
        month = rng.randrange(12)
        day = rng.randrange(1, 28)
        year = rng.choice([2019, 2020, 2021, 2022])
        killed = rng.randrange(2, 400)
        for r in range(rng.randrange(1, 9)):
            if len(arts) >= n:
                break
            i = len(arts)
            title = f"{place}: {what} بين {actor} و{other}"
            body = [
                f"{place} ({rng.choice(SOURCES)}) - {rng.choice(VERBS)} {actor} يوم {day} {MONTHS[month]} {year} "
                f"أن {what} بدأ في {place} بعد أيام من المواجهات مع {other}.",
                f"وأسفرت المواجهات عن مقتل {killed + r} شخصاً وإصابة {killed * 2 + i % 7} آخرين بحسب مصادر طبية.",
                f"وقال مسؤول محلي إن الوضع في {place} لا يزال متوتراً وإن السكان ينتظرون وصول المساعدات.",
                f"وهذا التقرير رقم {i} في السلسلة، ويتابع المراسل {r + 1} تطورات الحدث {event}.",
            ]
            rng.shuffle(body[1:3])
            arts.append({
                "id": f"cs{i:05d}",
                "url": f"https://example.com/{year}/{month + 1:02d}/{i}.html",
                "source": rng.choice(SOURCES),
                "published": f"{year}-{month + 1:02d}-{min(day + r // 3, 28):02d}",
                "text": title + "\n" + "\n".join(body),
            })
    return arts


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def export(marsad, db, what):
    p = run([marsad, "export", "--db", db, "--what", what, "--format", "jsonl"])
    if p.returncode != 0:
        raise AssertionError(f"export {what} failed ({p.returncode}): {p.stderr.strip()}")
    return [json.loads(line) for line in p.stdout.splitlines() if line.strip()]


def check_store(marsad, db, expect_ids, label, require_all=True):
    """Returns the story partition (frozenset of frozensets) after checking it."""
    arts = export(marsad, db, "articles")
    stories = export(marsad, db, "stories")
    ids = [a["id"] for a in arts]
    errors = []
    if len(ids) != len(set(ids)):
        dup = sorted({i for i in ids if ids.count(i) > 1})[:10]
        errors.append(f"{len(ids) - len(set(ids))} article(s) doubled, e.g. {dup}")
    got = set(ids)
    if require_all and got != expect_ids:
        errors.append(f"{len(expect_ids - got)} lost (e.g. {sorted(expect_ids - got)[:5]}), "
                      f"{len(got - expect_ids)} unexpected (e.g. {sorted(got - expect_ids)[:5]})")
    elif not got <= expect_ids:
        errors.append(f"unexpected ids {sorted(got - expect_ids)[:5]}")
    holder = {}
    for s in stories:
        for m in s["articles"]:
            if m in holder:
                errors.append(f"article {m} is in stories {holder[m]} and {s['story']}")
            holder[m] = s["story"]
            if m not in got:
                errors.append(f"story {s['story']} lists missing article {m}")
        if not s["articles"]:
            errors.append(f"story {s['story']} has no articles")
    for a in arts:
        if a["id"] not in holder:
            errors.append(f"article {a['id']} is in no story")
        elif a.get("story") != holder[a["id"]]:
            errors.append(f"article {a['id']} says story {a.get('story')} but {holder[a['id']]} holds it")
    if errors:
        raise AssertionError(f"{label}: " + "; ".join(errors[:12]) + (f" (+{len(errors) - 12} more)" if len(errors) > 12 else ""))
    print(f"  {label}: {len(got)} articles, {len(stories)} stories, consistent")
    return frozenset(frozenset(s["articles"]) for s in stories)


def ingest_cmd(marsad, db, src, batch):
    return [marsad, "ingest", "--db", db, "--batch", str(batch), "--threads", "2", "-q", src]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--marsad", required=True)
    ap.add_argument("--articles", type=int, default=3000)
    ap.add_argument("--kills", type=int, default=10)
    ap.add_argument("--seed", type=int, default=20261122)
    ap.add_argument("--keep", help="keep the work dir here")
    args = ap.parse_args()
    if not os.access(args.marsad, os.X_OK):
        print(f"SKIP: no marsad binary at {args.marsad}")
        return 77
    rng = random.Random(args.seed)
    work = args.keep or tempfile.mkdtemp(prefix="marsad-crash-")
    os.makedirs(work, exist_ok=True)
    try:
        arts = generate(args.articles, rng)
        src = os.path.join(work, "input.jsonl")
        with open(src, "w", encoding="utf-8") as f:
            for a in arts:
                f.write(json.dumps(a, ensure_ascii=False) + "\n")
        expect = {a["id"] for a in arts}

        # Reference: one uninterrupted run (also times a run, to place the kills).
        ref_db = os.path.join(work, "ref.db")
        t0 = time.monotonic()
        p = run(ingest_cmd(args.marsad, ref_db, src, 50))
        full = time.monotonic() - t0
        if p.returncode != 0:
            raise AssertionError(f"reference ingest failed ({p.returncode}): {p.stderr.strip()[-500:]}")
        print(f"reference ingest: {len(arts)} articles in {full:.1f}s")
        ref = check_store(args.marsad, ref_db, expect, "reference")

        # SIGKILL at random points, restart each time.
        db = os.path.join(work, "killed.db")
        killed = 0
        stored = 0
        for k in range(args.kills):
            # Aim anywhere in what is left of the work (start-up included): a
            # restarted run skips what is stored, so later runs are shorter.
            left = full * (1 - stored / len(arts))
            delay = rng.uniform(0.05, max(0.3, left * 0.9))
            proc = subprocess.Popen(ingest_cmd(args.marsad, db, src, 50), stdout=subprocess.DEVNULL,
                                    stderr=subprocess.PIPE, text=True)
            try:
                proc.wait(timeout=delay)
                finished = True
            except subprocess.TimeoutExpired:
                proc.send_signal(signal.SIGKILL)
                proc.wait()
                finished = False
                killed += 1
            err = proc.stderr.read()
            proc.stderr.close()
            if finished and proc.returncode != 0:
                raise AssertionError(f"ingest run {k} failed on its own ({proc.returncode}): {err.strip()[-500:]}")
            what = f"run {k} finished before its kill at {delay:.2f}s" if finished else f"after kill {k} at {delay:.2f}s"
            if os.path.exists(db):
                part = check_store(args.marsad, db, expect, what, require_all=False)
                stored = sum(len(s) for s in part)
        p = run(ingest_cmd(args.marsad, db, src, 50))
        if p.returncode != 0:
            raise AssertionError(f"final ingest failed ({p.returncode}): {p.stderr.strip()[-500:]}")
        got = check_store(args.marsad, db, expect, f"after {killed} kills and a final run")
        if got != ref:
            only_ref = ref - got
            raise AssertionError(f"story partition differs from the uninterrupted run: {len(only_ref)} of "
                                 f"{len(ref)} stories differ, e.g. {sorted(next(iter(only_ref)))[:6] if only_ref else ''}")
        print("  story partition equals the uninterrupted run's")
        if killed == 0:
            raise AssertionError("no run was killed: the kill points are all after the end")
        p = run(ingest_cmd(args.marsad, db, src, 50))
        if p.returncode != 0:
            raise AssertionError(f"re-run failed ({p.returncode}): {p.stderr.strip()[-300:]}")
        check_store(args.marsad, db, expect, "after a re-run")

        # Full disk: RLIMIT_FSIZE with SIGXFSZ ignored -> writes fail with EFBIG.
        # The limit is a fraction of what the reference store needs.
        need = sum(os.path.getsize(os.path.join(work, f)) for f in os.listdir(work) if f.startswith("ref.db"))
        limit = max(256 << 10, need // 4)
        full_db = os.path.join(work, "full.db")

        def limited():
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

        p = subprocess.run(ingest_cmd(args.marsad, full_db, src, 50), stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True, preexec_fn=limited, timeout=600)
        msg = (p.stderr + p.stdout).strip()
        lines = msg.splitlines()
        shown = next((l for l in lines if "disk" in l.lower()), lines[-1] if lines else "")
        print(f"full disk ({limit >> 10} KiB files): exit {p.returncode}: {shown}")
        if p.returncode == 0:
            raise AssertionError("ingest succeeded on a full disk")
        if p.returncode < 0:
            raise AssertionError(f"ingest died of signal {-p.returncode} on a full disk")
        # The message must say what to check and name the store's file.
        if "is the disk full?" not in msg or full_db not in msg:
            raise AssertionError(f"the full-disk error does not ask 'is the disk full?' naming {full_db}: "
                                 f"{msg[-400:]!r}")
        check_store(args.marsad, full_db, expect, "after the full disk", require_all=False)
        p = run(ingest_cmd(args.marsad, full_db, src, 50))
        if p.returncode != 0:
            raise AssertionError(f"resumed ingest after the full disk failed ({p.returncode}): {p.stderr.strip()[-300:]}")
        after = check_store(args.marsad, full_db, expect, "resumed after the full disk")
        if after != ref:
            raise AssertionError("story partition after the full disk differs from the uninterrupted run")
        print("PASS")
        return 0
    except AssertionError as e:
        print(f"FAIL: {e}")
        print(f"(work dir kept: {work})")
        args.keep = work
        return 1
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
