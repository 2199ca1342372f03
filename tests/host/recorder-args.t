#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# utrace-record's decoded syscall arguments against strace (TAP), compat
# mode on the host.  One run of tests/host/progs/ut-args.c under strace
# -f, itself under the recorder: both see the same calls of the same
# processes, and every argument strace shows as a number, a name or
# flags must read the same in the recorder's line (the recorder has no
# strings or structures: only their addresses, which are not compared).
# Needs root, tracefs and strace; skips everything otherwise.
set -u
. "$(dirname "$0")/lib.sh"
recorder_test_init raw_syscalls/sys_enter

if ! command -v strace >/dev/null; then
	echo "1..0 # SKIP no strace"
	exit 0
fi
prog=$tmp/ut-args
cc -O2 -Wall -o "$prog" "$top/tests/host/progs/ut-args.c" 2>"$tmp/cc"
ok $? "build tests/host/progs/ut-args.c" "$tmp/cc"

mkdir "$tmp/d" "$tmp/d2"
run -o "$tmp/rec" -e syscall_entry,syscall_exit -- \
	strace -f -qq -o "$tmp/st" "$prog" "$tmp/d" 2>"$tmp/err"
[ $rc -eq 0 ] && [ -s "$tmp/st" ] && [ -s "$tmp/rec" ]
ok $? "the workload ran under strace under the recorder (rc=$rc)" "$tmp/err"

# compare.py REC ST: one line per check, "NAME<TAB>PAIRS<TAB>BAD", and
# the differences on stderr.
cat >"$tmp/compare.py" <<'EOP'
import re, sys
from collections import defaultdict

rec_file, st_file = sys.argv[1], sys.argv[2]

def split_args(s):
    """Top-level ", "-separated arguments of strace (quotes, brackets)."""
    out, cur, depth, q, i = [], "", 0, False, 0
    while i < len(s):
        c = s[i]
        if q:
            cur += c
            if c == "\\":
                cur += s[i + 1]
                i += 1
            elif c == '"':
                q = False
        elif c == '"':
            q = True
            cur += c
        elif c in "[{(":
            depth += 1
            cur += c
        elif c in "]})":
            depth -= 1
            cur += c
        elif c == "," and depth == 0 and s[i + 1:i + 2] == " ":
            out.append(cur)
            cur = ""
            i += 1
        else:
            cur += c
        i += 1
    if cur:
        out.append(cur)
    return out

# strace -f -o: "PID name(args) = ret", unfinished/resumed joined.
st = defaultdict(list)
main = None
pending = {}
for line in open(st_file):
    m = re.match(r"(\d+) +(.*)$", line.rstrip("\n"))   # padded pids
    if not m:
        continue
    pid, rest = int(m.group(1)), m.group(2)
    if rest.startswith(("---", "+++")):
        continue
    if rest.endswith(" <unfinished ...>"):
        pending[pid] = rest[:-len(" <unfinished ...>")]
        continue
    r = re.match(r"<\.\.\. \w+ resumed>(.*)$", rest)
    if r:
        rest = pending.pop(pid, "") + r.group(1)
    m = re.match(r"(\w+)\((.*)\)\s+= (.*)$", rest)
    if not m:
        continue
    if main is None:
        main = pid
    st[pid].append((m.group(1), split_args(m.group(2)), m.group(3)))

# The recorder: joined "syscall name(args) = ret <d>" lines, or an entry
# and its exit apart; the main process only from its execve on.
rec = defaultdict(list)
entry = {}
seen_exec = set()
for line in open(rec_file):
    m = re.match(r"\S+ .*?\[(\d+)\] (syscall|syscall_entry|syscall_exit) (.*)$",
                 line.rstrip("\n"))
    if not m:
        continue
    pid, kind, rest = int(m.group(1)), m.group(2), m.group(3)
    rest = re.sub(r"( \[[^]]*\])*( <[0-9.]+>)?$", "", rest)
    if kind == "syscall_exit":
        e = entry.pop(pid, None)
        m = re.match(r"(\w+) = (.*)$", rest)
        if not e or not m or e[0] != m.group(1):
            continue
        name, args, ret = e[0], e[1], m.group(2)
    else:
        m = re.match(r"(\w+)\((.*)\)(?: = (.*))?$", rest)
        if not m:
            continue
        name, args, ret = m.group(1), m.group(2), m.group(3)
        if kind == "syscall_entry":
            entry[pid] = (name, args)
            if name not in ("exit_group", "exit"):
                continue
            ret = None
    if pid == main and main not in seen_exec:
        if name == "execve" and ret == "0":
            seen_exec.add(main)
        continue
    rec[pid].append((name, args.split(", ") if args else [], ret))

