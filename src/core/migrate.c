/*
 * Numbered migrations of the workspace schema.
 *
 * To add a register: append a migration here (never edit a released one), declare the
 * register in its step's screens/<step>.yaml, and run `make check`: the screen test loads
 * every screen file against the migrated schema. Once the migration is committed, run
 * `sh tests/files/make-fixture.sh N` (N: the new number of migrations) and commit
 * tests/files/fixtures/format-N.ims2.gz: `make check` exports the fixture of every format
 * ims2 has had, read-only (through an in-memory copy) and after migrating it in place, and
 * both must give the same report. The runner, and the checks a file passes before it runs
 * (exact schema of its own version, nothing written before), are in store_open.c.
 *
 * Conventions every register table follows, relied on by store.c and the screens:
 *   id  INTEGER PRIMARY KEY      (singleton forms: CHECK (id = 1))
 *   rev INTEGER NOT NULL DEFAULT 1, raised by each update (detects concurrent edits)
 *   other columns are the fields; references are INTEGER REFERENCES t(id) ON DELETE RESTRICT.
 */
#include "ims2/migrate.h"

#include <stdio.h>
#include <string.h>

#define REGISTER_COLUMNS "id INTEGER PRIMARY KEY, rev INTEGER NOT NULL DEFAULT 1"
#define SINGLETON_COLUMNS "id INTEGER PRIMARY KEY CHECK (id = 1), rev INTEGER NOT NULL DEFAULT 1"

static const char migration_1[] =
	/* Engine tables. */
	"CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
	"CREATE TABLE catalog (name TEXT PRIMARY KEY, body TEXT NOT NULL);"
	"CREATE TABLE step_state (step TEXT PRIMARY KEY,"
	" status TEXT NOT NULL DEFAULT 'not started'"
	"  CHECK (status IN ('not started', 'in progress', 'done', 'skipped')),"
	" reason TEXT, rev INTEGER NOT NULL DEFAULT 1);"
	"CREATE TABLE activity_state (step TEXT NOT NULL, activity TEXT NOT NULL,"
	" done INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1)), PRIMARY KEY (step, activity));"
	"CREATE TABLE changelog (id INTEGER PRIMARY KEY, at TEXT NOT NULL, os_user TEXT NOT NULL,"
	" tbl TEXT NOT NULL, record INTEGER, field TEXT, old TEXT, new TEXT);"
	"CREATE TABLE draft (screen TEXT NOT NULL, record INTEGER NOT NULL, saved_at TEXT NOT NULL,"
	" body TEXT NOT NULL, PRIMARY KEY (screen, record));"

	/* 1.1 Initiating the ISMS */
	"CREATE TABLE project_objective (" REGISTER_COLUMNS ","
	" objective TEXT NOT NULL, measure TEXT, due_date TEXT);"
	"CREATE TABLE project_member (" REGISTER_COLUMNS ","
	" name TEXT NOT NULL, project_role TEXT NOT NULL, job_title TEXT, availability REAL,"
	" contact TEXT);"
	"CREATE TABLE member_absence (" REGISTER_COLUMNS ","
	" member INTEGER NOT NULL REFERENCES project_member(id) ON DELETE RESTRICT,"
	" start_date TEXT NOT NULL, end_date TEXT NOT NULL, reason TEXT);"
	"CREATE TABLE milestone (" REGISTER_COLUMNS ","
	" name TEXT NOT NULL, due_date TEXT NOT NULL,"
	" owner INTEGER REFERENCES project_member(id) ON DELETE RESTRICT,"
	" status TEXT NOT NULL DEFAULT 'planned', notes TEXT);"

	/* 1.2 Understanding the organization */
	"CREATE TABLE context_issue (" REGISTER_COLUMNS ","
	" kind TEXT NOT NULL, issue TEXT NOT NULL, category TEXT, climate TEXT NOT NULL DEFAULT 'no',"
	" effect TEXT);"
	"CREATE TABLE context_summary (" SINGLETON_COLUMNS ","
	" climate_relevant TEXT, climate_rationale TEXT, summary TEXT);"
	"CREATE TABLE interested_party (" REGISTER_COLUMNS ","
	" name TEXT NOT NULL, kind TEXT NOT NULL, requirements TEXT, addressed_by TEXT,"
	" in_isms TEXT NOT NULL DEFAULT 'yes');"
	"CREATE TABLE legal_requirement (" REGISTER_COLUMNS ","
	" kind TEXT NOT NULL, title TEXT NOT NULL, source TEXT, obligation TEXT, owner TEXT,"
	" review_date TEXT);"

	/* 1.4 Leadership and project approval */
	"CREATE TABLE project_approval (" REGISTER_COLUMNS ","
	" decision TEXT NOT NULL, approver TEXT NOT NULL, decided_on TEXT NOT NULL,"
	" resources TEXT, conditions TEXT);"

	/* 1.5 Scope */
	"CREATE TABLE scope_element (" REGISTER_COLUMNS ","
	" name TEXT NOT NULL, kind TEXT NOT NULL, in_scope TEXT NOT NULL DEFAULT 'in',"
	" justification TEXT, description TEXT,"
	" CHECK (in_scope <> 'out' OR length(trim(coalesce(justification, ''))) > 0));"
	"CREATE TABLE scope_interface (" REGISTER_COLUMNS ","
	" name TEXT NOT NULL, counterpart TEXT, direction TEXT, dependency TEXT);"
	"CREATE TABLE scope_statement (" SINGLETON_COLUMNS ","
	" statement TEXT, version TEXT, approved_on TEXT);"

	/* 1.6 Information security policy */
	"CREATE TABLE security_policy (" SINGLETON_COLUMNS ","
	" statement TEXT, version TEXT, owner TEXT, approved_on TEXT, next_review TEXT);"
	"CREATE TABLE security_objective (" REGISTER_COLUMNS ","
	" objective TEXT NOT NULL, measure TEXT, target TEXT, owner TEXT, due_date TEXT,"
	" status TEXT NOT NULL DEFAULT 'open');";

/*
 * 1.3 gap analysis and 1.8 Statement of Applicability. Their rows are seeded from the
 * catalogs (workspace.c): one per requirement and control, never added or deleted by hand.
 */
