#!/bin/sh
# Command-line tests: exit codes, messages on stderr, and refused files left byte for byte.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
ims2="$top/ims2"
export LC_ALL=C.UTF-8 SOURCE_DATE_EPOCH=1767225600
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() { echo "FAIL $1"; [ -s err ] && sed 's/^/  stderr: /' err; fail=$((fail + 1)); }

# expect NAME CODE PATTERN -- COMMAND...: exit code CODE and stderr (or stdout) matching PATTERN
expect() {
	name=$1 code=$2 pattern=$3
	shift 4
	"$@" >out 2>err </dev/null
	rc=$?
	if [ "$rc" -ne "$code" ]; then
		bad "$name: exit $rc, expected $code"
	elif [ -n "$pattern" ] && ! grep -qE -- "$pattern" err out; then
		bad "$name: output lacks /$pattern/"
	else
		ok
	fi
}
# same NAME FILE COPY: FILE is byte-identical to COPY
same() {
	if cmp -s "$2" "$3"; then ok; else bad "$1: the file was modified"; fi
}

"$ims2" init ws.ims2 --org "CLI Test Ltd" >/dev/null || { echo "FAIL: init"; exit 1; }
"$ims2" demo demo.ims2 >/dev/null || { echo "FAIL: demo"; exit 1; }

expect version 0 '^ims2 [0-9]' -- "$ims2" --version
expect help 0 'Usage:' -- "$ims2" --help
expect help-command 0 'ims2 init WORKSPACE --org NAME' -- "$ims2" help init
expect help-unknown 2 "unknown command 'nope'" -- "$ims2" help nope
expect unknown-command 2 "ims2: unknown command 'frobnicate'" -- "$ims2" frobnicate
expect unknown-option 2 "unknown option '--frob'" -- "$ims2" export ws.ims2 --frob
expect unknown-global-option 2 "unknown option '--frob'" -- "$ims2" --frob
expect init-no-org 2 "organisation's name is missing" -- "$ims2" init other.ims2
expect init-no-file 2 'which workspace' -- "$ims2" init --org X
expect open-no-terminal 2 'needs a terminal' -- "$ims2" open ws.ims2
expect unknown-step 2 "unknown step '9.9'" -- "$ims2" export ws.ims2 --step 9.9
expect unknown-report 2 "unknown report 'nope'" -- "$ims2" export ws.ims2 --report nope
expect unknown-format 2 "unknown format 'pdf'" -- "$ims2" export ws.ims2 --format pdf
expect unknown-scenario 2 "unknown scenario 'nope'" -- "$ims2" demo x.ims2 --scenario nope
[ ! -e x.ims2 ] && ok || bad "unknown-scenario: a file was left behind"

# init never overwrites.
cp ws.ims2 ws.copy
expect init-existing 2 'exists already' -- "$ims2" init ws.ims2 --org Other
same init-existing ws.ims2 ws.copy
echo "notes" >notes.txt
cp notes.txt notes.copy
expect init-existing-text 2 'exists already' -- "$ims2" init notes.txt --org Other
same init-existing-text notes.txt notes.copy

# Files that are not workspaces are refused with exit 3 and left as they were.
expect missing 3 'No such file' -- "$ims2" export nothing.ims2
mkdir adir
expect directory 3 'is a directory' -- "$ims2" export adir
cp /etc/passwd passwd.ims2
cp passwd.ims2 passwd.copy
expect foreign-text 3 'not an ims2 workspace' -- "$ims2" export passwd.ims2
same foreign-text passwd.ims2 passwd.copy
: >empty.ims2
expect empty-file 3 'not an ims2 workspace' -- "$ims2" export empty.ims2
if command -v sqlite3 >/dev/null 2>&1; then
	sqlite3 other.db 'CREATE TABLE t (x); INSERT INTO t VALUES (1);'
	cp other.db other.copy
	expect foreign-sqlite 3 'not an ims2 workspace' -- "$ims2" export other.db
	same foreign-sqlite other.db other.copy
	cp demo.ims2 newer.ims2
	sqlite3 newer.ims2 'PRAGMA user_version = 999;'
	cp newer.ims2 newer.copy
	expect newer 3 'made by a newer ims2' -- "$ims2" export newer.ims2
	same newer newer.ims2 newer.copy
	expect newer-open 3 'made by a newer ims2' -- "$ims2" open newer.ims2
	same newer-open newer.ims2 newer.copy
