#!/bin/sh
# End-to-end tests: ims2 in a real terminal (tmux), as a user would drive it.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
ims2="$top/ims2"
. "$top/tests/e2e/lib.sh"
tmp=$(mktemp -d)
trap 'T kill-server 2>/dev/null; rm -rf "$tmp"' EXIT
pass=0
fails=0

# The issue's scenario: :1.5, an out-of-scope element with its justification, save, quit,
# reopen, export.
test_scope_exclusion() {
	"$ims2" init ws.ims2 --org "E2E Ltd" >/dev/null || fail "init"
	start 80 24 "$ims2" ws.ims2
	wait_for "Plan" || return
	text ":1.5"; keys Enter
	wait_for "Scope elements" || return
	keys a
	wait_for "new record" || return
	text "Test lab | pipes"; keys Tab Tab o C-s
	wait_for "Justification is required when Scope is out" || return
	# The refused save put the cursor on the field that needs it.
	text "Run by a partner in Zürich"; keys F2
	wait_for "Saved." || return
	wait_for "Test lab | pipes" || return
	text ":q"; keys Enter
	until_exit
	start 80 24 "$ims2" ws.ims2
	text ":1.5"; keys Enter
	wait_for "Test lab | pipes" || return
	text ":q"; keys Enter
	until_exit
	"$ims2" export ws.ims2 >out.md || fail "export"
	grep -qF '| Test lab \| pipes | process | out | Run by a partner in Zürich |' out.md ||
		fail "the element is not in the export"
}

# Resize below 80x24 and back, and a larger terminal.
test_resize() {
	"$ims2" demo ws.ims2 >/dev/null
	start 80 24 "$ims2" ws.ims2
	wait_for "Plan" || return
	keys j j j j Enter
	wait_for "1.5 Scope" || return
	T resize-window -t e2e -x 60 -y 20
	wait_for "ims2 needs at least 80x24" || return
	T resize-window -t e2e -x 80 -y 24
	wait_for "1.5 Scope" || return
	T resize-window -t e2e -x 120 -y 40
	wait_for "Order-to-delivery process" || return
	text ":q"; keys Enter
	until_exit
}

# Unsaved form: Esc asks, n keeps the form, y leaves.
test_unsaved_form() {
	"$ims2" demo ws.ims2 >/dev/null
	start 80 24 "$ims2" ws.ims2
	wait_for "Plan" || return
	text ":1.6"; keys Enter
	wait_for "Security objectives" || return
	keys Tab a
	wait_for "new record" || return
	text "Typed but not saved"
	keys Escape
	wait_for "Discard your unsaved changes" || return
	keys n
	wait_for "Typed but not saved" || return
	keys Escape
	wait_for "Discard your unsaved changes" || return
	keys y
	wait_gone "new record" || return
	text ":q"; keys Enter
	until_exit
}

# A dropped connection: the form's values come back as a draft.
test_hangup_draft() {
	"$ims2" demo ws.ims2 >/dev/null
	start 80 24 "$ims2" ws.ims2
	wait_for "Plan" || return
	text ":1.6"; keys Enter
	wait_for "Security objectives" || return
	keys Tab a
	wait_for "new record" || return
	text "Objective typed before the line dropped"
	sleep 0.2
	stop
	start 80 24 "$ims2" ws.ims2
	wait_for "Plan" || return
	text ":1.6"; keys Enter
	wait_for "Security objectives" || return
	keys Tab a
	wait_for "A draft of this record was kept" || return
	keys y
	wait_for "Objective typed before the line dropped" || return
	keys Escape y
	text ":q"; keys Enter
	until_exit
}

# Read-only: the status line says so, nothing can be changed, the file stays the same.
test_read_only() {
	"$ims2" demo ws.ims2 >/dev/null
	cp ws.ims2 copy.ims2
	# As root, file permissions do not stop writes, so the option is used.
	start 80 24 "$ims2" open ws.ims2 --read-only
	wait_for "read-only" || return
	text ":1.5"; keys Enter
	wait_for "Scope elements" || return
	keys a
	wait_for "read-only" || return
	keys Tab Tab Space
	text ":q"; keys Enter
	until_exit
	cmp -s ws.ims2 copy.ims2 || fail "the read-only workspace changed"
}

# :export from inside the workbench.
test_export_command() {
	"$ims2" demo ws.ims2 >/dev/null
	start 80 24 "$ims2" ws.ims2
	wait_for "Plan" || return
	text ":export dossier.md"; keys Enter
	wait_for "Wrote the dossier to dossier.md" || return
	text ":q"; keys Enter
	until_exit
	grep -q '^# Plan$' dossier.md && grep -q 'Valecrest Health Logistics' dossier.md ||
		fail "dossier.md lacks the plan or the organisation"
}