static const char migration_2[] =
	"CREATE TABLE gap_item (" REGISTER_COLUMNS ","
	" item TEXT NOT NULL UNIQUE, kind TEXT NOT NULL CHECK (kind IN ('clause', 'control')),"
	" grp TEXT NOT NULL, title TEXT NOT NULL,"
	" maturity INTEGER CHECK (maturity BETWEEN 0 AND 5),"
	" target INTEGER CHECK (target BETWEEN 0 AND 5),"
	" applicable TEXT NOT NULL DEFAULT 'yes', notes TEXT, evidence TEXT, interviewee TEXT,"
	" answered_on TEXT);"
	"CREATE TABLE gap_session (" REGISTER_COLUMNS ","
	" held_on TEXT NOT NULL, interviewer TEXT NOT NULL, interviewees TEXT, topics TEXT);"
	"CREATE TABLE gap_settings (" SINGLETON_COLUMNS ","
	" default_target INTEGER NOT NULL DEFAULT 3 CHECK (default_target BETWEEN 0 AND 5),"
	" interview_at TEXT);"
	"CREATE TABLE soa_entry (" REGISTER_COLUMNS ","
	" control TEXT NOT NULL UNIQUE, theme TEXT NOT NULL, title TEXT NOT NULL,"
	" applicable TEXT NOT NULL DEFAULT 'undecided',"
	" reason_legal TEXT NOT NULL DEFAULT 'no', reason_contract TEXT NOT NULL DEFAULT 'no',"
	" reason_business TEXT NOT NULL DEFAULT 'no', justification TEXT, status TEXT,"
	" owner TEXT, evidence TEXT, documents TEXT);"
	"CREATE TABLE soa_approval (" SINGLETON_COLUMNS ","
	" version TEXT, approver TEXT, approved_on TEXT);";

/*
 * 1.7 risk assessment and treatment (and the treatment plan of 2.6). The levels of a risk are
 * derived from its likelihood and impact by the workspace's risk method (risk.c) and stored
 * beside them, so that registers sort and filter by level without recomputing.
 */
static const char migration_3[] =
	"CREATE TABLE risk_settings (" SINGLETON_COLUMNS ","
	" method TEXT NOT NULL DEFAULT '5x5', methodology TEXT,"
	" owner_may_accept TEXT, must_treat TEXT);"
	"CREATE TABLE risk_scale (" REGISTER_COLUMNS ","
	" scale TEXT NOT NULL CHECK (scale IN ('likelihood', 'impact', 'threat', 'vulnerability')),"
	" value INTEGER NOT NULL, label TEXT NOT NULL, description TEXT, UNIQUE (scale, value));"
	"CREATE TABLE asset (" REGISTER_COLUMNS ","
	" name TEXT NOT NULL, category TEXT NOT NULL, type TEXT NOT NULL, owner TEXT, location TEXT,"
	" confidentiality INTEGER, integrity INTEGER, availability INTEGER, description TEXT);"
	"CREATE TABLE asset_dependency (" REGISTER_COLUMNS ","
	" supporting INTEGER NOT NULL REFERENCES asset(id) ON DELETE RESTRICT,"
	" primary_asset INTEGER NOT NULL REFERENCES asset(id) ON DELETE RESTRICT, note TEXT);"
	"CREATE TABLE threat (" REGISTER_COLUMNS ","
	" name TEXT NOT NULL, category TEXT, affects TEXT NOT NULL DEFAULT 'CIA', description TEXT);"
	"CREATE TABLE vulnerability (" REGISTER_COLUMNS ","
	" name TEXT NOT NULL, category TEXT, description TEXT);"
	"CREATE TABLE risk (" REGISTER_COLUMNS ","
	" title TEXT NOT NULL, kind TEXT NOT NULL DEFAULT 'asset',"
	" asset INTEGER REFERENCES asset(id) ON DELETE RESTRICT,"
	" threat INTEGER REFERENCES threat(id) ON DELETE RESTRICT,"
	" vulnerability INTEGER REFERENCES vulnerability(id) ON DELETE RESTRICT,"
	" source TEXT, event TEXT, consequences TEXT,"
	" likelihood INTEGER, impact INTEGER, impact_c INTEGER, impact_i INTEGER, impact_a INTEGER,"
	" vulnerability_level INTEGER, owner TEXT, treatment TEXT, controls TEXT,"
	" residual_likelihood INTEGER, residual_impact INTEGER, reduction INTEGER,"
	" accepted_by TEXT, accepted_on TEXT, acceptance_note TEXT,"
	" status TEXT NOT NULL DEFAULT 'open',"
	" inherent_level TEXT, inherent_rank INTEGER, residual_level TEXT, residual_rank INTEGER);"
	"CREATE INDEX risk_inherent ON risk (inherent_rank, id);"
	"CREATE INDEX risk_residual ON risk (residual_rank, id);"
	"CREATE TABLE treatment_action (" REGISTER_COLUMNS ","
	" risk INTEGER NOT NULL REFERENCES risk(id) ON DELETE RESTRICT,"
	" action TEXT NOT NULL, owner TEXT, due_date TEXT, status TEXT NOT NULL DEFAULT 'planned',"
	" cost REAL, control TEXT, notes TEXT);";

/*
 * A switch of risk method keeps what the user wrote (riskswitch.c): the ratings of each risk
 * and asset under the method left, and the organisation's meaning of each scale level, so
 * that switching back gives them back. A rating edited under another method makes the kept
 * ones stale: the triggers drop them (not while a switch itself writes, marked in meta).
 * A risk accepted above what its owner may accept needs a recorded management decision.
 * A requirement of clauses 4-10 is never "not applicable" (an item already marked so by an
 * older ims2 may be put back, not kept); an Annex A control excluded in the gap analysis
 * carries its justification.
 */
/* Migration 15 drops and makes again the same trigger around an update it must let through. */
#define GAP_EXCLUSION_TRIGGER                                                                   \
	"CREATE TRIGGER gap_exclusion BEFORE UPDATE ON gap_item WHEN new.applicable = 'no'"      \
	" BEGIN SELECT CASE WHEN new.kind = 'clause' AND old.applicable <> 'no' THEN RAISE(ABORT," \
	" 'a requirement of clauses 4-10 applies to every ISMS: it cannot be marked not"          \
	" applicable') WHEN length(trim(coalesce(new.justification, ''))) = 0 THEN RAISE(ABORT,"  \
	" 'an Annex A control marked not applicable needs a justification') END; END;"
