#!/usr/bin/env python3
"""4 concurrent `marsad ingest` workers feeding one PostgreSQL store.

Starts a throw-away server (scripts/pg-test-cluster; exit 77 = SKIP when
PostgreSQL is not installed), splits a generated corpus in 4 parts that
overlap (the same article, by id or by content, in two parts), runs the 4
workers at once, then checks:
  - the article count is exact (every distinct id/content once) and ids are unique;
  - every article is in exactly one story, and articles.story agrees;
  - the partition equals a single worker's run over the same articles in
    the order the workers committed them (their seq order).
A single worker over the ORIGINAL order may differ: clustering is online,
so its result depends on arrival order, and concurrent workers interleave
their batches in an order no one chooses. The agreement with that run is
printed (pairwise F1), not asserted.

  tests/scale/pg_workers.py --marsad build/marsad --source . [-n 1600] [--keep DIR]
"""
import argparse, collections, json, os, shutil, subprocess, sys, tempfile, time


def psql(dirname, port, db, sql):
    out = subprocess.run(['psql', '-X', '-q', '-At', '-F', '\t', '-h', dirname, '-p', port, '-U', 'marsad', '-d', db,
                          '-c', sql], check=True, capture_output=True, text=True).stdout
    return [line.split('\t') for line in out.splitlines() if line]


def pairs_f1(a, b):
    """Pairwise F1 between two partitions (dict article -> cluster)."""
    def pairs(p):
        groups = collections.defaultdict(list)
        for art, c in p.items():
            groups[c].append(art)
        return {(x, y) for g in groups.values() for i, x in enumerate(sorted(g)) for y in sorted(g)[i + 1:]}
    pa, pb = pairs(a), pairs(b)
    if not pa and not pb:
        return 1.0
    tp = len(pa & pb)
    p = tp / len(pb) if pb else 1.0
    r = tp / len(pa) if pa else 1.0
    return 2 * p * r / (p + r) if p + r else 0.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--marsad', required=True)
    ap.add_argument('--source', required=True)
    ap.add_argument('-n', type=int, default=1600)
    ap.add_argument('--workers', type=int, default=4)
    ap.add_argument('--batch', type=int, default=32)
    ap.add_argument('--keep')
    a = ap.parse_args()
    if shutil.which('psql') is None:
        print('SKIP: psql not installed')
        return 77
    tmp = a.keep or tempfile.mkdtemp(prefix='marsad-scale-')
    os.makedirs(tmp, exist_ok=True)
    os.chmod(tmp, 0o711)  # the server runs as `postgres` when we are root: it must reach pg/
    pgdir = os.path.join(tmp, 'pg')
    script = os.path.join(a.source, 'scripts', 'pg-test-cluster')
    r = subprocess.run([script, 'start', pgdir], capture_output=True, text=True)
    if r.returncode == 77:
        print('SKIP: PostgreSQL server not installed')
        return 77
    if r.returncode != 0:
        print('cannot start PostgreSQL:', r.stderr, file=sys.stderr)
        return 1
    uri = r.stdout.strip()
    port = open(os.path.join(pgdir, 'port')).read().strip()
    pgdir = os.path.abspath(pgdir)
    try:
        return run(a, tmp, pgdir, port)
    finally:
        subprocess.run([script, 'stop', pgdir], capture_output=True)
        if not a.keep:
            shutil.rmtree(tmp, ignore_errors=True)


def db_uri(pgdir, port, db):
    return f'postgresql:///{db}?host={pgdir}&port={port}&user=marsad'


