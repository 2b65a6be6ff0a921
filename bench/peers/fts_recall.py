#!/usr/bin/env python3
"""Search recall: marsad's FTS5 tokenizer vs SQLite FTS5's stock unicode61
(remove_diacritics 2) over the same articles.

Takes a marsad SQLite store (built by `marsad ingest`), exports its
articles, indexes title + text a second time with unicode61 (Python's
sqlite3), and runs the same queries on both: each base word alone, with
harakat, with clitics (و+ال، بال، لل) and with spelling variants (ة/ه, أ/ا,
ى/ي). The relevant articles of a base word are those where it occurs in
any of these guises (an oracle independent of both engines: harakat and
tatweel dropped, hamza/alef maqsura/ta marbuta folded, a proclitic
prefix stripped). Prints recall per query kind for both engines.

  bench/peers/fts_recall.py --marsad BUILD/marsad --fts-search BUILD/bench/fts_search --db STORE.db
"""
import argparse, collections, json, os, re, sqlite3, subprocess, sys, tempfile

BASES = ['هدنة', 'اتفاق', 'حكومة', 'قصف', 'غزة', 'سوريا', 'لبنان', 'مفاوضات', 'إطلاق', 'جيش', 'مستشفى',
         'أمم', 'رئيس', 'مدينة', 'انتخابات', 'أسرى', 'قوات', 'مساعدات', 'إسرائيل', 'وزير']
HARAKAT = re.compile('[\u064b-\u0652\u0670\u0640]')
PREFIXES = ['وبال', 'فبال', 'وكال', 'وال', 'فال', 'بال', 'كال', 'ال', 'وب', 'ول', 'فب', 'فل', 'وك', 'و', 'ف', 'ب', 'ك', 'ل']

def fold(w):
    w = HARAKAT.sub('', w)
    return w.translate(str.maketrans({'أ': 'ا', 'إ': 'ا', 'آ': 'ا', 'ى': 'ي', 'ة': 'ه'}))

def stems(tok):
    out = {tok}
    if tok.startswith('لل') and len(tok) > 3:
        out.add(tok[2:])
    for p in PREFIXES:
        if tok.startswith(p) and len(tok) - len(p) >= 2:
            out.add(tok[len(p):])
    return out

def variants(base):
    out = [('plain', base)]
    out.append(('harakat', ''.join(c + '\u064e' for c in base[:-1]) + base[-1] + '\u064c'))
    out.append(('clitic وال', 'وال' + base))
    out.append(('clitic بال', 'بال' + base))
    out.append(('clitic لل', 'لل' + base))
    sp = base.translate(str.maketrans({'ة': 'ه', 'أ': 'ا', 'إ': 'ا', 'ى': 'ي'}))
    if sp != base:
        out.append(('spelling', sp))
    return out

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--marsad', required=True)
    ap.add_argument('--fts-search', required=True)
    ap.add_argument('--db', required=True, help='a marsad SQLite store')
    ap.add_argument('--examples', action='store_true', help='print per-query figures')
    a = ap.parse_args()
    work = tempfile.mkdtemp(prefix='fts-recall-')
    arts = os.path.join(work, 'articles.jsonl')
    subprocess.run([a.marsad, 'export', '--db', a.db, '--what', 'articles', '--out', arts], check=True,
                   stdout=subprocess.DEVNULL)
    docs = [json.loads(l) for l in open(arts, encoding='utf-8') if l.strip()]
    # The oracle.
    relevant = collections.defaultdict(set)
    want = {fold(b): b for b in BASES}
    for d in docs:
        text = (d.get('title') or '') + ' ' + d['text']
        for tok in re.findall(r'[\u0600-\u06ff]+', text):
            for s in stems(fold(tok)):
                if s in want:
                    relevant[want[s]].add(d['id'])
    # unicode61.
    con = sqlite3.connect(':memory:')
    con.execute("CREATE VIRTUAL TABLE f USING fts5(id UNINDEXED, title, text, tokenize='unicode61 remove_diacritics 2')")
    con.executemany('INSERT INTO f VALUES (?, ?, ?)', [(d['id'], d.get('title') or '', d['text']) for d in docs])
    queries = [(b, kind, q) for b in BASES for kind, q in variants(b)]
    def u61(q):
        return {r[0] for r in con.execute('SELECT id FROM f WHERE f MATCH ?', ('"%s"' % q.replace('"', ''),))}
    # ours.
    r = subprocess.run([a.fts_search, '--db', a.db], input='\n'.join(q for _, _, q in queries) + '\n',
                       capture_output=True, text=True, check=True)
    ours = {}
    for line in r.stdout.splitlines():
        q, _, ids = line.partition('\t')
        ours[q] = set(ids.split())
    rows = collections.OrderedDict()
    # Store::Search returns at most 1000 hits: words that common are left out
    # (for both engines).
    capped = {b for b, _, q in queries if len(ours.get(q, ())) >= 1000 or len(relevant[b]) >= 1000}
    for b, kind, q in queries:
        rel = relevant[b]
        if not rel or b in capped:
            continue
        o, u = ours.get(q, set()), u61(q)
        ro, ru = len(o & rel) / len(rel), len(u & rel) / len(rel)
        po = len(o & rel) / len(o) if o else 1.0
        pu = len(u & rel) / len(u) if u else 1.0
        rows.setdefault(kind, []).append((ro, ru, po, pu))
        if a.examples:
            print('%-12s %-14s relevant %4d  marsad %4d (recall %.2f)  unicode61 %4d (recall %.2f)'
                  % (kind, q, len(rel), len(o), ro, len(u), ru))
    print('%d articles, %d base words with relevant articles (%d left out: 1000+ matches: %s)'
          % (len(docs), sum(1 for b in BASES if relevant[b] and b not in capped), len(capped), ' '.join(sorted(capped))))
    print('\n| query kind | queries | recall marsad | recall unicode61 | precision marsad | precision unicode61 |')
    print('|---|---|---|---|---|---|')
    for kind, v in rows.items():
        n = len(v)
        print('| %s | %d | %.3f | %.3f | %.3f | %.3f |' % (kind, n, sum(x[0] for x in v) / n, sum(x[1] for x in v) / n,
                                                       sum(x[2] for x in v) / n, sum(x[3] for x in v) / n))

if __name__ == '__main__':
    main()