static const char migration_4[] =
	"CREATE TABLE rating_kept (tbl TEXT NOT NULL, record INTEGER NOT NULL, method TEXT NOT NULL,"
	" field TEXT NOT NULL, value, PRIMARY KEY (tbl, record, method, field));"
	"CREATE TABLE scale_text_kept (method TEXT NOT NULL, scale TEXT NOT NULL,"
	" value INTEGER NOT NULL, description TEXT, PRIMARY KEY (method, scale, value));"
	"CREATE TRIGGER risk_rating_edited AFTER UPDATE ON risk WHEN"
	" (old.likelihood IS NOT new.likelihood OR old.impact IS NOT new.impact"
	" OR old.impact_c IS NOT new.impact_c OR old.impact_i IS NOT new.impact_i"
	" OR old.impact_a IS NOT new.impact_a OR old.vulnerability_level IS NOT new.vulnerability_level"
	" OR old.residual_likelihood IS NOT new.residual_likelihood"
	" OR old.residual_impact IS NOT new.residual_impact OR old.reduction IS NOT new.reduction)"
	" AND NOT EXISTS (SELECT 1 FROM meta WHERE key = 'method_switch')"
	" BEGIN DELETE FROM rating_kept WHERE tbl = 'risk' AND record = new.id; END;"
	"CREATE TRIGGER asset_rating_edited AFTER UPDATE ON asset WHEN"
	" (old.confidentiality IS NOT new.confidentiality OR old.integrity IS NOT new.integrity"
	" OR old.availability IS NOT new.availability)"
	" AND NOT EXISTS (SELECT 1 FROM meta WHERE key = 'method_switch')"
	" BEGIN DELETE FROM rating_kept WHERE tbl = 'asset' AND record = new.id; END;"
	"CREATE TRIGGER risk_rating_deleted AFTER DELETE ON risk"
	" BEGIN DELETE FROM rating_kept WHERE tbl = 'risk' AND record = old.id; END;"
	"CREATE TRIGGER asset_rating_deleted AFTER DELETE ON asset"
	" BEGIN DELETE FROM rating_kept WHERE tbl = 'asset' AND record = old.id; END;"
	"ALTER TABLE risk ADD COLUMN decision TEXT;"
	/* 1.3: clause requirements always apply; an excluded control says why. */
	"ALTER TABLE gap_item ADD COLUMN justification TEXT;"
	GAP_EXCLUSION_TRIGGER
	"CREATE TRIGGER gap_exclusion_new BEFORE INSERT ON gap_item WHEN new.applicable = 'no'"
	" BEGIN SELECT CASE WHEN new.kind = 'clause' THEN RAISE(ABORT, 'a requirement of"
	" clauses 4-10 applies to every ISMS: it cannot be marked not applicable')"
	" WHEN length(trim(coalesce(new.justification, ''))) = 0 THEN RAISE(ABORT,"
	" 'an Annex A control marked not applicable needs a justification') END; END;";

/*
 * What a certification auditor reads (1.7, 1.8): the Annex A titles as the standard writes
 * them, controls of the SoA from other sources than Annex A, and a dated risk assessment
 * (who assessed each risk and when, and the assessment rounds of clause 8.2).
 */
#define GAP_UPDATABLE "(applicable <> 'no' OR length(trim(coalesce(justification, ''))) > 0)"
static const char migration_5[] =
	/* gap_exclusion (migration 4) refuses any update of an item excluded without a
	 * justification: such an item keeps its old title until it is justified. */
	"UPDATE gap_item SET title = 'Managing information security in the information and "
	"communication technology (ICT) supply chain' WHERE item = 'A.5.21' AND " GAP_UPDATABLE ";"
	"UPDATE soa_entry SET title = 'Managing information security in the information and "
	"communication technology (ICT) supply chain' WHERE control = 'A.5.21';"
	"UPDATE gap_item SET title = 'Privacy and protection of personal identifiable information "
	"(PII)' WHERE item = 'A.5.34' AND " GAP_UPDATABLE ";"
	"UPDATE soa_entry SET title = 'Privacy and protection of personal identifiable information "
	"(PII)' WHERE control = 'A.5.34';"
	"UPDATE gap_item SET title = 'User end point devices' WHERE item = 'A.8.1' AND "
	GAP_UPDATABLE ";"
	"UPDATE soa_entry SET title = 'User end point devices' WHERE control = 'A.8.1';"
	/* The SoA shows which controls the 2022 edition added (workspace.c seeds it since). */
	"ALTER TABLE soa_entry ADD COLUMN edition TEXT;"
	"UPDATE soa_entry SET edition = 'new' WHERE control IN ('A.5.7', 'A.5.23', 'A.5.30', "
	"'A.7.4', 'A.8.9', 'A.8.10', 'A.8.11', 'A.8.12', 'A.8.16', 'A.8.23', 'A.8.28');"
	"CREATE TABLE soa_other_control (" REGISTER_COLUMNS ","
	" control TEXT NOT NULL UNIQUE, source TEXT NOT NULL, title TEXT NOT NULL,"
	" applicable TEXT NOT NULL DEFAULT 'yes',"
	" reason_legal TEXT NOT NULL DEFAULT 'no', reason_contract TEXT NOT NULL DEFAULT 'no',"
	" reason_business TEXT NOT NULL DEFAULT 'no', justification TEXT, status TEXT,"
	" owner TEXT, evidence TEXT, documents TEXT);"
	"ALTER TABLE risk ADD COLUMN assessed_on TEXT;"
	"ALTER TABLE risk ADD COLUMN assessed_by TEXT;"
	"CREATE TABLE assessment_round (" REGISTER_COLUMNS ","
	" held_on TEXT NOT NULL, trigger TEXT NOT NULL, scope TEXT, led_by TEXT, notes TEXT);";

/*
 * Link fields (src/core/links.c): one row per link from a record's list field to an Annex A
 * control (target 'control', key 'A.5.15') or to a record of another register (target its
 * table, key the record id). The field's own column keeps the list as shown.
 * The controls of existing risks and treatment actions move here, every item kept: an item
 * that names no control of the catalog stays in the text and in record_link, where the checks
 * of steps 1.7 and 2.6 list it (screens/1.7.yaml, screens/2.6.yaml).
 * The threat and vulnerability catalogs become declared seeds, recorded in meta as done when
 * the workspace already had its risk settings (src/core/workspace.c, seed_declared()).
 */