fi
# A truncated workspace: half of a checkpointed file.
size=$(wc -c <demo.ims2)
head -c $((size / 2)) demo.ims2 >half.ims2
cp half.ims2 half.copy
expect truncated 3 'damaged' -- "$ims2" export half.ims2
same truncated half.ims2 half.copy

# A malformed catalog: file:line:column, exit 2, no workspace created.
mkdir baddata
printf 'method: IMS2\nphases:\n  - id: plan\n    name: [unclosed\n' >baddata/method.yaml
expect bad-catalog 2 'baddata/method.yaml:[0-9]+:[0-9]+: ' -- "$ims2" --data baddata init bad.ims2 --org X
[ ! -e bad.ims2 ] && ok || bad "bad-catalog: a workspace was created"
mkdir -p baddata2/screens
printf 'step: "1.5"\nguidance: x\nactivities:\n  - {id: a, text: b}\nregisters:\n  - table: scope_element\n    title: T\n    fields:\n      - {name: name, label: N, type: colour}\n' >baddata2/screens/1.5.yaml
expect bad-screen 2 'baddata2/screens/1.5.yaml:9:[0-9]+: unknown field type' -- "$ims2" --data baddata2 init bad2.ims2 --org X
[ ! -e bad2.ims2 ] && ok || bad "bad-screen: a workspace was created"
IMS2_DATA=baddata expect bad-catalog-env 2 'baddata/method.yaml:' -- "$ims2" init bad3.ims2 --org X

# Export: deterministic, to a file, never onto the workspace itself.
expect export-dossier 0 '' -- "$ims2" export demo.ims2 -o one.md
"$ims2" export demo.ims2 >two.md
cmp -s one.md two.md && ok || bad "export: two exports differ"
grep -q '^# Plan$' one.md && grep -q '^## 1.5 Scope$' one.md && ok || bad "export: headings missing"
head -1 one.md | grep -q '^---$' && ok || bad "export: no YAML metadata block"
expect export-step 0 '' -- "$ims2" export demo.ims2 --step 1.5 -o step.md
grep -q '^# 1.5 Scope$' step.md && ! grep -q '^## 1.1' step.md && ok || bad "export --step: wrong content"
cp demo.ims2 demo.copy
expect export-onto-workspace 2 'names the workspace itself' -- "$ims2" export demo.ims2 -o demo.ims2
same export-onto-workspace demo.ims2 demo.copy
expect export-bad-dir 4 'No such file' -- "$ims2" export demo.ims2 -o /nonexistent/dir/x.md

# Import: all or nothing, with file:line:column.
cat >good.yaml <<'YAML'
records:
  project_member:
    - {name: Imported Person, project_role: member}
  milestone:
    - {name: Imported milestone, due_date: "2027-01-01", owner: Imported Person}
YAML
cat >bad.yaml <<'YAML'
records:
  project_member:
    - {name: Half Imported, project_role: member}
  milestone:
    - {name: Bad milestone, due_date: "2027-02-30", owner: Half Imported}
YAML
expect import 0 'Imported good.yaml' -- "$ims2" import ws.ims2 good.yaml
"$ims2" export ws.ims2 --step 1.1 | grep -q 'Imported milestone' && ok || bad "import: record missing"
expect import-bad 2 'bad.yaml:5:7: .*Due must be a date' -- "$ims2" import ws.ims2 bad.yaml
"$ims2" export ws.ims2 --step 1.1 | grep -q 'Half Imported' && bad "import-bad: partly imported" || ok
expect import-missing 4 'cannot read' -- "$ims2" import ws.ims2 nothing.yaml

