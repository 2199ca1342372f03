#!/bin/bash
# The series' own selftests, the very files its last patch adds (no copy
# here): the ftracetest cases of tools/testing/selftests/ftrace/test.d/utrace
# run by the prepared tree's ftracetest, and the utrace engine kselftests
# of tools/testing/selftests/utrace as make selftests built them
# (build/selftests/utrace).  One TAP line per case; a case ftracetest or
# the harness skips is a skip here.  Full output in the out directory
# (ftracetest.txt, utrace-selftests-PROG.txt).
. "$(dirname "$0")/lib.sh"
TREE=$UTRACE_REPO/build/linux-utrace
FT=$TREE/tools/testing/selftests/ftrace
ST=$UTRACE_REPO/build/selftests/utrace
if ! have_utrace; then
	skip "utrace selftests" "kernel without utrace events"
	tap_done
fi

# ftracetest, in KTAP: "ok N description [# SKIP|# XFAIL]", "not ok N ...".
if [ ! -x $FT/ftracetest ] || ! ls $FT/test.d/utrace/*.tc > /dev/null 2>&1; then
	not_ok "ftracetest and test.d/utrace/*.tc in $TREE (make kernel)"
else
	ncases=$(ls $FT/test.d/utrace/*.tc | wc -l)
	out=/tmp/out/ftracetest.txt
	# Logs go to /tmp: the tree is read-only here.
	(cd /tmp && timeout -k 5 600 $FT/ftracetest -K -v -l /tmp/ftracetest-logs \
		$FT/test.d/utrace) > $out 2>&1
	rc=$?
	n=0
	while IFS= read -r line; do
		name=$(sed -E 's/^(not )?ok [0-9]+ //; s/ # .*$//' <<< "$line")
		n=$((n + 1))
		case $line in
		"ok "*" # SKIP"*) skip "ftracetest: $name" "unsupported or untested" ;;
		"ok "*" # XFAIL"*) not_ok "ftracetest: $name (xfail)" ;;
		"ok "*) ok "ftracetest: $name" ;;
		*)
			not_ok "ftracetest: $name"
			# its log follows its line, as "# " lines
			sed -n "/^not ok $n /,/^\(not \)\{0,1\}ok /p" $out |
				grep -a '^#' | grep -av '^# +' | tail -25
			;;
		esac
	done < <(grep -aE '^(not )?ok [0-9]+ ' $out)
	expect_eq "ftracetest ran every test.d/utrace case" "$ncases" "$n"
	expect_eq "ftracetest exit status" 0 "$rc"
fi

# The kselftest harness programs: "ok N fixture.case [# SKIP reason]".
if [ ! -s $ST/built ]; then
	not_ok "utrace kselftests built (make selftests)"
	tap_done
fi
while read -r prog; do
	out=/tmp/out/utrace-selftests-$prog.txt
	(cd /tmp && timeout -k 5 300 $ST/$prog) > $out 2>&1
	rc=$?
	plan=$(sed -n 's/^1\.\.\([0-9]*\)$/\1/p' $out | head -1)
	n=0
	while IFS= read -r line; do
		n=$((n + 1))
		name=$(sed -E 's/^(not )?ok [0-9]+ //; s/ # .*$//' <<< "$line")
		case $line in
		"ok "*" # SKIP"*) skip "$prog: $name" "${line#* # SKIP }" ;;
		"ok "*) ok "$prog: $name" ;;
		*)
			not_ok "$prog: $name"
			# the harness's log of the case, before its result
			sed -n "/^#  RUN  *$name /,/^\(not \)\{0,1\}ok [0-9]* $name/p" $out |
				grep -av '^\(not \)\{0,1\}ok ' | tail -25
			;;
		esac
	done < <(grep -aE '^(not )?ok [0-9]+ ' $out)
	expect_eq "$prog: ran every case of its plan" "${plan:-no plan}" "$n"
	expect_eq "$prog: exit status" 0 "$rc"
done < $ST/built
tap_done