static const char migration_6[] =
	"CREATE TABLE record_link ("
	" source TEXT NOT NULL, record INTEGER NOT NULL, field TEXT NOT NULL,"
	" target TEXT NOT NULL, target_key TEXT NOT NULL, position INTEGER NOT NULL,"
	" PRIMARY KEY (source, record, field, target_key));"
	"CREATE INDEX record_link_target ON record_link (target, target_key);"
	"INSERT OR IGNORE INTO record_link (source, record, field, target, target_key, position)"
	" WITH RECURSIVE lists (source, record, field, rest) AS ("
	"  SELECT 'risk', id, 'controls', controls FROM risk"
	"  UNION ALL SELECT 'treatment_action', id, 'control', control FROM treatment_action),"
	" split (source, record, field, rest, item, position) AS ("
	"  SELECT source, record, field,"
	"   replace(replace(replace(replace(rest, ';', ','), ' ', ','), char(9), ','), char(10), ',')"
	"   || ',', NULL, -1 FROM lists WHERE trim(coalesce(rest, '')) <> ''"
	"  UNION ALL SELECT source, record, field, substr(rest, instr(rest, ',') + 1),"
	"   substr(rest, 1, instr(rest, ',') - 1), position + 1 FROM split WHERE rest <> '')"
	" SELECT source, record, field, 'control',"
	"  'A.' || CASE WHEN upper(substr(item, 1, 2)) = 'A.' THEN substr(item, 3) ELSE item END,"
	"  position FROM split WHERE item <> '' ORDER BY source, record, position;"
	/* Declared seeds (screens/1.7.yaml) done when the risk settings were: not done again. */
	"INSERT OR IGNORE INTO meta (key, value) SELECT 'seeded.threat', 'threats.yaml'"
	" WHERE EXISTS (SELECT 1 FROM risk_settings);"
	"INSERT OR IGNORE INTO meta (key, value) SELECT 'seeded.vulnerability',"
	" 'vulnerabilities.yaml' WHERE EXISTS (SELECT 1 FROM risk_settings);";

/*
 * 2.1 Organizational strategy: the people of the organisation, to whom owner, holder, auditor,
 * trainer and attendee fields of the registers refer.
 */
static const char migration_7[] =
	"CREATE TABLE person (" REGISTER_COLUMNS ","
	" name TEXT NOT NULL, function TEXT, email TEXT,"
	" deputy INTEGER REFERENCES person(id) ON DELETE RESTRICT, notes TEXT);";

/*
 * Steps 2.4, 2.5, 2.7 and 2.8 (issue 9): communication plan and log; competences, training
 * sessions, attendance and evidence of competence; incidents with their severity scale, the
 * organisation's clock and the notification deadlines derived from it (incident.c); changes,
 * suppliers and recurring security tasks. People are refs to the people register (2.1).
 */
static const char migration_8[] =
	"CREATE TABLE comm_plan (" REGISTER_COLUMNS ","
	" subject TEXT NOT NULL, audience TEXT, sender TEXT, channel TEXT,"
	" frequency TEXT NOT NULL DEFAULT 'once', next_due TEXT,"
	" direction TEXT NOT NULL DEFAULT 'internal', evidence TEXT, notes TEXT);"
	"CREATE TABLE comm_log (" REGISTER_COLUMNS ","
	" sent_on TEXT NOT NULL, subject TEXT NOT NULL,"
	" plan INTEGER REFERENCES comm_plan(id) ON DELETE RESTRICT,"
	" audience TEXT, sender TEXT, channel TEXT, evidence TEXT);"
	"CREATE TABLE competence (" REGISTER_COLUMNS ","
	" name TEXT NOT NULL UNIQUE, roles TEXT, required_of TEXT, description TEXT);"
	"CREATE TABLE training_session (" REGISTER_COLUMNS ","
	" topic TEXT NOT NULL, kind TEXT NOT NULL DEFAULT 'awareness', held_on TEXT NOT NULL,"
	" trainer TEXT, audience TEXT, competences TEXT, material TEXT);"
	"CREATE TABLE attendance (" REGISTER_COLUMNS ","
	" person INTEGER NOT NULL REFERENCES person(id) ON DELETE RESTRICT,"
	" session INTEGER NOT NULL REFERENCES training_session(id) ON DELETE RESTRICT,"
	" result TEXT NOT NULL DEFAULT 'attended', notes TEXT);"
	"CREATE INDEX attendance_person ON attendance (person, session);"
	"CREATE TABLE competence_evidence (" REGISTER_COLUMNS ","
	" person INTEGER NOT NULL REFERENCES person(id) ON DELETE RESTRICT,"
	" competence INTEGER NOT NULL REFERENCES competence(id) ON DELETE RESTRICT,"
	" means TEXT NOT NULL DEFAULT 'training', obtained_on TEXT, evidence TEXT);"
	"CREATE TABLE incident_severity (" REGISTER_COLUMNS ","
	" name TEXT NOT NULL UNIQUE, level INTEGER NOT NULL UNIQUE, meaning TEXT, escalation TEXT);"
	"CREATE TABLE incident_settings (" SINGLETON_COLUMNS ","
	" utc_offset REAL NOT NULL DEFAULT 0, summer_time TEXT NOT NULL DEFAULT 'EU');"
	"CREATE TABLE incident (" REGISTER_COLUMNS ","
	" title TEXT NOT NULL, kind TEXT NOT NULL DEFAULT 'event',"
	" severity INTEGER REFERENCES incident_severity(id) ON DELETE RESTRICT, status TEXT,"
	" reported_at TEXT NOT NULL, reported_by TEXT, detected_at TEXT, aware_at TEXT,"
	" category TEXT NOT NULL DEFAULT 'other', assets TEXT, cia TEXT,"
	" personal_data TEXT NOT NULL DEFAULT 'no', nis2 TEXT NOT NULL DEFAULT 'no', description TEXT,"
	" assessed_at TEXT, contained_at TEXT, resolved_at TEXT, closed_at TEXT,"
	" gdpr_due TEXT, gdpr_notified_at TEXT, nis2_warning_due TEXT, nis2_warning_at TEXT,"
	" nis2_report_due TEXT, nis2_report_at TEXT, nis2_final_due TEXT, nis2_final_at TEXT,"
	" handler TEXT, risks TEXT, evidence TEXT, lessons TEXT);"
	"CREATE TABLE recurring_task (" REGISTER_COLUMNS ","
	" task TEXT NOT NULL, kind TEXT NOT NULL DEFAULT 'backup restore test',"
	" frequency TEXT NOT NULL DEFAULT 'monthly', owner TEXT, last_done TEXT, next_due TEXT,"
	" controls TEXT, evidence TEXT);"
	"CREATE TABLE change_record (" REGISTER_COLUMNS ","
	" title TEXT NOT NULL, kind TEXT NOT NULL DEFAULT 'system', requested_by TEXT,"
	" requested_on TEXT, risk_assessed TEXT NOT NULL DEFAULT 'no', assessment TEXT,"
	" approved_by TEXT, approved_on TEXT, planned_on TEXT, done_on TEXT, rollback TEXT,"
	" result TEXT, controls TEXT);"
	"CREATE TABLE supplier (" REGISTER_COLUMNS ","
	" name TEXT NOT NULL, service TEXT, criticality TEXT NOT NULL DEFAULT 'low',"
	" last_review TEXT, review_months INTEGER NOT NULL DEFAULT 12 CHECK (review_months > 0),"
	" data_access TEXT, contract_clauses TEXT NOT NULL DEFAULT 'no', owner TEXT, controls TEXT,"
	" notes TEXT);";

