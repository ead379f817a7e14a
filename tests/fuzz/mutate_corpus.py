#!/usr/bin/env python3
"""Mutation pass over the shared corpus: hostile-input checking outside ctest.

Each seed file from the corpus is mutated (truncated, bytes flipped, random
bytes inserted, a block repeated, a block zeroed, a 32-bit field set to an
extreme value) and ingested by a fresh `harrier-cli` into a fresh case. A run
is reported when the process dies on a signal, exits with a code harrier-cli
never uses (0-5; give the sanitizers their own, see below), runs out of time,
or prints counts that do not reconcile. With --read, the case is then read
back (emails, scan with the built-in analyzers, timeline, report, show).
Reported inputs are kept in OUT/bad/ for replay; nothing is written anywhere
else and the corpus is only read.

Use an AddressSanitizer build for memory errors that do not crash:
  cmake --preset asan && cmake --build --preset asan --target harrier-cli
  ASAN_OPTIONS=exitcode=99:detect_leaks=0 UBSAN_OPTIONS=halt_on_error=1:exitcode=98 \\
      tests/fuzz/mutate_corpus.py build/asan/app/harrier-cli --set mail --per 4 --seed 1

Sets: mail (EML, MIME test sets, PST/MSG, TNEF, bounces), mbox (mailbox
files), endpoint (collections, artifacts, a sample of EVTX), nested (mutants
inside a zip beside an intact copy: the archive path and parses beside the walk).
"""
import argparse
import glob
import os
import random
import shutil
import subprocess
import sys
import zipfile

MAX_SEED_BYTES = 8_000_000
READ_BACK = (['emails'], ['scan'], ['timeline', '--limit', '50'], ['report', '--pdf', 'r.pdf'], ['show', '3'])


def corpus_files(corpus, patterns):
    out = []
    for pattern, step in patterns:
        out += sorted(glob.glob(os.path.join(corpus, pattern), recursive=True))[::step]
    return [f for f in out if os.path.isfile(f) and 0 < os.path.getsize(f) < MAX_SEED_BYTES
            and not f.endswith('.md')]


SETS = {
    'mail': [('email_phishing_pot/**/*.eml', 9), ('email_mimekit/**/*', 1), ('outlook_pst_msg/**/*', 1),
             ('email_sisimai_bounces/**/*', 10), ('email_parser_testsuites/**/*.eml', 3)],
    'mbox': [('email_perceval_mbox/**/*', 1), ('email_mailpile/**/*', 1)],
    'endpoint': [('endpoint_triage/**/*', 1), ('evtx/**/*.evtx', 12)],
    'nested': [('email_mimekit/**/*', 3), ('outlook_pst_msg/**/*', 3), ('endpoint_triage/**/*', 4)],
}


def mutate(rng, data):
    b = bytearray(data)
    n = len(b)
    kind = rng.randrange(6)
    if kind == 0:
        return bytes(b[:rng.randrange(n)])
    if kind == 1:
        for _ in range(rng.randint(1, 20)):
            b[rng.randrange(n)] = rng.randrange(256)
        return bytes(b)
    if kind == 2:
        i = rng.randrange(n)
        return bytes(b[:i] + rng.randbytes(rng.randint(1, 64)) + b[i:])
    if kind == 3:
        i = rng.randrange(n)
        j = min(n, i + rng.randint(1, 4096))
        return bytes(b[:j] + b[i:j] * rng.randint(1, 8) + b[j:])
    if kind == 4:
        i = rng.randrange(n)
        j = min(n, i + rng.randint(1, 512))
        b[i:j] = bytes(j - i)
        return bytes(b)
    i = rng.randrange(max(1, n - 4))
    b[i:i + 4] = rng.choice([b'\xff\xff\xff\x7f', b'\xff\xff\xff\xff', b'\x00\x00\x00\x80', b'\x01\x00\x00\x00'])
    return bytes(b)


def run(cmd, timeout):
    try:
        p = subprocess.run(cmd, capture_output=True, timeout=timeout)
        return p.returncode, (p.stdout + p.stderr).decode('utf-8', 'replace')
    except subprocess.TimeoutExpired:
        return 'timeout', ''


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('cli')
    ap.add_argument('--set', choices=sorted(SETS), default='mail')
    ap.add_argument('--per', type=int, default=4, help='mutants per seed file')
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--read', action='store_true', help='read every case back after the ingest')
    ap.add_argument('--corpus', default=os.path.join(os.path.dirname(__file__), '../../../shared/corpus'))
    ap.add_argument('--out', default='/tmp/harrier-mutations')
    ap.add_argument('--timeout', type=int, default=120)
    args = ap.parse_args()
    if not os.path.isdir(args.corpus):
        print(f'corpus not present at {args.corpus}: nothing to do')
        return 0
    rng = random.Random(args.seed)
    seeds = corpus_files(args.corpus, SETS[args.set])
    work = os.path.join(args.out, f'work-{args.set}-{args.seed}')
    bad_dir = os.path.join(args.out, 'bad')
    os.makedirs(work, exist_ok=True)
    os.makedirs(bad_dir, exist_ok=True)
    case = os.path.join(work, 'c.hcase')
    runs = bad = 0
    for seed in seeds:
        data = open(seed, 'rb').read()
        ext = os.path.splitext(seed)[1] or '.bin'
        for _ in range(args.per):
            evidence = os.path.join(work, 'm' + ext)
            mutant = mutate(rng, data)
            if args.set == 'nested':
                evidence = os.path.join(work, 'm.zip')
                with zipfile.ZipFile(evidence, 'w', zipfile.ZIP_DEFLATED) as z:
                    z.writestr('a/m' + ext, mutant)
                    z.writestr('b/m2' + ext, mutate(rng, data))
                    z.writestr('c/intact' + ext, data)
            else:
                open(evidence, 'wb').write(mutant)
            for old in glob.glob(case + '*'):
                shutil.rmtree(old) if os.path.isdir(old) else os.remove(old)
            run([args.cli, 'case', 'new', case, '--name', 'mutations'], args.timeout)
            rc, out = run([args.cli, 'ingest', case, evidence], args.timeout)
            runs += 1
            problem = None
            if rc == 'timeout' or rc < 0 or rc > 5:
                problem = f'ingest rc={rc}'
            elif 'items:' in out and 'reconciles' not in out:
                problem = 'counts do not reconcile'
            elif args.read:
                for cmd in READ_BACK:
                    cmd = [c if c != 'r.pdf' else os.path.join(work, 'r.pdf') for c in cmd]
                    rc2, out2 = run([args.cli, cmd[0], case] + cmd[1:], args.timeout)
                    if rc2 == 'timeout' or rc2 < 0 or rc2 > 5:
                        problem, out = f'{cmd[0]} rc={rc2}', out2
                        break
            if problem:
                bad += 1
                kept = os.path.join(bad_dir, f'{args.set}-{args.seed}-{bad}{os.path.splitext(evidence)[1]}')
                shutil.copy(evidence, kept)
                print(f'BAD {problem}: mutant of {seed} kept as {kept}\n{out[-1500:]}', flush=True)
    print(f'{args.set}: {runs} runs over {len(seeds)} seed files, {bad} reported', flush=True)
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