def run(a, tmp, pgdir, port):
    corpus = os.path.join(tmp, 'corpus.jsonl')
    subprocess.run([sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), 'gen_events.py'),
                    corpus, '-n', str(a.n), '--seed', '3'], check=True)
    records = [json.loads(l) for l in open(corpus, encoding='utf-8') if l.strip()]
    by_id = {r['id']: r for r in records}
    # Parts: interleaved blocks, so the workers report on the same events at
    # the same time; plus overlaps: the same record in two parts, and the
    # same text under a new id.
    parts = [[] for _ in range(a.workers)]
    block = 40
    for i in range(0, len(records), block):
        parts[(i // block) % a.workers].extend(records[i:i + block])
    extra = 0
    for i in range(0, len(records), 37):
        parts[(i // block + 1) % a.workers].append(records[i])
        twin = dict(records[i], id=records[i]['id'] + '-twin')
        parts[(i // block + 2) % a.workers].append(twin)
        extra += 1
    files = []
    for k, p in enumerate(parts):
        path = os.path.join(tmp, f'part{k}.jsonl')
        with open(path, 'w', encoding='utf-8') as f:
            for r in p:
                f.write(json.dumps(r, ensure_ascii=False) + '\n')
        files.append(path)

    for db in ('multi', 'replay', 'single'):
        psql(pgdir, port, 'postgres', f'CREATE DATABASE {db}')

    t0 = time.time()
    procs = [subprocess.Popen([a.marsad, 'ingest', '--db', db_uri(pgdir, port, 'multi'), '--threads', '1',
                               '--batch', str(a.batch), '-q', f], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True) for f in files]
    outs = [p.communicate()[0] for p in procs]
    elapsed = time.time() - t0
    for p, o in zip(procs, outs):
        if p.returncode != 0:
            print('worker failed:', o, file=sys.stderr)
            return 1
    print(f'{a.workers} workers: {len(records)} distinct articles (+{2 * extra} overlapping copies) in {elapsed:.1f} s')

    ok = True

    def check(cond, msg):
        nonlocal ok
        if not cond:
            ok = False
            print('FAIL:', msg)

    rows = psql(pgdir, port, 'multi', 'SELECT id, story, duplicate_of FROM articles ORDER BY seq')
    ids = [r[0] for r in rows]
    check(len(ids) == len(set(ids)), 'article ids are not unique')
    # Each text once: the twin of a record is the same content, so exactly
    # one of the pair is stored.
    texts = collections.Counter(by_id[i.removesuffix('-twin')]['text'] for i in ids)
    check(all(c == 1 for c in texts.values()), 'a text is stored twice')
    want = len({r['text'] for r in records})
    check(len(ids) == want, f'{len(ids)} articles stored, want {want}')

    stories = psql(pgdir, port, 'multi', 'SELECT id, articles FROM stories')
    member_of = {}
    for sid, members in stories:
        for m in json.loads(members):
            check(m not in member_of, f'article {m} in stories {member_of.get(m)} and {sid}')
            member_of[m] = sid
    check(set(member_of) == set(ids), f'{len(set(ids) - set(member_of))} articles in no story, '
                                      f'{len(set(member_of) - set(ids))} story members not stored')
    for i, sid, _ in rows:
        check(member_of.get(i) == sid, f'article {i}: story column {sid}, member of {member_of.get(i)}')
        if member_of.get(i) != sid:
            break
    print(f'stored {len(ids)} articles in {len(stories)} stories')

    # The same articles, one worker, in commit order.
    replay = os.path.join(tmp, 'replay.jsonl')
    with open(replay, 'w', encoding='utf-8') as f:
        for i in ids:
            r = dict(by_id[i.removesuffix('-twin')], id=i)
            f.write(json.dumps(r, ensure_ascii=False) + '\n')
    subprocess.run([a.marsad, 'ingest', '--db', db_uri(pgdir, port, 'replay'), '--threads', '1',
                    '--batch', str(a.batch), '-q', replay], check=True, capture_output=True)
    replay_rows = psql(pgdir, port, 'replay', 'SELECT id, story, duplicate_of FROM articles ORDER BY seq')
    check(replay_rows == rows, 'a single worker in commit order gives other stories: ' +
          str(next(((x, y) for x, y in zip(rows, replay_rows) if x != y), None)))
    replay_stories = sorted(psql(pgdir, port, 'replay', 'SELECT id, articles, first_seen, last_seen FROM stories'))
    multi_stories = sorted(psql(pgdir, port, 'multi', 'SELECT id, articles, first_seen, last_seen FROM stories'))
    check(replay_stories == multi_stories, 'story records differ from the single-worker replay')

    # One worker over the original order (all parts concatenated): informative.
    t0 = time.time()
    subprocess.run([a.marsad, 'ingest', '--db', db_uri(pgdir, port, 'single'), '--threads', '1',
                    '--batch', str(a.batch), '-q'] + files, check=True, capture_output=True)
    single_elapsed = time.time() - t0
    single = {r[0]: r[1] for r in psql(pgdir, port, 'single', 'SELECT id, story FROM articles')}
    common = {i: s for i, s in member_of.items() if i in single}
    f1 = pairs_f1({i: single[i] for i in common}, common)
    print(f'one worker over the parts in file order: {single_elapsed:.1f} s; pairwise F1 vs the 4 workers: {f1:.3f} '
          f'({len(set(single.values()))} vs {len(stories)} stories)')
    print('OK' if ok else 'FAILED')
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
