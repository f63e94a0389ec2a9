#!/usr/bin/env python3
"""Where a run's CPU went: every process's CPU time (and a JVM's by thread kind: application, C1/C2, GC) sampled from
/proc every 2 s until the stop file appears, then written by kind of process. Counts only what was spent while it ran;
a process that starts and ends between two samples is not seen (the run's total from /proc/stat is the check).
Usage: bench/cpu_by_process.py STOP_FILE OUTPUT_FILE   (bench/suite.sh runs it)"""
import os, sys, time, re, collections

stop = sys.argv[1]
out = sys.argv[2]
HZ = os.sysconf('SC_CLK_TCK')
procs = {}   # (pid, start) -> clock ticks spent since the first sample (or since it started)
threads = {}  # (pid, start, tid, kind) -> the same for a JVM's thread
cats_of = {}  # (pid, start) -> kind of process

def stat(path):
    with open(path) as f:
        s = f.read()
    r = s.rfind(')')
    comm = s[s.find('(') + 1:r]
    f = s[r + 2:].split()
    return comm, int(f[11]) + int(f[12]), f[19]

def category(pid, comm):
    try:
        with open(f'/proc/{pid}/cmdline', 'rb') as f:
            cmd = f.read().replace(b'\0', b' ').decode(errors='replace')
    except OSError:
        return comm
    if 'java' in comm or cmd.startswith('java') or '/java ' in cmd:
        if 'surefire' in cmd:
            return 'java: test JVM'
        if 'holi.jar' in cmd or 'io.holi' in cmd:
            m = re.search(r'holi\.jar (\S+)', cmd)  # the command: serve, users, audit, extract (jar tools)...
            return 'java: holi ' + (m.group(1) if m else '?')
        if 's3proxy' in cmd.lower():
            return 'java: s3proxy'
        if 'plexus-classworlds' in cmd or 'maven' in cmd:
            return 'java: maven'
        return 'java: other ' + cmd[:80]
    if comm == 'chromedriver':
        return comm
    if 'chrom' in comm:
        m = re.search(r'--type=(\S+)', cmd)
        return 'chromium ' + (m.group(1) if m else 'browser')
    if comm.startswith('postgres') or comm.startswith('postmaster'):
        return 'postgres'
    return comm

def kind(name):
    if name.startswith('C1 Compiler'): return 'C1'
    if name.startswith('C2 Compiler'): return 'C2'
    if name.startswith('GC Thread') or name.startswith('ParGC') or name.startswith('G1') or name == 'VM Thread': return 'GC/VM'
    return 'app'

base = {}
first = True
while not os.path.exists(stop):
    for pid in os.listdir('/proc'):
        if not pid.isdigit():
            continue
        try:
            comm, cpu, start = stat(f'/proc/{pid}/stat')
        except (OSError, IndexError):
            continue
        key = (pid, start)
        if key not in cats_of:
            cats_of[key] = category(pid, comm)
        if first:
            base[key] = cpu
        procs[key] = cpu - base.get(key, 0)
        if cats_of[key].startswith('java'):
            try:
                for tid in os.listdir(f'/proc/{pid}/task'):
                    try:
                        tcomm, tcpu, _ = stat(f'/proc/{pid}/task/{tid}/stat')
                    except (OSError, IndexError):
                        continue
                    if first:
                        base[(pid, start, tid)] = tcpu
                    threads[(pid, start, tid, kind(tcomm))] = tcpu - base.get((pid, start, tid), 0)
            except OSError:
                pass
    first = False
    time.sleep(2)

by = collections.defaultdict(float)
n = collections.Counter()
for key, cpu in procs.items():
    by[cats_of[key]] += cpu / HZ
    n[cats_of[key]] += 1
tk = collections.defaultdict(float)
for (pid, start, tid, k), cpu in threads.items():
    tk[(cats_of[(pid, start)], k)] += cpu / HZ
total = sum(by.values())
with open(out, 'w') as f:
    for key, cpu in sorted(procs.items(), key=lambda x: -x[1]):
        if cats_of[key].startswith('java: holi'):
            f.write(f'  {cpu / HZ:7.1f} s  {cats_of[key]} pid {key[0]}\n')
    f.write(f'seen: {total:.0f} CPU-s\n')
    for c, v in sorted(by.items(), key=lambda x: -x[1])[:25]:
        f.write(f'{v:8.1f} s {100 * v / total:5.1f} %  {n[c]:4d} processes  {c}\n')
        for (cc, k), tv in sorted(tk.items(), key=lambda x: -x[1]):
            if cc == c:
                f.write(f'{"":30s}{k:6s} {tv:7.1f} s\n')