/*
 * Steps 2.1 to 2.3 (issue 9): ISMS roles, a RACI of ISMS activities and committees; documented
 * information with its revisions and the fixed list of what the standard requires; control
 * designs. People are refs fields to person (a TEXT list of record numbers, links in
 * record_link); a treatment action of 2.6 gains the documents that implement it.
 *
 * The free-text owner fields of earlier steps become refs fields to person. Every
 * distinct name (trimmed) becomes a person, unless one of that name exists; each field then
 * holds the record number of its person, with its link in record_link. A value is kept
 * whole, commas included, as one person. Fields: legal_requirement.owner,
 * security_policy.owner, security_objective.owner, asset.owner, risk.owner, risk.accepted_by,
 * risk.assessed_by, soa_entry.owner, treatment_action.owner.
 */
static const char migration_9[] =
	"CREATE TABLE isms_role (" REGISTER_COLUMNS ","
	" role TEXT NOT NULL UNIQUE, holder TEXT, deputy TEXT, duties TEXT, covers TEXT,"
	" conflicts TEXT, assigned_on TEXT, acknowledged TEXT NOT NULL DEFAULT 'no');"
	"CREATE TABLE raci_activity (" REGISTER_COLUMNS ","
	" activity TEXT NOT NULL, responsible TEXT, accountable TEXT, consulted TEXT, informed TEXT);"
	"CREATE TABLE committee (" REGISTER_COLUMNS ","
	" name TEXT NOT NULL, mandate TEXT, chair TEXT, members TEXT,"
	" frequency TEXT NOT NULL DEFAULT 'quarterly', last_meeting TEXT, next_meeting TEXT);"
	"CREATE TABLE document (" REGISTER_COLUMNS ","
	" reference TEXT NOT NULL UNIQUE, title TEXT NOT NULL, type TEXT NOT NULL DEFAULT 'policy',"
	" clauses TEXT, controls TEXT, owner TEXT, version TEXT,"
	" status TEXT NOT NULL DEFAULT 'draft', approved_by TEXT, approved_on TEXT,"
	" review_months INTEGER CHECK (review_months > 0), next_review TEXT, classification TEXT,"
	" location TEXT, retention TEXT, origin TEXT NOT NULL DEFAULT 'internal');"
	"CREATE TABLE document_revision (" REGISTER_COLUMNS ","
	" document INTEGER NOT NULL REFERENCES document(id) ON DELETE RESTRICT,"
	" version TEXT NOT NULL, revised_on TEXT NOT NULL, author TEXT, change TEXT, approver TEXT);"
	"CREATE TABLE required_document (" REGISTER_COLUMNS ","
	" ref TEXT NOT NULL UNIQUE, clause TEXT NOT NULL, requirement TEXT NOT NULL,"
	" provided_by TEXT, notes TEXT);"
	"CREATE TABLE control_design (" REGISTER_COLUMNS ","
	" control TEXT NOT NULL UNIQUE, design TEXT, documents TEXT, owner TEXT,"
	" status TEXT NOT NULL DEFAULT 'designed', frequency TEXT, evidence TEXT, measure TEXT);"
	"ALTER TABLE treatment_action ADD COLUMN documents TEXT;"
	/* The free-text owner fields of earlier steps become refs fields to person (2.1). */
	"INSERT INTO person (name) SELECT v FROM (SELECT DISTINCT trim(v) AS v FROM ("
	" SELECT owner AS v FROM legal_requirement"
	" UNION ALL SELECT owner AS v FROM security_policy"
	" UNION ALL SELECT owner AS v FROM security_objective"
	" UNION ALL SELECT owner AS v FROM asset"
	" UNION ALL SELECT owner AS v FROM risk"
	" UNION ALL SELECT accepted_by AS v FROM risk"
	" UNION ALL SELECT assessed_by AS v FROM risk"
	" UNION ALL SELECT owner AS v FROM soa_entry"
	" UNION ALL SELECT owner AS v FROM treatment_action"
	") WHERE trim(coalesce(v, '')) <> '')"
	" WHERE v NOT IN (SELECT name FROM person) ORDER BY v;"
	"UPDATE legal_requirement SET owner = CASE WHEN trim(coalesce(owner, '')) = '' THEN NULL ELSE"
	" (SELECT CAST(min(p.id) AS TEXT) FROM person AS p"
	" WHERE p.name = trim(legal_requirement.owner)) END;"
	"INSERT OR IGNORE INTO record_link (source, record, field, target, target_key, position)"
	" SELECT 'legal_requirement', id, 'owner', 'person', owner, 0"
	" FROM legal_requirement WHERE owner IS NOT NULL;"
	"UPDATE security_policy SET owner = CASE WHEN trim(coalesce(owner, '')) = '' THEN NULL ELSE"
	" (SELECT CAST(min(p.id) AS TEXT) FROM person AS p"
	" WHERE p.name = trim(security_policy.owner)) END;"
	"INSERT OR IGNORE INTO record_link (source, record, field, target, target_key, position)"
	" SELECT 'security_policy', id, 'owner', 'person', owner, 0"
	" FROM security_policy WHERE owner IS NOT NULL;"
	"UPDATE security_objective SET owner = CASE WHEN trim(coalesce(owner, '')) = '' THEN NULL ELSE"
	" (SELECT CAST(min(p.id) AS TEXT) FROM person AS p"
	" WHERE p.name = trim(security_objective.owner)) END;"
	"INSERT OR IGNORE INTO record_link (source, record, field, target, target_key, position)"
	" SELECT 'security_objective', id, 'owner', 'person', owner, 0"
	" FROM security_objective WHERE owner IS NOT NULL;"
	"UPDATE asset SET owner = CASE WHEN trim(coalesce(owner, '')) = '' THEN NULL ELSE"
	" (SELECT CAST(min(p.id) AS TEXT) FROM person AS p WHERE p.name = trim(asset.owner)) END;"
	"INSERT OR IGNORE INTO record_link (source, record, field, target, target_key, position)"
	" SELECT 'asset', id, 'owner', 'person', owner, 0 FROM asset WHERE owner IS NOT NULL;"
	"UPDATE risk SET owner = CASE WHEN trim(coalesce(owner, '')) = '' THEN NULL ELSE"
	" (SELECT CAST(min(p.id) AS TEXT) FROM person AS p WHERE p.name = trim(risk.owner)) END;"
	"INSERT OR IGNORE INTO record_link (source, record, field, target, target_key, position)"
	" SELECT 'risk', id, 'owner', 'person', owner, 0 FROM risk WHERE owner IS NOT NULL;"
	"UPDATE risk SET accepted_by = CASE WHEN trim(coalesce(accepted_by, '')) = '' THEN NULL ELSE"
	" (SELECT CAST(min(p.id) AS TEXT) FROM person AS p"
	" WHERE p.name = trim(risk.accepted_by)) END;"
	"INSERT OR IGNORE INTO record_link (source, record, field, target, target_key, position)"
	" SELECT 'risk', id, 'accepted_by', 'person', accepted_by, 0"
	" FROM risk WHERE accepted_by IS NOT NULL;"
	"UPDATE risk SET assessed_by = CASE WHEN trim(coalesce(assessed_by, '')) = '' THEN NULL ELSE"
	" (SELECT CAST(min(p.id) AS TEXT) FROM person AS p"
	" WHERE p.name = trim(risk.assessed_by)) END;"
	"INSERT OR IGNORE INTO record_link (source, record, field, target, target_key, position)"
	" SELECT 'risk', id, 'assessed_by', 'person', assessed_by, 0"
	" FROM risk WHERE assessed_by IS NOT NULL;"
	"UPDATE soa_entry SET owner = CASE WHEN trim(coalesce(owner, '')) = '' THEN NULL ELSE"
	" (SELECT CAST(min(p.id) AS TEXT) FROM person AS p"
	" WHERE p.name = trim(soa_entry.owner)) END;"
	"INSERT OR IGNORE INTO record_link (source, record, field, target, target_key, position)"
	" SELECT 'soa_entry', id, 'owner', 'person', owner, 0"
	" FROM soa_entry WHERE owner IS NOT NULL;"
	"UPDATE treatment_action SET owner = CASE WHEN trim(coalesce(owner, '')) = '' THEN NULL ELSE"
	" (SELECT CAST(min(p.id) AS TEXT) FROM person AS p"
	" WHERE p.name = trim(treatment_action.owner)) END;"
	"INSERT OR IGNORE INTO record_link (source, record, field, target, target_key, position)"
	" SELECT 'treatment_action', id, 'owner', 'person', owner, 0"
	" FROM treatment_action WHERE owner IS NOT NULL;";


