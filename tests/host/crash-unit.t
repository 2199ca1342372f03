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
	# KEEP=1: leave the reports and logs for a look.
	[ -n "${KEEP:-}" ] && echo "# kept $tmp" || rm -rf "$tmp"
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

echo "1..47"

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

# held ID PID COMM RIP RBP: a held line (COMM in the kernel's escaped form).
held() {
	printf 'id=%s pid=%s tgid=%s comm=%s sig=11 code=1 addr=0x0 held_ms=250 rip=%s rsp=0x7ffd00001000 rbp=%s %s\n' \
		"$1" "$2" "$2" "$3" "$4" "$5" "$regs"
}
# fake_kernel DIR ENABLE ID PID COMM RIP RBP: the files the kernel provides.
fake_kernel() {
	mkdir -p "$1"
	echo "$2" >"$1/enable"
	echo 5000 >"$1/timeout_ms"
	: >"$1/release"
	held "$3" "$4" "$5" "$6" "$7" >"$1/held"
}

start_victim victim
ok $? "victim started"
vic=$vpid vic_rip=$vrip

# 1: the basic run, rbp = 0 (frame 0 only).
k=$tmp/k1 out=$tmp/out1
fake_kernel "$k" 0 7 "$vic" victim "$vrip" 0x0
timeout 30 "$bin" --once --dir-kernel "$k" --out "$out" >"$tmp/stdout1" 2>"$tmp/stderr1"
ok $? "--once exits 0"
[ "$(cat "$k/release")" = "7 core" ]
ok $? "release gets \"ID core\" (the hold id, not the pid)"
[ "$(cat "$k/enable")" = 0 ]
ok $? "enable back to 0"
grep -Fqx "crash: id=7 pid=$vic comm=\"victim\" SIGSEGV (code=SEGV_MAPERR) at 0x0 in crash_here -> core" "$tmp/stdout1"
ok $? "summary line"
txt=$out/crash-$vic.txt
check "text report: SIGSEGV" grep -q "SIGSEGV" "$txt"
check "text report: SEGV_MAPERR" grep -q "SEGV_MAPERR" "$txt"
check "text report: address 0x0" grep -q "^address: *0x0$" "$txt"
check "text report: hold id" grep -q "^hold id: *7$" "$txt"
check "text report: crash_here at victim.c" \
	grep -Eq "#0 .* crash_here at $tmp/victim.c:[0-9]+" "$txt"
check "text report: exe" grep -q "^exe: *$tmp/victim$" "$txt"
check "text report: maps" grep -Eq "^[0-9a-f]+-[0-9a-f]+ r-xp .* $tmp/victim$" "$txt"

cat >"$tmp/check.py" <<'PY'
import json, sys
path, pid, tmp, action = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
d = json.load(open(path))
for k in ("time", "id", "pid", "tgid", "comm", "exe", "cmdline", "signal",
          "registers", "maps", "backtrace", "threads", "files", "action"):
    assert k in d, "missing " + k
assert d["pid"] == pid and d["tgid"] == pid and d["id"] == 7
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
fake_kernel "$k" 0 8 "$vic" victim "$vrip" "$vrbp"
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
fake_kernel "$k" 1 18446744073709551615 "$vic" 'we"ird\x5cname' "$vrip" 0x0
timeout 30 "$bin" --once --action kill --json --dir-kernel "$k" --out "$out" \
	>"$tmp/stdout3" 2>/dev/null
ok $? "--action kill exits 0"
[ "$(cat "$k/release")" = "18446744073709551615 kill" ]
ok $? "release gets \"ID kill\" (largest u64 id)"
[ "$(cat "$k/enable")" = 1 ]
ok $? "enable left at 1 when it was already 1"
python3 -c '
import json, sys
line = json.loads(open(sys.argv[1]).read())
disk = json.load(open(sys.argv[2]))
assert line["comm"] == disk["comm"] == "we\"ird\\name", line["comm"]
assert line["action"] == disk["action"] == "kill"
assert line["id"] == disk["id"] == 2**64 - 1
' "$tmp/stdout3" "$out/crash-$vic.json"
ok $? "--json line and file escape comm, action kill"

