#!/usr/bin/env python3
"""Quality gate: runs marsad on the gold corpora in ../shared and fails when a
score falls below the figure the project has reached (thresholds.json).

Skips (exit 77, which CTest reports as skipped) when ../shared is absent, as
in a user's clone. Usage:
  check.py --marsad build/marsad --shared ../shared [--corpus seeds|dev] [--keep DIR]
"""
import argparse, json, os, shutil, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
CORPORA = {'seeds': 'seeds', 'dev': 'corpus/dev'}


def run(cmd):
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode not in (0, 3):
        sys.stderr.write(f'command failed ({p.returncode}): {" ".join(cmd)}\n{p.stdout}\n{p.stderr}\n')
        sys.exit(1)
    return p.stdout


def score(marsad, shared, name, work, drop_published=False):
    gold_dir = os.path.join(shared, CORPORA[name])
    src = os.path.join(gold_dir, 'articles.jsonl')
    if drop_published:
        # Many real sources give no date: every stage must hold up without it.
        src2 = os.path.join(work, 'articles-nodate.jsonl')
        with open(src, encoding='utf-8') as f, open(src2, 'w', encoding='utf-8') as g:
            for line in f:
                if line.strip():
                    o = json.loads(line)
                    o['published'] = None
                    g.write(json.dumps(o, ensure_ascii=False) + '\n')
        src = src2
    db = os.path.join(work, 'store.db')
    out = os.path.join(work, 'export')
    run([marsad, 'ingest', '-q', '--db', db, src])
    run([marsad, 'export', '--db', db, '--what', 'all', '--out', out])
    res = run([sys.executable, os.path.join(shared, 'tools', 'score.py'), '--gold-dir', gold_dir,
               '--pred-dir', out, '--json'])
    res = json.loads(res)
    res['mentions'] = mention_precision(gold_dir, out)
    return res, out


def mention_precision(gold_dir, out):
    """score.py measures recall only. This is our own precision proxy: the
    share of marsad's person/organisation/place mentions whose surface is one
    of the article's gold surfaces (of any of the three kinds). A gold
    annotator's omission counts against marsad, so it is a lower bound."""
    gold = {}
    with open(os.path.join(gold_dir, 'gold.jsonl'), encoding='utf-8') as f:
        for line in f:
            if line.strip():
                g = json.loads(line)
                gold[g['id']] = {s for k in ('persons', 'places', 'orgs') for e in g.get(k, []) for s in e['surface']}
    total = found = 0
    with open(os.path.join(out, 'mentions.jsonl'), encoding='utf-8') as f:
        for line in f:
            if not line.strip():
                continue
            m = json.loads(line)
            if m['type'] in ('PER', 'ORG', 'GPE', 'LOC') and m['article'] in gold:
                total += 1
                found += m['surface'] in gold[m['article']]
    return {'surface_precision': found / total if total else 0.0, 'mentions': total}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--marsad', required=True)
    ap.add_argument('--shared', required=True)
    ap.add_argument('--corpus', action='append')
    ap.add_argument('--keep', help='keep exports in this folder')
    ap.add_argument('--print-only', action='store_true', help='print scores, check nothing')
    a = ap.parse_args()
    if not os.path.isfile(os.path.join(a.shared, 'tools', 'score.py')):
        print(f'skipped: {a.shared} not found (quality checks need ../shared beside the clone)')
        return 77
    with open(os.path.join(HERE, 'thresholds.json'), encoding='utf-8') as f:
        thresholds = json.load(f)
    failures = []
    for name in a.corpus or ['seeds', 'dev']:
        for variant in ('', '-nodate'):
            key = name + variant
            if key not in thresholds and not a.print_only:
                continue
            work = tempfile.mkdtemp(prefix=f'marsad-quality-{key}-')
            try:
                res, out = score(a.marsad, a.shared, name, work, drop_published=bool(variant))
                if a.keep:
                    dst = os.path.join(a.keep, key)
                    shutil.rmtree(dst, ignore_errors=True)
                    shutil.copytree(out, dst)
            finally:
                shutil.rmtree(work, ignore_errors=True)
            print(f'[{key}]')
            for part, metrics in res.items():
                if part == 'errors':
                    for e in metrics:
                        failures.append(f'{key}: scorer error: {e}')
                    continue
                print(f'  {part:8s} ' + '  '.join(
                    f'{m}={v:.3f}' if isinstance(v, float) else f'{m}={v}' for m, v in metrics.items()))
                for m, floor in thresholds.get(key, {}).get(part, {}).items():
                    v = metrics.get(m)
                    if v is None or v + 1e-9 < floor:
                        failures.append(f'{key}: {part}.{m} = {v} is below the locked-in {floor}')
    # NER on the held-out tail of ANERcorp (`marsad eval ner`).
    ner_floor = thresholds.get('ner', {}).get('micro_f1')
    if ner_floor is not None or a.print_only:
        gold = os.path.join(a.shared, 'data', 'anercorp', 'train.txt')
        out = run([a.marsad, 'eval', 'ner', '--gold', gold, '--dev-fraction', '0.1', '--json'])
        ner = json.loads(out)
        f1 = ner['micro']['f1']
        print(f'[ner] anercorp dev micro p={ner["micro"]["p"]:.3f} r={ner["micro"]["r"]:.3f} f1={f1:.3f}  ' +
              '  '.join(f'{t}={v["f1"]:.3f}' for t, v in sorted(ner['per_type'].items())))
        if ner_floor is not None and f1 + 1e-9 < ner_floor:
            failures.append(f'ner: micro f1 = {f1:.4f} is below the locked-in {ner_floor}')
    if a.print_only:
        return 0
    for f in failures:
        print('FAIL', f)
    print(f'quality: {len(failures)} failed' if failures else 'quality: all thresholds met')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