/*
 * 3.1-3.3 the Check phase (issue 10): indicators and their measurements, the internal audit
 * programme with its audits, checklists and findings, management reviews and their decisions.
 * Owners, auditors, auditees and participants are `refs` to person (links in record_link);
 * the rules on save are hooks of src/core/indicator.c, audit.c and review.c.
 */
static const char migration_10[] =
	"CREATE TABLE indicator (" REGISTER_COLUMNS ","
	" name TEXT NOT NULL UNIQUE, level TEXT NOT NULL DEFAULT 'operational', measures TEXT,"
	" method TEXT, formula TEXT, frequency TEXT NOT NULL DEFAULT 'monthly', unit TEXT,"
	" scale_min REAL, scale_max REAL, better TEXT NOT NULL DEFAULT 'higher', target REAL,"
	" alert REAL, owner TEXT, objectives TEXT, controls TEXT, computed TEXT);"
	"CREATE TABLE measurement (" REGISTER_COLUMNS ","
	" indicator INTEGER NOT NULL REFERENCES indicator(id) ON DELETE RESTRICT,"
	" measured_on TEXT NOT NULL, value REAL NOT NULL, comment TEXT);"
	"CREATE INDEX measurement_indicator ON measurement (indicator, measured_on);"
	"CREATE TABLE audit_programme (" REGISTER_COLUMNS ","
	" name TEXT NOT NULL, starts_on TEXT NOT NULL, ends_on TEXT NOT NULL, owner TEXT,"
	" approach TEXT);"
	"CREATE TABLE audit (" REGISTER_COLUMNS ","
	" title TEXT NOT NULL UNIQUE,"
	" programme INTEGER REFERENCES audit_programme(id) ON DELETE RESTRICT,"
	" scope TEXT, criteria TEXT, auditors TEXT, auditees TEXT, planned_on TEXT, held_on TEXT,"
	" status TEXT NOT NULL DEFAULT 'planned', conclusion TEXT);"
	"CREATE TABLE audit_check (" REGISTER_COLUMNS ","
	" audit INTEGER NOT NULL REFERENCES audit(id) ON DELETE RESTRICT,"
	" item INTEGER NOT NULL REFERENCES gap_item(id) ON DELETE RESTRICT,"
	" result TEXT NOT NULL DEFAULT 'not checked', evidence TEXT, notes TEXT);"
	"CREATE TABLE audit_finding (" REGISTER_COLUMNS ","
	" finding TEXT NOT NULL, audit INTEGER NOT NULL REFERENCES audit(id) ON DELETE RESTRICT,"
	" grade TEXT NOT NULL DEFAULT 'observation', requirement TEXT NOT NULL, evidence TEXT,"
	" owner TEXT);"
	"CREATE TABLE management_review (" REGISTER_COLUMNS ","
	" title TEXT NOT NULL UNIQUE, review_date TEXT NOT NULL,"
	" status TEXT NOT NULL DEFAULT 'planned', participants TEXT, audits TEXT, minutes TEXT);"
	"CREATE TABLE review_output (" REGISTER_COLUMNS ","
	" decision TEXT NOT NULL,"
	" review INTEGER NOT NULL REFERENCES management_review(id) ON DELETE RESTRICT,"
	" kind TEXT NOT NULL DEFAULT 'improvement', owner TEXT, due_date TEXT,"
	" status TEXT NOT NULL DEFAULT 'open', done_on TEXT);";

/*
 * Act (4.1, 4.2, issue 10): nonconformities with their corrective actions, closed only once
 * found effective; improvements and lessons learned; the readiness settings (launch of the
 * ISMS, thresholds of ims2 check); the approval of the risk treatment plan (2.6); and the
 * closed PDCA cycles, kept read-only (src/core/cycle.c).
 */
