#!/usr/bin/env python3
"""CPU seconds per thread group of a running JVM over a window, from /proc/<pid>/task/*/stat.

Usage: thread-cpu.py PID FROM TO [--calls N]
Waits FROM seconds, reads every thread's user+system time, waits until TO, reads again and prints
each group's share (digits in thread names are folded, so interlock-eval-1 and -2 are one group;
Linux keeps the first 15 characters of a name). With --calls, also microseconds per call.
Used for bench/README's per-thread table: e.g. during bench/run, with PID from its "ready (pid N"
line, FROM/TO inside the measured window and --calls = 2xx/s x (TO - FROM).
"""
import argparse, collections, os, re, time

ap = argparse.ArgumentParser()
ap.add_argument('pid')
ap.add_argument('start', type=float)
ap.add_argument('end', type=float)
ap.add_argument('--calls', type=float)
a = ap.parse_args()
TICK = os.sysconf('SC_CLK_TCK')


def snapshot():
    groups = collections.Counter()
    for tid in os.listdir(f'/proc/{a.pid}/task'):
        try:
            name = open(f'/proc/{a.pid}/task/{tid}/comm').read().strip()
            stat = open(f'/proc/{a.pid}/task/{tid}/stat').read()
        except OSError:
            continue  # the thread ended meanwhile
        fields = stat[stat.rindex(')') + 2:].split()
        groups[re.sub(r'\d+', 'N', name)] += (int(fields[11]) + int(fields[12])) / TICK
    return groups


time.sleep(a.start)
before = snapshot()
time.sleep(a.end - a.start)
after = snapshot()
total = sum(after.values()) - sum(before.values())
print(f'{total:.1f} s of CPU over {a.end - a.start:.0f} s')
for group in sorted(after, key=lambda g: before.get(g, 0) - after[g]):
    spent = after[group] - before.get(group, 0)
    if spent > 0.05:
        per_call = f'  {1e6 * spent / a.calls:7.1f} us/call' if a.calls else ''
        print(f'{100 * spent / total:5.1f}% {spent:6.1f} s  {group}{per_call}')
if a.calls:
    print(f'all: {1e6 * total / a.calls:.1f} us/call')