# 4: a non-PIE victim: PT_LOAD p_vaddr - p_offset is not 0.
start_victim victim-nopie -no-pie
k=$tmp/k4 out=$tmp/out4
fake_kernel "$k" 0 9 "$vpid" victim-nopie "$vrip" "$vrbp"
timeout 30 "$bin" --once --dir-kernel "$k" --out "$out" >"$tmp/stdout4" 2>&1
ok $? "non-PIE run exits 0"
grep -Eq "#1 .* main at $tmp/victim.c:13 " "$out/crash-$vpid.txt"
ok $? "non-PIE: crash_here and main symbolized"

# 5: no --once: enable stays 1 while running, SIGTERM restores it.
k=$tmp/k5 out=$tmp/out5
fake_kernel "$k" 0 1 1 x 0x0 0x0
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
echo "id=10 pid=$vic tgid=$vic comm=victim sig=11 code=1 addr=0x0 rip=$vic_rip rbp=0x0" >"$k/held"
for i in $(seq 50); do
	[ -s "$k/release" ] && break
	sleep 0.1
done
[ "$(cat "$k/release")" = "10 core" ]
ok $? "a task held later is released"
kill -TERM "$tool"
wait "$tool"
ok $? "SIGTERM: exit 0"
[ "$(cat "$k/enable")" = 0 ]
ok $? "SIGTERM: enable back to 0"
[ "$(cat "$k/timeout_ms")" = 5000 ]
ok $? "SIGTERM: timeout_ms restored"

# 7: a hostile comm (tab, newline, '=', backslash, invalid UTF-8, space),
# escaped by the kernel: decoded, shown escaped in text, valid in JSON.
k=$tmp/k7 out=$tmp/out7
fake_kernel "$k" 0 20 "$vic" 'a\x09b\x0ac\x3dd\x5ce\xff\xc3\x20' "$vic_rip" 0x0
timeout 30 "$bin" --once --dir-kernel "$k" --out "$out" >"$tmp/stdout7" 2>"$tmp/stderr7"
ok $? "hostile comm: exits 0"
[ "$(cat "$k/release")" = "20 core" ] && [ ! -s "$tmp/stderr7" ]
ok $? "hostile comm: released by id, no warning"
printf '%s\n' 'comm:     "a\tb\nc=d\\e\xff\xc3 "' >"$tmp/want7"
grep '^comm:' "$out/crash-$vic.txt" | cmp -s - "$tmp/want7"
ok $? "hostile comm: text report escapes it, strace style"
printf 'crash: id=20 pid=%s comm=%s SIGSEGV (code=SEGV_MAPERR) at 0x0 in crash_here -> core\n' \
	"$vic" '"a\tb\nc=d\\e\xff\xc3 "' | cmp -s - "$tmp/stdout7"
ok $? "hostile comm: summary line escapes it"
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["comm"] == "a\tb\nc=d\\e\ufffd\ufffd ", repr(d["comm"])
' "$out/crash-$vic.json"
ok $? "hostile comm: JSON escapes it (U+FFFD for invalid UTF-8)"

