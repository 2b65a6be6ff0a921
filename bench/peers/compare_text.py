#!/usr/bin/env python3
"""marsad's text core vs Lucene's ArabicAnalyzer over the same texts.

Extracts the texts of a corpus (JSONL with "text", e.g. scripts/gen-corpus
output or the dev corpus) into one document per line, runs
bench/peers/text_peer (ours) and bench/peers/LuceneArabic.java (Lucene 8,
Debian liblucene8-java + a JDK: scripts/install-deps --peers), prints the
MB/s of each and a table of where the analyses differ, weighted by token
frequency, with the most frequent examples of each kind.

  bench/peers/compare_text.py --text-peer BUILD/bench/text_peer --corpus C.jsonl [-n 5000] [--repeat 3]
"""
import argparse, collections, json, os, subprocess, sys, tempfile

HAMZA = str.maketrans({'ئ': 'ي', 'ؤ': 'و'})
JARS = ['/usr/share/java/lucene-core.jar', '/usr/share/java/lucene-analyzers-common.jar']

def jar(path):
    if os.path.exists(path):
        return path
    d, base = os.path.split(path)
    stem = base[:-4]
    for f in sorted(os.listdir(d)) if os.path.isdir(d) else []:
        if f.startswith(stem + '-') and f.endswith('.jar') and f[len(stem) + 1].isdigit():
            return os.path.join(d, f)
    sys.exit('missing %s: apt-get install liblucene8-java default-jdk-headless (scripts/install-deps --peers)' % path)

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--text-peer', required=True)
    ap.add_argument('--corpus', required=True)
    ap.add_argument('-n', type=int, default=5000)
    ap.add_argument('--repeat', type=int, default=3)
    ap.add_argument('--examples', type=int, default=4)
    ap.add_argument('--keep', help='keep the work files here')
    a = ap.parse_args()
    work = a.keep or tempfile.mkdtemp(prefix='peers-')
    os.makedirs(work, exist_ok=True)
    docs = os.path.join(work, 'docs.txt')
    n = 0
    with open(a.corpus, encoding='utf-8') as f, open(docs, 'w', encoding='utf-8') as out:
        for line in f:
            if n >= a.n:
                break
            if line.strip():
                out.write(' '.join(json.loads(line)['text'].split()) + '\n')
                n += 1
    cp = ':'.join(jar(j) for j in JARS)
    classes = os.path.join(work, 'classes')
    os.makedirs(classes, exist_ok=True)
    here = os.path.dirname(os.path.abspath(__file__))
    subprocess.run(['javac', '-cp', cp, '-d', classes, os.path.join(here, 'LuceneArabic.java')], check=True)
    ours_tsv, luc_tsv = os.path.join(work, 'ours.tsv'), os.path.join(work, 'lucene.tsv')
    r1 = subprocess.run([a.text_peer, docs, '--repeat', str(a.repeat), '--dump', ours_tsv],
                        check=True, capture_output=True, text=True)
    r2 = subprocess.run(['java', '-cp', classes + ':' + cp, 'LuceneArabic', docs, '--repeat', str(a.repeat),
                         '--dump', luc_tsv], check=True, capture_output=True, text=True)
    print(r1.stdout.strip())
    print(r2.stdout.strip())
    ours, luc = {}, {}
    for line in open(ours_tsv, encoding='utf-8'):
        s, c, norm, form, stem = line.rstrip('\n').split('\t')
        ours[s] = (int(c), norm, form, stem)
    for line in open(luc_tsv, encoding='utf-8'):
        s, c, norm, term = line.rstrip('\n').split('\t')
        luc[s] = (int(c), norm, term)
    common = [s for s in ours if s in luc]
    tot = sum(ours[s][0] for s in common)
    kinds = collections.OrderedDict()
    def add(kind, s):
        kinds.setdefault(kind, []).append(s)
    for s in common:
        c, norm, form, stem = ours[s]
        _, lnorm, lterm = luc[s]
        # Lucene keeps hamza on ya/waw (رئيس), we fold it (رييس): compare
        # stems past that, and count it under normalization.
        lterm = lterm.translate(HAMZA)
        if lnorm != norm:
            add('normalization differs (ours norm != Lucene norm)', s)
        if lterm == '<stop>':
            add('Lucene drops it (stop word)', s)
        elif lterm == stem:
            add('same stem', s)
        elif lterm == form:
            add('Lucene term = our clitic-free form (we stem further)', s)
        elif len(lterm) < len(stem):
            add('Lucene strips more (shorter term)', s)
        else:
            add('Lucene strips less (longer term)', s)
    print('\n%d distinct words in both (%d tokens); %d only ours, %d only Lucene (tokenization)'
          % (len(common), tot, len(ours) - len(common), len(luc) - len(common)))
    print('\n| | words | tokens | examples: surface → ours (norm / form / stem) vs Lucene (norm / term) |')
    print('|---|---|---|---|')
    for kind, words in kinds.items():
        t = sum(ours[s][0] for s in words)
        words.sort(key=lambda s: -ours[s][0])
        ex = '; '.join('%s → %s / %s / %s vs %s / %s' % (s, ours[s][1], ours[s][2], ours[s][3], luc[s][1], luc[s][2])
                       for s in words[:a.examples])
        print('| %s | %d | %.1f%% | %s |' % (kind, len(words), 100.0 * t / max(1, tot), ex))

if __name__ == '__main__':
    main()
