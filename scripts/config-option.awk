# awk -f config-option.awk OVERRIDES FRAGMENT
# Print FRAGMENT without the options OVERRIDES sets ("CONFIG_X=..." or
# "# CONFIG_X is not set" lines); comments and other lines stay.
function option(line) {
	if (match(line, /^CONFIG_[A-Za-z0-9_]+=/))
		return substr(line, 1, RLENGTH - 1)
	if (match(line, /^# CONFIG_[A-Za-z0-9_]+ is not set$/))
		return substr(line, 3, RLENGTH - 13)
	return ""
}
FNR == NR { if ((o = option($0)) != "") set[o] = 1; next }
{ o = option($0); if (o == "" || !(o in set)) print }