static const char migration_11[] =
	"CREATE TABLE nonconformity (" REGISTER_COLUMNS ","
	" title TEXT NOT NULL, raised_on TEXT NOT NULL, grade TEXT NOT NULL DEFAULT 'minor',"
	" source_kind TEXT NOT NULL DEFAULT 'audit finding', source TEXT, requirement TEXT,"
	" description TEXT, correction TEXT, root_cause TEXT,"
	" owner INTEGER REFERENCES person(id) ON DELETE RESTRICT,"
	" status TEXT NOT NULL DEFAULT 'open', reviewed_on TEXT,"
	" reviewed_by INTEGER REFERENCES person(id) ON DELETE RESTRICT,"
	" effective TEXT, effectiveness_evidence TEXT, closed_on TEXT);"
	"CREATE TRIGGER nonconformity_closed BEFORE UPDATE ON nonconformity"
	" WHEN new.status = 'closed' AND coalesce(new.effective, '') <> 'yes'"
	" BEGIN SELECT RAISE(ABORT, 'a nonconformity is closed only once an effectiveness review"
	" found its corrective action effective (Effective: yes)'); END;"
	"CREATE TRIGGER nonconformity_closed_new BEFORE INSERT ON nonconformity"
	" WHEN new.status = 'closed' AND coalesce(new.effective, '') <> 'yes'"
	" BEGIN SELECT RAISE(ABORT, 'a nonconformity is closed only once an effectiveness review"
	" found its corrective action effective (Effective: yes)'); END;"
	"CREATE TABLE corrective_action (" REGISTER_COLUMNS ","
	" action TEXT NOT NULL,"
	" nonconformity INTEGER NOT NULL REFERENCES nonconformity(id) ON DELETE RESTRICT,"
	" owner INTEGER REFERENCES person(id) ON DELETE RESTRICT, due_date TEXT,"
	" status TEXT NOT NULL DEFAULT 'planned', done_on TEXT, notes TEXT);"
	"CREATE TABLE improvement (" REGISTER_COLUMNS ","
	" title TEXT NOT NULL, kind TEXT NOT NULL DEFAULT 'opportunity', raised_on TEXT NOT NULL,"
	" source_kind TEXT NOT NULL DEFAULT 'management review', source TEXT, proposal TEXT,"
	" benefit TEXT, owner INTEGER REFERENCES person(id) ON DELETE RESTRICT,"
	" decision TEXT NOT NULL DEFAULT 'pending', decision_reason TEXT, due_date TEXT,"
	" status TEXT NOT NULL DEFAULT 'open', result TEXT);"
	"CREATE TABLE readiness_settings (" SINGLETON_COLUMNS ","
	" launch_date TEXT, months_required INTEGER NOT NULL DEFAULT 3,"
	" blocking_grades TEXT NOT NULL DEFAULT 'major');"
	"CREATE TABLE rtp_approval (" SINGLETON_COLUMNS ","
	" version TEXT, approver INTEGER REFERENCES person(id) ON DELETE RESTRICT,"
	" approved_on TEXT);"
	"CREATE TABLE cycle (number INTEGER PRIMARY KEY, closed_on TEXT NOT NULL,"
	" closed_by TEXT NOT NULL);"
	"CREATE TABLE cycle_record (cycle INTEGER NOT NULL REFERENCES cycle(number),"
	" tbl TEXT NOT NULL, record INTEGER NOT NULL, body TEXT NOT NULL,"
	" PRIMARY KEY (cycle, tbl, record));"
	"CREATE TRIGGER cycle_kept_update BEFORE UPDATE ON cycle"
	" BEGIN SELECT RAISE(ABORT, 'a closed PDCA cycle is kept as it was'); END;"
	"CREATE TRIGGER cycle_kept_delete BEFORE DELETE ON cycle"
	" BEGIN SELECT RAISE(ABORT, 'a closed PDCA cycle is kept as it was'); END;"
	"CREATE TRIGGER cycle_record_kept_update BEFORE UPDATE ON cycle_record"
	" BEGIN SELECT RAISE(ABORT, 'a closed PDCA cycle is kept as it was'); END;"
	"CREATE TRIGGER cycle_record_kept_delete BEFORE DELETE ON cycle_record"
	" BEGIN SELECT RAISE(ABORT, 'a closed PDCA cycle is kept as it was'); END;";

/*
 * Steps 2.1-2.7, what issue 9 still lacked.
 * Competences required per role refer to the ISMS roles of 2.1 (competence.roles becomes a refs
 * field to isms_role): the people who need a competence are the holders and deputies of its
 * roles, with the people of required_of (kept, for those outside the roles). Every value is
 * kept: a text that names a role as a whole becomes that link, else each part separated by a
 * comma or semicolon does; a part that names no role becomes a new role with no holder, its
 * duties saying which competence named it (the 2.1 check "role without holder or deputy" then
 * lists it).
 * The last free-text person fields become refs fields to person, as in migration 9 (each
 * distinct trimmed name a person unless one of that name exists, its notes saying so; a value
 * kept whole): project_approval.approver, assessment_round.led_by, soa_other_control.owner,
 * soa_approval.approver.
 */
/*
 * SQL: the common table split (id, extra, rest, item, position) of the list in column field of
 * table: the whole trimmed text as one item (position 0) when the query whole lists it, else
 * each part separated by a comma or semicolon, trimmed (positions 1, 2, ...; a part may be '').
 */
#define LIST_SPLIT(table, field, whole, extra)                                                  \
	"WITH RECURSIVE split (id, " extra ", rest, item, position) AS ("                       \
	" SELECT id, " extra ", CASE WHEN trim(" field ") IN (" whole ") THEN ''"               \
	"  ELSE replace(" field ", ';', ',') || ',' END,"                                       \
	"  CASE WHEN trim(" field ") IN (" whole ") THEN trim(" field ") END, 0"                \
	" FROM " table " WHERE trim(coalesce(" field ", '')) <> ''"                             \
	" UNION ALL SELECT id, " extra ", substr(rest, instr(rest, ',') + 1),"                  \
	"  trim(substr(rest, 1, instr(rest, ',') - 1)), position + 1 FROM split WHERE rest <> '')"
#define COMPETENCE_ROLES LIST_SPLIT("competence", "roles", "SELECT role FROM isms_role", "name")
/* blank: what an empty value becomes (NULL, or '' where the column is NOT NULL). */
#define PERSON_FIELD(table, field, blank)                                                       \
	"UPDATE " table " SET " field " = CASE WHEN trim(coalesce(" field ", '')) = '' THEN " blank \
	" ELSE (SELECT CAST(min(p.id) AS TEXT) FROM person AS p"                                   \
	" WHERE p.name = trim(" table "." field ")) END;"                                          \
	"INSERT OR IGNORE INTO record_link (source, record, field, target, target_key, position)" \
	" SELECT '" table "', id, '" field "', 'person', " field ", 0 FROM " table                 \
	" WHERE coalesce(" field ", '') <> '';"
/* SQL: a person for each distinct trimmed name the query values (column v) gives, unless one
 * of that name exists, its notes saying where it came from. */
#define NEW_PEOPLE(values)                                                                      \
	"INSERT INTO person (name, notes) SELECT v, 'Added when this name, typed as text in an"   \
	" earlier version, became a person.' FROM (SELECT DISTINCT trim(v) AS v FROM ("          \
	values ") WHERE trim(coalesce(v, '')) <> '')"                                              \
	" WHERE v NOT IN (SELECT name FROM person) ORDER BY v;"