# Risk methods.
expect matrix-list 0 'nist-800-30 +NIST SP 800-30' -- "$ims2" matrix list
[ "$(wc -l <out)" -eq 6 ] && ok || bad "matrix list: not six methods"
expect matrix-show 0 '^\| Almost certain \| Medium \| High \| High \| Critical \| Critical \|$' -- "$ims2" matrix show 5x5
grep -q '^| Likelihood \\\\ Impact | Negligible | Minor | Moderate | Major | Severe |$' out && ok || bad "matrix show: header"
expect matrix-unknown 2 "unknown risk method 'nope'" -- "$ims2" matrix show nope
expect matrix-usage 2 "say 'list' or 'show ID'" -- "$ims2" matrix
expect init-unknown-matrix 2 "unknown risk method 'nope'" -- "$ims2" init nomatrix.ims2 --org X --matrix nope
[ ! -e nomatrix.ims2 ] && ok || bad "init --matrix nope: a file was created"
expect init-matrix 0 'Created' -- "$ims2" init nist.ims2 --org X --matrix nist-800-30
"$ims2" export nist.ims2 --report risks | grep -q 'Method: \*\*NIST SP 800-30' && ok || bad "init --matrix: method not used"
mkdir -p badmethod/matrices
printf 'method: 5x5\ntitle: T\ndescription: D\nkind: lookup\nlikelihood:\n  - {value: "1", label: a, description: d}\n  - {value: "2", label: b, description: d}\nimpact:\n  - {value: "1", label: a, description: d}\n  - {value: "2", label: b, description: d}\nlevels:\n  - {id: low, label: Low, colour: green, symbol: L}\n  - {id: high, label: High, colour: red, symbol: H}\ngrid:\n  "2": [low, high]\nacceptance: {owner_may_accept: low, must_treat: high}\n' >badmethod/matrices/5x5.yaml
expect bad-method 2 'badmethod/matrices/5x5.yaml:[0-9]+:[0-9]+: the grid has no row for likelihood 1' -- "$ims2" --data badmethod matrix show 5x5
expect bad-method-init 2 'no row for likelihood 1' -- "$ims2" --data badmethod init badm.ims2 --org X
[ ! -e badm.ims2 ] && ok || bad "bad method: a workspace was created"

# :method never destroys ratings: 5x5 -> 3x3 -> monarc -> 5x5 gives the same risk register,
# byte for byte; on a read-only workspace the switch is refused and nothing changes.
"$ims2" demo switch.ims2 >/dev/null
"$ims2" export switch.ims2 --report risks --format csv -o switch-before.csv
printf ':1.7<Enter>:method 3x3<Enter>y:method monarc<Enter>y:method 5x5<Enter>y:q<Enter>' >switch.keys
expect method-round-trip 0 '' -- "$ims2" open switch.ims2 --script switch.keys
"$ims2" export switch.ims2 --report risks --format csv -o switch-after.csv
cmp -s switch-before.csv switch-after.csv && ok || bad "method round trip: the risk register changed"
printf ':1.7<Enter>:method 3x3<Enter><dump>y<dump>:q<Enter>' >switch-ro.keys
cp switch.ims2 switch-ro.ims2 && cp switch.ims2 switch-ro.copy
expect method-read-only 0 '' -- "$ims2" open switch-ro.ims2 --read-only --script switch-ro.keys
grep -q 'read-only: the risk method stays as it is' out && ok || bad "method on read-only: no message"
cmp -s switch-ro.ims2 switch-ro.copy && ok || bad "method on read-only: the file changed"

# Values outside their scale are refused on import, and the workspace keeps nothing of it.
"$ims2" init scale.ims2 --org X >/dev/null
import_bad() {
	name=$1 pattern=$2 body=$3
	printf "records:\n  $body\n" >scale.yaml
	expect "$name" 2 "scale.yaml:3:7: $pattern" -- "$ims2" import scale.ims2 scale.yaml
}
import_bad import-availability-150 'Avail % must be between 0 and 100' 'project_member:\n    - {name: Ann, project_role: member, availability: "150"}'
import_bad import-asset-c7 "C 7 is not on the impact scale of method '5x5' \\(1 to 5\\)" 'asset:\n    - {name: Payroll, category: primary, type: information, confidentiality: "7"}'
import_bad import-asset-minus2 "I -2 is not on the impact scale" 'asset:\n    - {name: Payroll, category: primary, type: information, integrity: "-2"}'
import_bad import-risk-4.5 "Likelihood 4.5 is not on the likelihood scale" 'risk:\n    - {title: R, kind: event, likelihood: "4.5", impact: "2", status: open}'
import_bad import-risk-three "Likelihood three is not on the likelihood scale" 'risk:\n    - {title: R, kind: event, likelihood: three, impact: "2", status: open}'
import_bad import-accepted-no-owner 'a risk without an owner cannot be accepted' 'risk:\n    - {title: R, kind: event, likelihood: "2", impact: "2", status: accepted}'
import_bad import-clause-excluded 'Requirements and controls: a requirement of clauses 4-10 applies to every ISMS' 'gap_item:\n    - {item: "7.3", applicable: "no", justification: "We think so"}'
"$ims2" export scale.ims2 --report risks --format csv | grep -q '^[0-9]' && bad "import of bad values: a risk was kept" || ok

