#!/usr/bin/env python3
"""Messages built to find work or memory that grows faster than the input.

Each message stresses one dimension (50,000 headers, a 20 MB subject, 10,000
parts, MIME nesting 10,000 deep, 500,000 links, 100,000 Received headers,
200,000 recipients, 500,000 text URLs, a 50 MB line, megabytes of '&', ...).
Each is ingested by a fresh harrier-cli into a fresh case; the wall time,
peak RSS and case size are printed, and a message over --max-seconds or
--max-rss-mb is reported (exit 1). Files are written under --out only.

  tests/fuzz/hostile_sizes.py build/release/app/harrier-cli
"""
import argparse
import glob
import os
import subprocess
import sys
import time

HEAD = (b'From: a@b.example\r\nTo: c@d.example\r\nSubject: t\r\n'
        b'Date: Mon, 1 Jan 2024 00:00:00 +0000\r\nMessage-ID: <x@y>\r\n')
HTML = HEAD + b'MIME-Version: 1.0\r\nContent-Type: text/html\r\n\r\n'


def received(i, extra=b''):
    return (b'Received: from h%d.example ([10.0.%d.%d]) by m.example with ESMTP%s; '
            b'Mon, 1 Jan 2024 00:00:%02d +0000\r\n' % (i, (i >> 8) & 255, i & 255, extra, i % 60))


def messages():
    yield 'headers-50k', HEAD + b''.join(b'X-H%d: v%d\r\n' % (i, i) for i in range(50000)) + b'\r\nbody\r\n'
    yield 'subject-20mb', b'From: a@b.example\r\nSubject: ' + b'A' * 20_000_000 + b'\r\n\r\nbody\r\n'
    yield 'parts-10k', (HEAD + b'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="B"\r\n\r\n' +
                        b''.join(b'--B\r\nContent-Type: text/plain\r\n\r\npart %d\r\n' % i for i in range(10000)) +
                        b'--B--\r\n')
    yield 'nesting-10k', (HEAD + b'MIME-Version: 1.0\r\n' +
                          b''.join(b'Content-Type: multipart/mixed; boundary="b%d"\r\n\r\n--b%d\r\n' % (i, i)
                                   for i in range(10000)) + b'Content-Type: text/plain\r\n\r\nleaf\r\n')
    yield 'links-500k', HTML + b''.join(b'<a href="http://h%d.example/p">t</a>' % (i % 5000) for i in range(500000))
    yield 'received-100k', HEAD + b''.join(received(i) for i in range(100000)) + b'\r\nbody\r\n'
    yield 'subject-1mb-hops-2k', (b'From: a@b.example\r\nSubject: ' + b'S' * 1_000_000 +
                                  b'\r\nDate: Mon, 1 Jan 2024 00:00:00 +0000\r\n' +
                                  b''.join(received(i) for i in range(2000)) + b'\r\nbody\r\n')
    yield 'recipients-200k', (b'From: a@b.example\r\nTo: ' +
                              b', '.join(b'u%d@d%d.example' % (i, i % 1000) for i in range(200000)) +
                              b'\r\nSubject: t\r\n\r\nbody\r\n')
    yield 'text-urls-500k', HEAD + b'\r\n' + b' '.join(b'http://u%d.example/a?b=%d' % (i % 3000, i)
                                                     for i in range(500000)) + b'\r\n'
    yield 'line-50mb', HEAD + b'\r\n' + b'x' * 50_000_000 + b'\r\n'
    yield 'encoded-words-200k', (b'From: a@b.example\r\nSubject: ' +
                                 b' '.join(b'=?utf-8?B?w6nDqcOp?=' for _ in range(200000)) + b'\r\n\r\nb\r\n')
    yield 'amp-href-2mb', HTML + b'<a href="http://x.example/' + b'&' * 2_000_000 + b'">x</a>\r\n'
    yield 'amp-text-5mb', HTML + b'<p>' + b'&' * 5_000_000 + b'</p>\r\n'
    yield 'tag-attributes-300k', HTML + b'<img ' + b''.join(b'a%d=1 ' % i for i in range(300000)) + b'>\r\n'
    yield 'tags-1m', HTML + b'<a href=x>' * 1000000 + b'\r\n'
    yield 'auth-verdicts-180k', (HEAD + b''.join(b'Authentication-Results: mx.example; ' +
                                                 b'spf=pass smtp.mailfrom=a.example; ' * 1800 + b'\r\n'
                                                 for _ in range(100)) + b'\r\nb\r\n')
    yield 'received-parens', (HEAD + b''.join(b'Received: from x ' + b'(' * 60000 +
                                              b' by y; Mon, 1 Jan 2024 00:00:00 +0000\r\n' for _ in range(200)) +
                              b'\r\nb\r\n')
    yield 'uuencode-begins-300k', HEAD + b'\r\n' + b'begin 644 x.bin\n' * 300000
    yield 'yenc-begins-150k', HEAD + b'\r\n' + b'=ybegin line=128 size=100 name=x\n' * 150000


def ingest(cli, case, path, timeout):
    """(exit code or 'timeout', seconds, peak RSS in MB) of one harrier-cli ingest."""
    start = time.monotonic()
    p = subprocess.Popen([cli, 'ingest', case, path], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    timed_out = False
    while True:
        pid, status, usage = os.wait4(p.pid, os.WNOHANG)  # reaped here, with its own rusage
        if pid:
            break
        if time.monotonic() - start > timeout and not timed_out:
            p.kill()
            timed_out = True
        time.sleep(0.02)
    p.returncode = os.waitstatus_to_exitcode(status)  # keep Popen from waiting again
    rc = 'timeout' if timed_out else p.returncode
    return rc, time.monotonic() - start, usage.ru_maxrss / 1024


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('cli')
    ap.add_argument('--out', default='/tmp/harrier-hostile-sizes')
    ap.add_argument('--max-seconds', type=float, default=10)
    ap.add_argument('--max-rss-mb', type=float, default=1024)
    ap.add_argument('--write-only', action='store_true', help=argparse.SUPPRESS)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    reported = 0
    # The files are written by a separate process: a child's peak RSS starts
    # at its parent's (it is kept across exec), which must stay small here.
    if args.write_only:
        for name, data in messages():
            with open(os.path.join(args.out, name + '.eml'), 'wb') as f:
                f.write(data)
        return 0
    subprocess.run([sys.executable, __file__, args.cli, '--out', args.out, '--write-only'], check=True)
    inputs = [(os.path.basename(p)[:-4], p) for p in sorted(glob.glob(os.path.join(args.out, '*.eml')))]
    for name, path in inputs:
        case = os.path.join(args.out, name + '.hcase')
        for suffix in ('', '-wal', '-shm', '.log'):
            if os.path.exists(case + suffix):
                os.remove(case + suffix)
        subprocess.run([args.cli, 'case', 'new', case, '--name', name], capture_output=True, check=True)
        rc, seconds, rss_mb = ingest(args.cli, case, path, args.max_seconds * 10)
        size_mb = os.path.getsize(case) / 1e6 if os.path.exists(case) else 0
        bad = rc == 'timeout' or rc < 0 or rc > 5 or seconds > args.max_seconds or rss_mb > args.max_rss_mb
        reported += bad
        print(f'{"BAD " if bad else ""}{name}: {os.path.getsize(path) / 1e6:.1f} MB in, {seconds:.2f} s, '
              f'peak RSS {rss_mb:.0f} MB, case {size_mb:.1f} MB, exit {rc}', flush=True)
        os.remove(path)
    return 1 if reported else 0


if __name__ == '__main__':
    sys.exit(main())