static const char migration_12[] =
	"INSERT INTO isms_role (role, duties) SELECT item,"
	" printf('Added when competences were linked to roles: the competence ''%s'' named it."
	" Give the role its duties, a holder and a deputy.', min(name))"
	" FROM (" COMPETENCE_ROLES " SELECT name, item FROM split WHERE coalesce(item, '') <> '')"
	" WHERE item NOT IN (SELECT role FROM isms_role) GROUP BY item ORDER BY item;"
	"INSERT OR IGNORE INTO record_link (source, record, field, target, target_key, position) "
	COMPETENCE_ROLES " SELECT 'competence', s.id, 'roles', 'isms_role', CAST(r.id AS TEXT),"
	" s.position FROM split AS s JOIN isms_role AS r ON r.role = s.item"
	" ORDER BY s.id, s.position;"
	"UPDATE competence SET roles = (SELECT group_concat(target_key, ', ') FROM ("
	" SELECT target_key FROM record_link WHERE source = 'competence' AND record = competence.id"
	" AND field = 'roles' ORDER BY position));"
	/* The last free-text person fields. */
	NEW_PEOPLE(" SELECT approver AS v FROM project_approval"
		   " UNION ALL SELECT led_by AS v FROM assessment_round"
		   " UNION ALL SELECT owner AS v FROM soa_other_control"
		   " UNION ALL SELECT approver AS v FROM soa_approval")
	PERSON_FIELD("project_approval", "approver", "''")
	PERSON_FIELD("assessment_round", "led_by", "NULL")
	PERSON_FIELD("soa_other_control", "owner", "NULL")
	PERSON_FIELD("soa_approval", "approver", "NULL");
#undef COMPETENCE_ROLES

/*
 * 4.1 a nonconformity linked to the record it was raised from (issue 10): an audit finding, an
 * incident, a decision of a management review or a measurement, each a `refs` field (links in
 * record_link); the text column source stays for other sources and for what was typed before.
 */
static const char migration_13[] =
	"ALTER TABLE nonconformity ADD COLUMN source_finding TEXT;"
	"ALTER TABLE nonconformity ADD COLUMN source_incident TEXT;"
	"ALTER TABLE nonconformity ADD COLUMN source_decision TEXT;"
	"ALTER TABLE nonconformity ADD COLUMN source_measurement TEXT;";

/*
 * Sub-clauses titled only "General" (6.1.1, 7.5.1, 9.2.1, 9.3.1) name their parent in the gap
 * items of workspaces made before the catalog composed their titles (src/core/catalog.c), so
 * that tables, search and reports read the same in old and new workspaces.
 */
static const char migration_14[] =
	"UPDATE gap_item SET title = CASE item"
	" WHEN '6.1.1' THEN 'Actions to address risks and opportunities: General'"
	" WHEN '7.5.1' THEN 'Documented information: General'"
	" WHEN '9.2.1' THEN 'Internal audit: General'"
	" WHEN '9.3.1' THEN 'Management review: General' END"
	" WHERE title = 'General' AND item IN ('6.1.1', '7.5.1', '9.2.1', '9.3.1');";

/*
 * The last person fields of issue 9 (steps 1.1 and 1.3) become refs fields to person, as in
 * migrations 9 and 12: project_member.name (a project member is a person, with the role and
 * time the project has of them), gap_session.interviewer, gap_item.interviewee. Every distinct
 * trimmed name becomes a person unless one of that name exists, its notes saying so; a value is
 * kept whole. A session's interviewees are a list: the whole text when it names a person (after
 * the fields above made theirs), else each part separated by a comma or semicolon, each a
 * person, in the order typed. The trigger gap_exclusion (migration 4) would refuse to update
 * an item excluded without a justification (left so by an older ims2): it is made again as it
 * was once the interviewees are people, so that no value is left behind.
 */
#define INTERVIEWEES LIST_SPLIT("gap_session", "interviewees", "SELECT name FROM person", "held_on")
static const char migration_15[] =
	NEW_PEOPLE(" SELECT name AS v FROM project_member"
		   " UNION ALL SELECT interviewer AS v FROM gap_session"
		   " UNION ALL SELECT interviewee AS v FROM gap_item")
	NEW_PEOPLE(INTERVIEWEES " SELECT item AS v FROM split")
	"INSERT OR IGNORE INTO record_link (source, record, field, target, target_key, position) "
	INTERVIEWEES " SELECT 'gap_session', s.id, 'interviewees', 'person',"
	" CAST(min(p.id) AS TEXT), s.position FROM split AS s JOIN person AS p ON p.name = s.item"
	" GROUP BY s.id, s.position ORDER BY s.id, s.position;"
	"UPDATE gap_session SET interviewees = (SELECT group_concat(target_key, ', ') FROM ("
	" SELECT target_key FROM record_link WHERE source = 'gap_session'"
	" AND record = gap_session.id AND field = 'interviewees' ORDER BY position));"
	PERSON_FIELD("project_member", "name", "''")
	PERSON_FIELD("gap_session", "interviewer", "''")
	"DROP TRIGGER gap_exclusion;"
	PERSON_FIELD("gap_item", "interviewee", "NULL")
	GAP_EXCLUSION_TRIGGER;
#undef INTERVIEWEES
#undef LIST_SPLIT
#undef NEW_PEOPLE
#undef PERSON_FIELD
#undef GAP_EXCLUSION_TRIGGER

static const char *const migrations[] = {
	migration_1,
	migration_2,
	migration_3,
	migration_4,
	migration_5,
	migration_6,
	migration_7,
	migration_8,
	migration_9,
	migration_10,
	migration_11,
	migration_12,
	migration_13,
	migration_14,
	migration_15,
};

int migrate_count(void)
{
	return (int)(sizeof(migrations) / sizeof(migrations[0]));
}

const char *migrate_sql(int version)
{
	if (version < 1 || version > migrate_count())
		return NULL;
	return migrations[version - 1];
}

bool migrate_engine_table(const char *table)
{
	/* The engine's tables; every other table is a register of a screen file. */
	static const char *const engine[] = { "meta",	   "catalog",	  "step_state",
					      "activity_state", "changelog", "draft",
					      "rating_kept",	   "scale_text_kept", "record_link",
					      "cycle",	   "cycle_record" };
	size_t i;

	for (i = 0; i < sizeof(engine) / sizeof(engine[0]); i++)
		if (strcmp(engine[i], table) == 0)
			return true;
	return false;
}
