# Shared by tests/run-all (make check) and tests/run-debug (make
# check-debug): build steps and TAP suites collected in $log/all.tap,
# and the closing "N passed, N failed, N skipped" line.
# Set log (a directory) before sourcing.
mkdir -p "$log"
: > "$log/all.tap"
: > "$log/times"
rm -rf "$log/parts"
mkdir -p "$log/parts"
check_start=$(date +%s)

# step NAME COMMAND...: a build step; its failure is a test failure.
step() {
	local name=$1 rc start=$(date +%s)
	shift
	echo "== $name"
	"$@" > "$log/$name.log" 2>&1
	rc=$?
	echo "build:$name $(( $(date +%s) - start ))" >> "$log/times"
	if [ $rc -eq 0 ]; then
		echo "ok - build: $name" | tee -a "$log/all.tap"
	else
		tail -30 "$log/$name.log"
		echo "not ok - build: $name (see $log/$name.log)" | tee -a "$log/all.tap"
		return 1
	fi
}
# part_file NAME: where a suite's TAP is kept (a / in NAME becomes -).
part_file() {
	echo "$log/parts/${1//\//-}.tap"
}
# collect NAME: a suite's TAP into all.tap; no TAP kept is a failure.
collect() {
	local f
	f=$(part_file "$1")
	if [ -s "$f" ]; then
		cat "$f" >> "$log/all.tap"
	else
		echo "not ok - $1: no TAP kept in $f" | tee -a "$log/all.tap"
	fi
}
# run_suite NAME COMMAND...: the command's TAP with "NAME: " in each
# description, on stdout and kept whole (part_file), plus a failure
# line when it exits non-zero without reporting one.
run_suite() {
	local name=$1 f rc start=$(date +%s)
	f=$(part_file "$name")
	shift
	"$@" 2>&1 | sed -u "s|^\(not \)\{0,1\}ok [0-9]* - |&$name: |; s|^\(not \)\{0,1\}ok - |&$name: |" |
		tee "$f"
	rc=${PIPESTATUS[0]}
	if [ "$rc" -ne 0 ] && ! grep -q "^not ok" "$f"; then
		echo "not ok - $name: exited with status $rc" | tee -a "$f"
	fi
	echo "$name $(( $(date +%s) - start ))" >> "$log/times"
}
# suite NAME COMMAND...: a TAP producer run now; its lines are counted.
suite() {
	echo "== $1"
	run_suite "$@"
	collect "$1"
}
# part NAME COMMAND...: a suite run in the background, at most
# $parallel at once (each guest is one QEMU thread; the machine has two
# cores).  parts_wait prints each part's TAP whole, in start order.
parallel=${UTRACE_CHECK_PARALLEL:-2}
parts=()
part() {
	while [ "$(jobs -rp | wc -l)" -ge "$parallel" ]; do
		wait -n
	done
	echo "== $1 (started $(date +%T))"
	parts+=("$1")
	run_suite "$@" > /dev/null &
}
parts_wait() {
	local name
	wait
	for name in "${parts[@]}"; do
		echo "== $name"
		cat "$(part_file "$name")"
		collect "$name"
	done
	parts=()
}
# summary WHAT: print the totals; exit status 0 when nothing failed.
summary() {
	local passed skipped failed
	passed=$(grep -cE '^ok ' "$log/all.tap" | tr -d ' ')
	skipped=$(grep -cE '^ok .*# SKIP' "$log/all.tap" | tr -d ' ')
	failed=$(grep -cE '^not ok ' "$log/all.tap" | tr -d ' ')
	passed=$((passed - skipped))
	sed 's/^\(.*\) \([0-9]*\)$/# wall time: \2s \1/' "$log/times"
	echo "# $1 took $(( $(date +%s) - check_start ))s; TAP in $log/all.tap"
	grep -E '^not ok ' "$log/all.tap" | sed 's/^/# FAILED: /'
	echo "$passed passed, $failed failed, $skipped skipped"
	[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
}
