#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
# The series as a maintainer receives it (build/patches, from `make
# patches`), read for form (TAP): git format-patch output with diff --git
# and index lines and function context in hunk headers, a base-commit
# that is the import's, "subsys: Capitalized imperative" subjects, a
# changelog on every patch, a cover letter that fits on a screen and a
# half, and an order in which no patch calls a utrace_*() function that
# no earlier patch (or itself) defines.  The order check is also run on
# the series reversed, where it must find a call before its definition.
import glob
import os
import re
import subprocess
import sys

top = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
pdir = os.path.join(top, 'build', 'patches')
n = 0
failed = 0


def ok(cond, name, diag=''):
    global n, failed
    n += 1
    print('%sok %d - series-form: %s' % ('' if cond else 'not ', n, name))
    if not cond:
        failed += 1
        for line in str(diag).splitlines()[:20]:
            print('#   ' + line)


cover = os.path.join(pdir, '0000-cover-letter.patch')
patches = sorted(p for p in glob.glob(os.path.join(pdir, '0*.patch')) if p != cover)
ok(os.path.exists(cover) and len(patches) >= 5,
   'make patches wrote a cover letter and %d patches' % len(patches))
if not patches:
    print('1..%d' % n)
    sys.exit(1)

texts = {p: open(p, encoding='utf-8').read() for p in patches}


def log_and_diff(text):
    head, _, diff = text.partition('\n---\n')
    return head, diff


# git format-patch form.
bad = [os.path.basename(p) for p, t in texts.items()
       if not re.search(r'(?m)^diff --git a/', t) or not re.search(r'(?m)^index [0-9a-f]+\.\.[0-9a-f]+', t)]
ok(not bad, 'every patch has diff --git and index lines (git format-patch)', '\n'.join(bad))

# Function context: every patch that changes an existing .c file shows
# a function name in at least one of that file's hunk headers.
missing = []
for p, t in texts.items():
    for m in re.finditer(r'(?ms)^diff --git a/(\S+\.c) b/\S+\n(?!new file)(.*?)(?=^diff --git|\Z)', t):
        if not re.search(r'(?m)^@@ [^@]+ @@ \S', m.group(2)):
            missing.append('%s: %s' % (os.path.basename(p), m.group(1)))
ok(not missing, 'hunks in existing .c files carry function context', '\n'.join(missing))

# Subjects and changelogs.
subj_bad, log_bad = [], []
for i, (p, t) in enumerate(sorted(texts.items()), 1):
    m = re.search(r'(?m)^Subject: \[PATCH (\d+)/(\d+)\] (.*)$', t)
    if not m or int(m.group(1)) != i or int(m.group(2)) != len(patches) or \
       not re.match(r'[a-z0-9_/-]+: [A-Z][a-z]', m.group(3)):
        subj_bad.append(os.path.basename(p) + ': ' + (m.group(0) if m else 'no Subject'))
    head, _ = log_and_diff(t)
    body = head.split('\n\n', 1)[1] if '\n\n' in head else ''
    prose = [l for l in body.splitlines() if l.strip() and not l.startswith('Signed-off-by:')]
    if len(prose) < 4 or 'Signed-off-by: ' not in body:
        log_bad.append(os.path.basename(p))
ok(not subj_bad, "subjects are '[PATCH i/N] subsys: Capitalized imperative'", '\n'.join(subj_bad))
ok(not log_bad, 'every patch has a changelog of four lines or more and a Signed-off-by',
   '\n'.join(log_bad))

# base-commit: the import's commit (tag base of build/series-git).
ctext = open(cover, encoding='utf-8').read() if os.path.exists(cover) else ''
m = re.search(r'(?m)^base-commit: ([0-9a-f]{40})$', ctext)
base = subprocess.run(['git', '-C', os.path.join(top, 'build', 'series-git'),
                       'rev-parse', 'base^{commit}'], capture_output=True, text=True).stdout.strip()
ok(m is not None and m.group(1) == base, 'the cover letter ends with base-commit: the import (%s)' % base[:12],
   m.group(0) if m else 'no base-commit line')
ok('*** SUBJECT HERE ***' not in ctext and '*** BLURB HERE ***' not in ctext,
   'the cover letter has its subject and text filled in')
ok(not re.search(r'(?m)^@[a-z-]+@$', ctext), 'no @NAME@ placeholder is left in the cover letter')
froms = set(re.findall(r'(?m)^From: (.*)$', ctext + ''.join(texts.values())))
ok(len(froms) == 1, 'the cover letter and the patches are from one author', '\n'.join(sorted(froms)))
lines = ctext.split('\n\n', 1)[1].splitlines() if '\n\n' in ctext else []
ok(0 < len(lines) <= 100, "the cover letter is %d lines (at most 100: the diffstat alone is one line a file)" % len(lines))


# The order: each utrace_*() called on a '+' line is defined on a '+'
# line of this or an earlier patch.
def c_lines(diff):
    """The added lines of the C files (.c, .h) in a diff."""
    for part in re.split(r'(?m)^diff --git ', diff):
        m = re.match(r'a/(\S+) ', part)
        if not m or not m.group(1).endswith(('.c', '.h')):
            continue
        for l in part.splitlines():
            if l.startswith('+') and not l.startswith('+++'):
                yield l[1:]


def definitions(diff):
    """Functions and macros a diff defines: a name followed by '(' on a
    line that starts in column 0 and does not end a declaration."""
    names = set()
    for s in c_lines(diff):
        m = re.match(r'#define (utrace_\w+)\(', s)
        if m:
            names.add(m.group(1))
            continue
        if not s or s[0].isspace() or s[0] in '/*#}{' or s.rstrip().endswith(';'):
            continue
        m = re.search(r'\b(utrace_\w+)\(', s)
        if m:
            names.add(m.group(1))
    return names


def calls(diff):
    out = []
    for s in c_lines(diff):
        if s[:1].isspace() and not s.lstrip().startswith('*'):
            out += re.findall(r'\b(utrace_\w+)\(', s)
    return out


def order_problems(seq):
    defined, probs = set(), []
    for p in seq:
        _, diff = log_and_diff(texts[p])
        defined |= definitions(diff)
        for c in calls(diff):
            if c not in defined:
                probs.append('%s calls %s()' % (os.path.basename(p), c))
    return sorted(set(probs))


probs = order_problems(sorted(texts))
ok(not probs, 'in order, no patch calls a utrace_*() function defined only later', '\n'.join(probs))
rev = order_problems(sorted(texts, reverse=True))
ok(len(rev) > 0, 'the check can fail: the series reversed calls before definitions (%d)' % len(rev))

print('1..%d' % n)
sys.exit(1 if failed else 0)