checks = {
    "openat flags, mode and dirfd": {"openat", "open"},
    "close fd": {"close"},
    "wait4 pid and options": {"wait4"},
    "mmap/mprotect/munmap prot, flags, fd, offset": {"mmap", "mprotect", "munmap"},
    "rt_sigaction, rt_sigprocmask, kill signals, rt_sigsuspend":
        {"rt_sigaction", "rt_sigprocmask", "kill", "rt_sigsuspend"},
    "fcntl, lseek, pipe2, dup3, mkdirat, unlinkat, umask":
        {"fcntl", "lseek", "pipe2", "dup3", "mkdirat", "unlinkat", "umask"},
    "exit_group status": {"exit_group"},
}
pairs, bad = defaultdict(int), defaultdict(int)
errno_pairs, errno_bad, restart, restart_bad = 0, 0, 0, 0
ptr = re.compile(r"^(0x[0-9a-f]+|NULL)$")

def num(t):
    """A result: decimal, 0x hex, or 0NNN octal (umask)."""
    return int(t, 8) if re.match(r"0[0-7]+$", t) else int(t, 0)

def fail(check, msg):
    bad[check] += 1
    print("%s: %s" % (check, msg), file=sys.stderr)

for check, names in checks.items():
    for pid in st:
        s = [c for c in st[pid] if c[0] in names]
        r = [c for c in rec[pid] if c[0] in names]
        if len(s) != len(r):
            fail(check, "pid %d: strace has %d calls, recorder %d: %s / %s" %
                 (pid, len(s), len(r), [c[0] for c in s], [c[0] for c in r]))
            continue
        for (sn, sa, sr), (rn, ra, rr) in zip(s, r):
            pairs[check] += 1
            where = "pid %d %s(%s) = %s vs %s(%s) = %s" % (
                pid, sn, ", ".join(sa), sr, rn, ", ".join(ra), rr)
            if sn != rn:
                fail(check, "call names: " + where)
                continue
            if len(sa) != len(ra):
                fail(check, "argument count: " + where)
            else:
                for a, b in zip(sa, ra):
                    if a == b:
                        continue
                    if ptr.match(b) and (a[:1] in '"[{' or ptr.match(a)):
                        continue        # contents vs its address
                    fail(check, "argument %r vs %r: %s" % (a, b, where))
            if rr is None or sr.startswith("?") and "ERESTART" not in sr:
                continue
            e = re.match(r"(?:-1|\?) (E[A-Z_]+)", sr)
            if e:
                good = re.match(r"-\d+ %s$" % e.group(1), rr)
                errno_pairs += 1
                errno_bad += not good
                if e.group(1).startswith("ERESTART"):
                    restart += 1
                    restart_bad += not good
                if not good:
                    print("errno: %s" % where, file=sys.stderr)
            elif num(sr.split()[0]) != num(rr.split()[0]):
                fail(check, "return value: " + where)

for check in checks:
    print("%s\t%d\t%d" % (check, pairs[check], bad[check]))
print("errno names (-1 ENOENT as -2 ENOENT)\t%d\t%d" % (errno_pairs, errno_bad))
print("rt_sigsuspend = -514 ERESTARTNOHAND\t%d\t%d" % (restart, restart_bad))
EOP
python3 "$tmp/compare.py" "$tmp/rec" "$tmp/st" >"$tmp/res" 2>"$tmp/diff"
while IFS=$'\t' read -r what pairs nbad; do
	[ "$pairs" -gt 0 ] && [ "$nbad" -eq 0 ]
	ok $? "as strace: $what ($pairs calls compared, $nbad differ)" "$tmp/diff"
done <"$tmp/res"
[ "$(wc -l <"$tmp/res")" -eq 9 ]
ok $? "the comparison ran" "$tmp/diff"

# JSON: the raw registers stay in "args", the decoded ones are added.
run --json -o "$tmp/json" -e syscall_entry,syscall_exit -- "$prog" "$tmp/d2" 2>"$tmp/err"
python3 - "$tmp/json" >"$tmp/diff" 2>&1 <<'EOP'
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
ent = [e for e in ev if e["event"] == "syscall_entry"]
assert ent and all("decoded_args" in e and len(e["args"]) == 6 for e in ent)
o = [e for e in ent if e["name"] == "openat" and e["args"][2] == 0o2001101]
assert len(o) == 1, o
assert o[0]["decoded_args"][1:] == [hex(o[0]["args"][1]), "O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC", "0640"], o
assert o[0]["decoded_args"][0] == str(o[0]["args"][0]), o
c = [e for e in ent if e["name"] == "close" and e["decoded_args"] == ["-1"]]
assert len(c) == 1 and c[0]["args"][0] & 0xffffffff == 0xffffffff, c
x = [e for e in ev if e["event"] == "syscall_exit" and e["name"] == "rt_sigsuspend"]
assert x and x[0]["ret"] == -514 and x[0]["errno"] == "ERESTARTNOHAND", x
EOP
ok $? "--json: decoded_args beside the raw args; errno ERESTARTNOHAND for -514" "$tmp/diff"
instance_gone
ok $? "the instance is removed"

echo "1..$n"
[ "$failed" -eq 0 ]