# 8: lines in any other form are never acted on, and warned about once.
bad_lines() {
	printf 'id=30 pid=2 comm=a\tb sig=11\n'		# raw tab
	printf 'id=31 pid=3 comm=x=y sig=11\n'		# raw '='
	printf 'id=32 pid=4 comm=x pid=5 sig=11\n'	# raw space: injected key
	printf 'id=33 pid=6 comm=a\\x4 sig=11\n'		# short escape
	printf 'id=34 pid=6 comm=a\\x3D sig=11\n'	# uppercase hex
	printf 'id=35 pid=6 comm=\\x41 sig=11\n'		# needless escape
	printf 'id=36 pid=6 comm=a\\x00 sig=11\n'	# NUL
	printf 'id=37 pid=6 comm=a\\nb sig=11\n'		# not \xHH
	printf 'id=38 pid=6 comm=a\xff sig=11\n'		# raw high byte
	printf 'id=39 pid=6 comm=a\xc3\xa9 sig=11\n'	# raw UTF-8
	printf 'pid=7 comm=x sig=11\n'			# no id (old kernel)
	printf 'id=41 comm=x sig=11\n'			# no pid
	printf 'id=42 pid=8 comm=x\n'			# no sig
	printf 'id=-1 pid=9 comm=x sig=11\n'		# bad id
	printf 'id=0x2b pid=9 comm=x sig=11\n'		# bad id
	printf 'id=44 pid=10 comm=a\nb sig=11\n'	# raw newline: two lines
}
nbad=$(bad_lines | wc -l)
k=$tmp/k8 out=$tmp/out8
fake_kernel "$k" 0 45 "$vic" victim "$vic_rip" 0x0
{ bad_lines; cat "$k/held"; } >"$k/held.new" && mv "$k/held.new" "$k/held"
timeout 30 "$bin" --once --dir-kernel "$k" --out "$out" >"$tmp/stdout8" 2>"$tmp/stderr8"
ok $? "bad lines: --once still handles the good line"
[ "$(cat "$k/release")" = "45 core" ] && [ "$(ls "$out")" = "crash-$vic.json
crash-$vic.txt" ] && [ "$(wc -l <"$tmp/stdout8")" -eq 1 ]
ok $? "bad lines: not reported, not released; the good one is"
[ "$(grep -c 'ignoring line' "$tmp/stderr8")" -eq "$nbad" ] &&
	[ "$(wc -l <"$tmp/stderr8")" -eq "$nbad" ]
ok $? "bad lines: one warning each ($nbad)" "$tmp/stderr8"
grep -q 'older than this utrace-crash' "$tmp/stderr8" &&
	! grep -q "id=45" "$tmp/stderr8" &&
	! LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177-\377]')" "$tmp/stderr8"
ok $? "bad lines: warnings are escaped, an id-less line hints at an old kernel" "$tmp/stderr8"
bad_lines >"$k/held"
: >"$k/release"
"$bin" --dir-kernel "$k" --out "$out" >"$tmp/stdout8b" 2>"$tmp/stderr8b" &
tool=$!
pids+=("$tool")
sleep 0.6
kill -TERM "$tool"
wait "$tool"
ok $? "only bad lines: exit 0 on SIGTERM"
[ ! -s "$k/release" ] && [ ! -s "$tmp/stdout8b" ] &&
	[ "$(wc -l <"$tmp/stderr8b")" -eq "$nbad" ]
ok $? "only bad lines: nothing released, each warned once over several polls" "$tmp/stderr8b"

# 9: a stale id (the hold ended: release says ESRCH) is not an error.
cat >"$tmp/esrch.c" <<'SHIM'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* write() to a file named "release" fails with ESRCH, as for an ended hold. */
ssize_t write(int fd, const void *buf, size_t n)
{
	static ssize_t (*real)(int, const void *, size_t);
	char link[64], path[4096];
	ssize_t len;

	if (!real)
		real = (ssize_t (*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	len = readlink(link, path, sizeof(path) - 1);
	if (len > 8 && !memcmp(path + len - 8, "/release", 8)) {
		errno = ESRCH;
		return -1;
	}
	return real(fd, buf, n);
}
SHIM
gcc -shared -fPIC -o "$tmp/esrch.so" "$tmp/esrch.c" -ldl
k=$tmp/k9 out=$tmp/out9
fake_kernel "$k" 0 50 "$vic" victim "$vic_rip" 0x0
LD_PRELOAD=$tmp/esrch.so timeout 30 "$bin" --once --dir-kernel "$k" --out "$out" \
	>"$tmp/stdout9" 2>"$tmp/stderr9"
ok $? "stale id: exit 0"
grep -qx "utrace-crash: hold 50 (pid $vic): already gone" "$tmp/stderr9" &&
	[ "$(wc -l <"$tmp/stderr9")" -eq 1 ] && [ -s "$out/crash-$vic.json" ] &&
	[ "$(cat "$k/enable")" = 0 ]
ok $? "stale id: one 'already gone' line, report kept, enable restored" "$tmp/stderr9"

# 6: errors change nothing.
k=$tmp/k6
fake_kernel "$k" 0 11 "$vic" victim "$vrip" 0x0
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