# A trainee's mistakes in the treatment plan are points to check of 2.6: a risk to modify
# with no action (the plan lists it as having none), an action for a control its risk did not
# choose. A risk accepted above what its owner may accept needs a management decision and is
# listed in 1.7.
"$ims2" init plan.ims2 --org X >/dev/null
cat >plan.yaml <<'YAML'
records:
  risk:
    - {title: Laptops stolen, kind: event, likelihood: "3", impact: "3", owner: Ann, treatment: modify, controls: "8.1", status: open}
    - {title: Web site defaced, kind: event, likelihood: "2", impact: "2", owner: Ann, treatment: modify, controls: "5.15, 8.5", status: open}
    - {title: Supplier fails, kind: event, likelihood: "4", impact: "3", owner: Ann, treatment: retain, status: accepted, accepted_by: Ann, decision: "Board, 2026-05-04: accepted until the contract ends"}
  treatment_action:
    - {action: Harden the web server, risk: Web site defaced, control: "8.9, 8.5"}
YAML
expect import-plan 0 'Imported' -- "$ims2" import plan.ims2 plan.yaml
"$ims2" export plan.ims2 --step 2.6 >plan.md
grep -qF "Risk 1 \\'Laptops stolen\\' is to be modified but has no treatment action" plan.md && ok || bad "2.6: a risk to modify without action is not flagged"
grep -qF "Action 1 \\'Harden the web server\\' implements A.8.9, which risk 2 \\'Web site defaced\\' did not choose (A.5.15, A.8.5)" plan.md && ok || bad "2.6: an action for another control is not flagged"
grep -q "implements A.8.5" plan.md && bad "2.6: a chosen control is flagged" || ok
"$ims2" export plan.ims2 --report rtp | grep -q '^| Laptops stolen | Medium | none: no action yet |' && ok || bad "rtp: a risk to modify without action is missing"
"$ims2" export plan.ims2 --step 1.7 | grep -qF "Risk 3 \\'Supplier fails\\': accepted above the level a risk owner may accept, by the management decision recorded" && ok || bad "1.7: acceptance above the owner's level not listed"

# CSV reports of the demo.
expect gap-csv 0 '' -- "$ims2" export demo.ims2 --report gap --format csv -o gap.csv
[ "$(head -1 gap.csv)" = "id,title,maturity,target,status,notes,evidence" ] && ok || bad "gap csv header"
[ "$(grep -c '^A\.' gap.csv)" -eq 93 ] && [ "$(grep -c '^[0-9]' gap.csv)" -eq 30 ] && ok || bad "gap csv rows"
expect soa-csv 0 '' -- "$ims2" export demo.ims2 --report soa --format csv -o soa.csv
[ "$(head -1 soa.csv)" = "id,title,theme,applicable,justification,status" ] && [ "$(wc -l <soa.csv)" -eq 94 ] && ok || bad "soa csv"
expect risks-csv 0 '^id,title,kind,asset,threat,vulnerability,likelihood,impact,level,' -- "$ims2" export demo.ims2 --report risks --format csv
expect rtp-csv 0 '^risk_id,risk,action,owner,due_date,status,cost,control,overdue$' -- "$ims2" export demo.ims2 --report rtp --format csv
expect dossier-csv 2 'CSV is written for the reports' -- "$ims2" export demo.ims2 --format csv
grep -q '^## 1.7 Risk assessment (and treatment)$' one.md && grep -q 'Heat map, inherent risk' one.md && grep -q 'Treatment plan progress' one.md && grep -q 'Gap analysis summary' one.md && ok || bad "dossier lacks the risk, plan or gap sections"

# A read-only workspace can still be exported.
cp demo.ims2 ro.ims2
chmod 444 ro.ims2
cp ro.ims2 ro.copy
expect export-read-only 0 '' -- "$ims2" export ro.ims2 -o ro.md
same export-read-only ro.ims2 ro.copy

# The man page lists every action of the key table (the help screen is built from it).
for action in $(sed -n 's/^\t\[ACT_[A-Z_]*\] = { "\([a-z-]*\)".*/\1/p' "$top/src/ui/keys.c"); do
	[ "$action" = none ] && continue
	grep -q -- "$action" "$top/man/ims2.1" && ok || bad "man page: action '$action' is not described"
done

echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
