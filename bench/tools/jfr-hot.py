#!/usr/bin/env python3
"""Summarises CPU samples of a JFR recording (jdk.ExecutionSample) for bench/ profiling.

Usage: jfr-hot.py RECORDING.jfr [--thread PREFIX] [--top N] [--jfr PATH-TO-jfr]
Prints (1) self time by method, (2) inclusive time of io.interlock.* methods and of a few
GraalVM/Truffle entry points, both as % of the samples of the selected threads.
"""
import argparse, collections, json, subprocess, sys

ap = argparse.ArgumentParser()
ap.add_argument('recording')
ap.add_argument('--thread', default='', help='only samples of threads whose name starts with this')
ap.add_argument('--top', type=int, default=25)
ap.add_argument('--jfr', default='jfr')
a = ap.parse_args()

raw = subprocess.run([a.jfr, 'print', '--json', '--stack-depth', '256', '--events', 'jdk.ExecutionSample', a.recording],
                     check=True, capture_output=True, text=True).stdout
events = json.loads(raw)['recording']['events']
selfc, incl = collections.Counter(), collections.Counter()
n = 0
INCL_PREFIXES = ('io.interlock.', 'org.graalvm.polyglot.Context.', 'org.graalvm.polyglot.Context$Builder.build',
                 'com.oracle.truffle.js.runtime.JSRealm.', 'com.oracle.truffle.js.runtime.JSContext.',
                 'com.fasterxml.jackson.', 'ch.qos.logback.', 'io.netty.', 'io.micronaut.')
for e in events:
    v = e['values']
    thread = (v.get('sampledThread') or {}).get('javaName') or ''
    if not thread.startswith(a.thread):
        continue
    frames = (v.get('stackTrace') or {}).get('frames') or []
    if not frames:
        continue
    n += 1
    def name(f):
        m = f['method']
        return m['type']['name'].replace('/', '.') + '.' + m['name']
    selfc[name(frames[0])] += 1
    seen = set()
    for f in frames:
        nm = name(f)
        if nm.startswith(INCL_PREFIXES) and nm not in seen:
            seen.add(nm)
            incl[nm] += 1
print(f'{n} samples' + (f' on threads {a.thread}*' if a.thread else ''))
print('\nself time (top frame):')
for nm, c in selfc.most_common(a.top):
    print(f'  {100*c/n:5.1f}%  {nm}')
print('\ninclusive time (selected frames):')
for nm, c in incl.most_common(a.top * 2):
    print(f'  {100*c/n:5.1f}%  {nm}')
