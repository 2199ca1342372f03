# Shared by tests/run-all (make check) and tests/run-debug (make
# check-debug): build steps and TAP suites collected in $log/all.tap,
# and the closing "N passed, N failed, N skipped" line.
# Set log (a directory) before sourcing.
mkdir -p "$log"
: > "$log/all.tap"
check_start=$(date +%s)

# step NAME COMMAND...: a build step; its failure is a test failure.
step() {
	local name=$1
	shift
	echo "== $name"
	if "$@" > "$log/$name.log" 2>&1; then
		echo "ok - build: $name" | tee -a "$log/all.tap"
	else
		tail -30 "$log/$name.log"
		echo "not ok - build: $name (see $log/$name.log)" | tee -a "$log/all.tap"
		return 1
	fi
}
# suite NAME COMMAND...: a TAP producer; its lines are counted.
suite() {
	local name=$1 rc
	shift
	echo "== $name"
	"$@" 2>&1 | sed -u "s|^\(not \)\{0,1\}ok [0-9]* - |&$name: |; s|^\(not \)\{0,1\}ok - |&$name: |" |
		tee -a "$log/all.tap"
	rc=${PIPESTATUS[0]}
	if [ "$rc" -ne 0 ] && ! grep -q "^not ok.* $name: " "$log/all.tap"; then
		echo "not ok - $name: exited with status $rc" | tee -a "$log/all.tap"
	fi
}
# summary WHAT: print the totals; exit status 0 when nothing failed.
summary() {
	local passed skipped failed
	passed=$(grep -cE '^ok ' "$log/all.tap" | tr -d ' ')
	skipped=$(grep -cE '^ok .*# SKIP' "$log/all.tap" | tr -d ' ')
	failed=$(grep -cE '^not ok ' "$log/all.tap" | tr -d ' ')
	passed=$((passed - skipped))
	echo "# $1 took $(( $(date +%s) - check_start ))s; TAP in $log/all.tap"
	grep -E '^not ok ' "$log/all.tap" | sed 's/^/# FAILED: /'
	echo "$passed passed, $failed failed, $skipped skipped"
	[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
}