# Monochrome, no UTF-8: the board draws with ASCII lines.
test_ascii_monochrome() {
	"$ims2" demo ws.ims2 >/dev/null
	E2E_LANG=C E2E_TERM=vt100 start 80 24 env NO_COLOR=1 "$ims2" ws.ims2
	wait_for "1.1 Initiating the ISMS" || return
	screen | grep -q '│' && fail "non-ASCII line drawing in a C locale"
	text ":q"; keys Enter
	until_exit
}

# The gap interview: ten items with single keys, then the CSV export has the ten answers.
test_interview() {
	"$ims2" init ws.ims2 --org "Interview Ltd" >/dev/null
	start 80 24 "$ims2" ws.ims2
	wait_for "Plan" || return
	text ":1.3"; keys Enter
	wait_for "Press i for the interview" || return
	keys i
	wait_for "Interview  item 1 of 123" || return
	text "3210543210"
	wait_for "Interview  item 11 of 123" || return
	keys q
	text ":q"; keys Enter
	until_exit
	"$ims2" export ws.ims2 --report gap --format csv >gap.csv || fail "csv export"
	expected="3 2 1 0 5 4 3 2 1 0"
	# Titles with a comma are quoted: fold quoted fields before splitting.
	got=$(sed -n '2,11p' gap.csv | sed 's/"[^"]*"/Q/g' | cut -d, -f3 | tr '\n' ' ' | sed 's/ $//')
	[ "$got" = "$expected" ] || fail "the CSV has '$got', expected '$expected'"
	[ "$(sed -n '12p' gap.csv | cut -d, -f3)" = "" ] || fail "item 11 was answered"
	[ "$(wc -l <gap.csv)" -eq 124 ] || fail "the CSV lacks rows"
}

# Risk assessment: add an asset, a threat and a risk; the heat map's count changes.
test_heat_map() {
	"$ims2" init ws.ims2 --org "Risk E2E Ltd" >/dev/null
	start 80 24 "$ims2" ws.ims2
	wait_for "Plan" || return
	text ":1.7"; keys Enter
	wait_for "Risk register" || return
	keys BTab BTab BTab
	wait_for "Almost certain x Severe: Critical, 0 of 0 risks" || return
	keys Tab Tab Tab Tab
	wait_for "Primary assets" || return
	keys a
	text "E2E order database"; keys F2
	wait_for "E2E order database" || return
	keys Tab Tab
	wait_for "The threat catalog" || return
	keys a
	text "E2E drone strike"; keys Tab Tab
	text "Invented for the test"; keys F2
	wait_for "Saved." || return
	keys BTab BTab BTab
	wait_for "Levels come from the risk method" || return
	keys a
	wait_for "new record" || return
	text "Drone hits the order database"
	keys Tab; text "Tester"
	keys Tab Tab Tab Tab Enter
	wait_for "Choose: Assets" || return
	keys Enter Tab Enter
	wait_for "Choose: Threats" || return
	keys G Enter
	wait_for "E2E drone strike" || return
	keys Tab Tab Tab Tab Tab; text "5"; keys Tab; text "5"; keys F2
	wait_for "Saved." || return
	wait_for "Critical" || return
	keys BTab BTab BTab
	wait_for "Almost certain x Severe: Critical, 1 of 1 risks" || return
	keys Enter
	wait_for "Drone hits the order database" || return
	keys Escape
	text ":q"; keys Enter
	until_exit
	"$ims2" export ws.ims2 --report risks --format csv | grep -q '^1,Drone hits the order database,asset,E2E order database,E2E drone strike,,5,5,Critical,Tester' ||
		fail "the risk is not in the CSV"
}

for t in test_heat_map test_scope_exclusion test_resize test_unsaved_form test_hangup_draft test_read_only \
	test_export_command test_ascii_monochrome test_interview; do
	current=$t
	failed=0
	work="$tmp/$t"
	mkdir -p "$work"
	(cd "$work" && $t) >>"$tmp/log" 2>&1
	grep "^FAIL $t:" -A30 "$tmp/log" | head -40
	T kill-server 2>/dev/null
	# A test runs in a subshell: the FAIL lines it prints tell whether it failed.
	if grep -q "^FAIL $t:" "$tmp/log" 2>/dev/null; then fails=$((fails + 1)); else pass=$((pass + 1)); fi
done
echo "e2e: $pass passed, $fails failed"
[ "$fails" -eq 0 ]
