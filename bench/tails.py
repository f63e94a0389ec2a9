#!/usr/bin/env python3
"""The slowest reads of one round of bench/reads.sh, from holi's own view (its access log): how they are spread in
time (alone, or in bursts where every connection is slow at once), and, given the JVM's safepoint log, how many of
them overlapped a pause of the whole JVM (a collection) against the rest.
Usage: bench/tails.py RUN_DIR ROUND [GC_LOG]
  RUN_DIR  a bench/results/reads-* directory (holi.log.gz or holi.log, round-times.txt)
  GC_LOG   written by JAVA_OPTS="-Xmx192m -Xms192m -XX:+UseSerialGC -Xlog:gc,safepoint:file=F:utctime" bench/reads.sh"""
import bisect, calendar, collections, gzip, os, re, sys

if len(sys.argv) < 3 or sys.argv[1] in ('-h', '--help'):
    print(__doc__)
    sys.exit(0 if len(sys.argv) > 1 else 2)
run, rnd = sys.argv[1], int(sys.argv[2])
gc_log = sys.argv[3] if len(sys.argv) > 3 else None


def instant(s):  # 2026-12-03T22:50:01.123456789 (UTC)
    base, frac = s.split('.') if '.' in s else (s, '0')
    return calendar.timegm((int(base[0:4]), int(base[5:7]), int(base[8:10]), int(base[11:13]), int(base[14:16]),
                            int(base[17:19]))) + float('0.' + frac)


rounds = [tuple(map(float, line.split()[1:])) for line in open(os.path.join(run, 'round-times.txt'))]
if not 1 <= rnd <= len(rounds):
    sys.exit(f'round {rnd}: the run has rounds 1 to {len(rounds)}')
start, end = rounds[rnd - 1]
path = os.path.join(run, 'holi.log.gz')
log = gzip.open(path, 'rt') if os.path.exists(path) else open(os.path.join(run, 'holi.log'))
reads = []  # (began, ended, seconds)
for line in log:
    if '"route":"/api/patients/{id}"' not in line:
        continue
    i = line.find('"@timestamp":"') + 14
    t = instant(line[i:line.find('Z', i)])
    if start < t < end:
        j = line.find('"duration_ms":') + 14
        d = float(line[j:line.find(',', j)]) / 1000
        reads.append((t - d, t, d))
if not reads:
    sys.exit('no reads of /api/patients/{id} in that round')
ds = sorted(r[2] for r in reads)
n = len(ds)
p99 = ds[int(n * .99)]
slow = [r for r in reads if r[2] >= p99]
windows = collections.Counter(int(r[1] * 20) for r in slow)
print(f'round {rnd}: {n} reads, holi\'s own p50 {ds[n // 2] * 1000:.2f} ms, p99 {p99 * 1000:.2f} ms, '
      f'p99.9 {ds[int(n * .999)] * 1000:.2f} ms')
print(f'slowest 1 %: {len(slow)} reads ending in {len(windows)} windows of 50 ms '
      f'({len(slow) / len(windows):.1f} a window; the fullest: {", ".join(str(c) for _, c in windows.most_common(5))})')
if gc_log:
    pauses = []
    for line in open(gc_log):
        m = re.match(r'\[(\S+?)\+0000\] Safepoint "(\w+)".*Total: (\d+) ns', line)
        if m:
            e, total = instant(m.group(1)), int(m.group(3)) / 1e9
            if start - 1 < e < end + 1:
                pauses.append((e - total, e, total))
    pauses.sort()
    starts = [p[0] for p in pauses]

    def paused(a, b):
        k = bisect.bisect_right(starts, b)
        return sum(min(b, p[1]) - max(a, p[0]) for p in pauses[max(0, k - 50):k] if p[1] > a)

    print(f'safepoints in the round: {len(pauses)}, {sum(p[2] for p in pauses):.3f} s of {end - start:.1f} s')
    for name, group in (('slowest 1 %', slow), ('the other 99 %', [r for r in reads if r[2] < p99])):
        hit = [paused(a, b) for a, b, _ in group]
        print(f'{name}: {100 * sum(1 for h in hit if h > 0) / len(group):.1f} % overlapped a pause, '
              f'{1000 * sum(hit) / len(group):.3f} ms paused inside a read on average')
