#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# utrace-crash against a fake utrace/crash directory (TAP).  The victim is
# a real process sleeping in crash_here(); the held line is made up from
# the addresses it prints, since its registers cannot be read from here.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
dir=$top/tools/utrace-crash
bin=$dir/utrace-crash
tmp=$(mktemp -d /tmp/crash-unit.XXXXXX)
pids=()

cleanup() {
	local p
	for p in "${pids[@]}"; do
		kill "$p" 2>/dev/null
	done
	rm -rf "$tmp"
}
trap cleanup EXIT

n=0
failed=0
ok() {	# ok COND-STATUS NAME
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=$((failed + 1))
	fi
}
check() {	# check NAME COMMAND...
	local name=$1
	shift
	"$@" >/dev/null 2>&1
	ok $? "$name"
}

echo "1..33"

make -s -C "$dir" >"$tmp/build.log" 2>&1
ok $? "build utrace-crash"
gcc -fsyntax-only -O2 -std=gnu11 -Wall -Wextra -Wformat=2 -Wshadow \
	-Wno-missing-field-initializers -D_GNU_SOURCE -D_FILE_OFFSET_BITS=64 \
	-D_FORTIFY_SOURCE=2 -Werror "$dir"/*.c >"$tmp/warn.log" 2>&1
ok $? "sources are -Wall -Wextra clean"
[ -s "$tmp/warn.log" ] && sed 's/^/# /' "$tmp/warn.log"
[ -x "$bin" ] || { sed 's/^/# /' "$tmp/build.log"; exit 1; }

cat >"$tmp/victim.c" <<'VICTIM'
#include <stdio.h>
#include <unistd.h>

void crash_here(void)
{
	printf("%p %p\n", (void *)crash_here, __builtin_frame_address(0));
	fflush(stdout);
	pause();
}

int main(void)
{
	crash_here();
	return 0;
}
VICTIM

# start_victim NAME CFLAGS...: sets vpid, vrip (&crash_here), vrbp.
start_victim() {
	local name=$1 i
	shift
	gcc -g -O0 -fno-omit-frame-pointer "$@" -o "$tmp/$name" \
		"$tmp/victim.c" || return 1
	"$tmp/$name" >"$tmp/$name.out" &
	vpid=$!
	pids+=("$vpid")
	for i in $(seq 50); do
		[ -s "$tmp/$name.out" ] && break
		sleep 0.1
	done
	read -r vrip vrbp <"$tmp/$name.out"
	[ -n "${vrbp:-}" ]
}

regs="rax=0x0 rbx=0x1 rcx=0x2 rdx=0x3 rsi=0x4 rdi=0x5 r8=0x6 r9=0x7"
regs="$regs r10=0x8 r11=0x9 r12=0xa r13=0xb r14=0xc r15=0xd eflags=0x10246"

# fake_kernel DIR ENABLE PID COMM RIP RBP: the files the kernel provides.
fake_kernel() {
	mkdir -p "$1"
	echo "$2" >"$1/enable"
	echo 5000 >"$1/timeout_ms"
	: >"$1/release"
	echo "pid=$3 tgid=$3 comm=$4 sig=11 code=1 addr=0x0 held_ms=250 rip=$5 rsp=0x7ffd00001000 rbp=$6 $regs" >"$1/held"
}

start_victim victim
ok $? "victim started"
vic=$vpid

# 1: the basic run, rbp = 0 (frame 0 only).
k=$tmp/k1 out=$tmp/out1
fake_kernel "$k" 0 "$vic" victim "$vrip" 0x0
timeout 30 "$bin" --once --dir-kernel "$k" --out "$out" >"$tmp/stdout1" 2>"$tmp/stderr1"
ok $? "--once exits 0"
[ "$(cat "$k/release")" = "$vic core" ]
ok $? "release gets \"PID core\""
[ "$(cat "$k/enable")" = 0 ]
ok $? "enable back to 0"
grep -qx "crash: pid=$vic comm=victim SIGSEGV (code=SEGV_MAPERR) at 0x0 in crash_here -> core" "$tmp/stdout1"
ok $? "summary line"
txt=$out/crash-$vic.txt
check "text report: SIGSEGV" grep -q "SIGSEGV" "$txt"
check "text report: SEGV_MAPERR" grep -q "SEGV_MAPERR" "$txt"
check "text report: address 0x0" grep -q "^address: *0x0$" "$txt"
check "text report: crash_here at victim.c" \
	grep -Eq "#0 .* crash_here at $tmp/victim.c:[0-9]+" "$txt"
check "text report: exe" grep -q "^exe: *$tmp/victim$" "$txt"
check "text report: maps" grep -Eq "^[0-9a-f]+-[0-9a-f]+ r-xp .* $tmp/victim$" "$txt"

cat >"$tmp/check.py" <<'PY'
import json, sys
path, pid, tmp, action = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
d = json.load(open(path))
for k in ("time", "pid", "tgid", "comm", "exe", "cmdline", "signal",
          "registers", "maps", "backtrace", "threads", "files", "action"):
    assert k in d, "missing " + k
assert d["pid"] == pid and d["tgid"] == pid
s = d["signal"]
assert (s["number"], s["name"], s["code"], s["code_name"], s["addr"]) == \
    (11, "SIGSEGV", 1, "SEGV_MAPERR", "0x0"), s
assert d["registers"]["rbx"] == "0x1" and d["registers"]["eflags"] == "0x10246"
assert len(d["registers"]) == 18
f = d["backtrace"][0]
assert set(f) == {"addr", "function", "file", "line", "object"}, f
assert f["function"] == "crash_here" and f["file"].endswith("/victim.c"), f
assert isinstance(f["line"], int) and f["line"] > 0, f
assert any(t["tid"] == pid and t["state"].startswith("S") for t in d["threads"])
assert any(x["fd"] == 1 and x["target"].endswith(".out") for x in d["files"])
assert any(l.endswith("/victim") for l in d["maps"])
assert d["action"] == action
assert d["time"].endswith("Z") and "T" in d["time"]
PY
python3 "$tmp/check.py" "$out/crash-$vic.json" "$vic" "$tmp" core 2>"$tmp/py1"
ok $? "JSON parses and has the keys and values"
[ -s "$tmp/py1" ] && sed 's/^/# /' "$tmp/py1"

# 2: a real frame pointer: the walk through /proc/PID/mem reaches main.
k=$tmp/k2 out=$tmp/out2
fake_kernel "$k" 0 "$vic" victim "$vrip" "$vrbp"
timeout 30 "$bin" --once --dir-kernel "$k" --out "$out" >/dev/null 2>&1
ok $? "frame-pointer run exits 0"
python3 -c '
import json, sys
bt = json.load(open(sys.argv[1]))["backtrace"]
assert bt[0]["function"] == "crash_here", bt
assert bt[1]["function"] == "main" and bt[1]["file"].endswith("victim.c"), bt
assert bt[1]["line"] == 13, bt
' "$out/crash-$vic.json"
ok $? "backtrace walks from crash_here to main (call site line)"

# 3: --action kill, enable already on (left on), awkward comm, --json.
k=$tmp/k3 out=$tmp/out3
fake_kernel "$k" 1 "$vic" 'we"ird\name' "$vrip" 0x0
timeout 30 "$bin" --once --action kill --json --dir-kernel "$k" --out "$out" \
	>"$tmp/stdout3" 2>/dev/null
ok $? "--action kill exits 0"
[ "$(cat "$k/release")" = "$vic kill" ]
ok $? "release gets \"PID kill\""
[ "$(cat "$k/enable")" = 1 ]
ok $? "enable left at 1 when it was already 1"
python3 -c '
import json, sys
line = json.loads(open(sys.argv[1]).read())
disk = json.load(open(sys.argv[2]))
assert line["comm"] == disk["comm"] == "we\"ird\\name", line["comm"]
assert line["action"] == disk["action"] == "kill"
' "$tmp/stdout3" "$out/crash-$vic.json"
ok $? "--json line and file escape comm, action kill"

# 4: a non-PIE victim: PT_LOAD p_vaddr - p_offset is not 0.
start_victim victim-nopie -no-pie
k=$tmp/k4 out=$tmp/out4
fake_kernel "$k" 0 "$vpid" victim-nopie "$vrip" "$vrbp"
timeout 30 "$bin" --once --dir-kernel "$k" --out "$out" >"$tmp/stdout4" 2>&1
ok $? "non-PIE run exits 0"
grep -Eq "#1 .* main at $tmp/victim.c:13 " "$out/crash-$vpid.txt"
ok $? "non-PIE: crash_here and main symbolized"

# 5: no --once: enable stays 1 while running, SIGTERM restores it.
k=$tmp/k5 out=$tmp/out5
fake_kernel "$k" 0 1 x 0x0 0x0
: >"$k/held"
"$bin" --dir-kernel "$k" --out "$out" --timeout-ms 1234 >/dev/null 2>&1 &
tool=$!
pids+=("$tool")
for i in $(seq 50); do
	[ "$(cat "$k/enable")" = 1 ] && break
	sleep 0.1
done
[ "$(cat "$k/enable")" = 1 ]
ok $? "enable set to 1 while running"
[ "$(cat "$k/timeout_ms")" = 1234 ]
ok $? "--timeout-ms written while running"
echo "pid=$vic tgid=$vic comm=victim sig=11 code=1 addr=0x0 rip=$vrip rbp=0x0" >"$k/held"
for i in $(seq 50); do
	[ -s "$k/release" ] && break
	sleep 0.1
done
[ "$(cat "$k/release")" = "$vic core" ]
ok $? "a task held later is released"
kill -TERM "$tool"
wait "$tool"
ok $? "SIGTERM: exit 0"
[ "$(cat "$k/enable")" = 0 ]
ok $? "SIGTERM: enable back to 0"
[ "$(cat "$k/timeout_ms")" = 5000 ]
ok $? "SIGTERM: timeout_ms restored"

# 6: errors change nothing.
k=$tmp/k6
fake_kernel "$k" 0 "$vic" victim "$vrip" 0x0
"$bin" --bogus --dir-kernel "$k" --out "$tmp/out6" >/dev/null 2>"$tmp/err6"
[ $? -eq 2 ] && [ -s "$tmp/err6" ]
ok $? "bad flag: exit 2 with a message"
"$bin" --action maybe --dir-kernel "$k" --out "$tmp/out6" >/dev/null 2>&1
[ $? -eq 2 ]
ok $? "bad --action: exit 2"
"$bin" --once --dir-kernel "$tmp/nonexistent" --out "$tmp/out6" >/dev/null 2>"$tmp/err6"
[ $? -eq 1 ] && [ "$(wc -l <"$tmp/err6")" -eq 1 ]
ok $? "nonexistent --dir-kernel: exit 1, one message"
rm "$k/release"
"$bin" --once --dir-kernel "$k" --out "$tmp/out6" >/dev/null 2>&1
[ $? -eq 1 ] && [ "$(cat "$k/enable")" = 0 ] && [ ! -e "$tmp/out6" ]
ok $? "missing release file: exit 1, nothing changed"
: >"$k/release"
: >"$tmp/file"
"$bin" --once --dir-kernel "$k" --out "$tmp/file/sub" >/dev/null 2>&1
[ $? -eq 1 ] && [ "$(cat "$k/enable")" = 0 ] && [ ! -s "$k/release" ]
ok $? "unusable --out: exit 1, nothing changed"

exit $((failed > 0))
