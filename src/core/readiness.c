#include "ims2/readiness.h"

#include <stdlib.h>
#include <string.h>

#include "ims2/csv.h"
#include "ims2/markdown.h"
#include "ims2/required_document.h"
#include "ims2/soa.h"
#include "ims2/util.h"
#include "coreint.h"

/* The thresholds: one row of readiness_settings (screens/4.2.yaml). */
struct settings {
	char *launch_date;
	int months;
	char *blocking; /* "major" or "major, minor" */
};

/* How many items a failing prerequisite names before "and N more". */
#define NAMED_AT_MOST 5

static int read_settings(struct workspace *ws, struct settings *s, struct ims2_error *err)
{
	sqlite3_stmt *st;
	int rc;

	memset(s, 0, sizeof(*s));
	s->months = -1;
	if (sqlite3_prepare_v2(store_db(ws->store),
			       "SELECT launch_date, months_required, blocking_grades "
			       "FROM readiness_settings WHERE id = 1",
			       -1, &st, NULL) != SQLITE_OK)
		return store_read_fail(ws->store, "readiness_settings", err);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		if (sqlite3_column_text(st, 0))
			s->launch_date = xstrdup((const char *)sqlite3_column_text(st, 0));
		s->months = sqlite3_column_int(st, 1);
		s->blocking = xstrdup(sqlite3_column_text(st, 2)
					      ? (const char *)sqlite3_column_text(st, 2)
					      : "major");
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_read_fail(ws->store, "readiness_settings", err);
	return IMS2_OK;
}

static void settings_release(struct settings *s)
{
	free(s->launch_date);
	free(s->blocking);
}

/* Prepares sql with ?1 and ?2 bound to the texts a and b when they are not NULL. */
static int prepare_bound(struct workspace *ws, const char *what, const char *sql, const char *a,
			 const char *b, sqlite3_stmt **st, struct ims2_error *err)
{
	if (sqlite3_prepare_v2(store_db(ws->store), sql, -1, st, NULL) != SQLITE_OK)
		return store_read_fail(ws->store, what, err);
	if (a)
		sqlite3_bind_text(*st, 1, a, -1, SQLITE_TRANSIENT);
	if (b)
		sqlite3_bind_text(*st, 2, b, -1, SQLITE_TRANSIENT);
	return IMS2_OK;
}

/*
 * Runs sql, each row's first column one thing missing; *count is set and the first few are
 * named in *named ("'x', 'y' and 3 more").
 */
static int missing(struct workspace *ws, const char *what, const char *sql, const char *a,
		   const char *b, long long *count, struct strbuf *named, struct ims2_error *err)
{
	sqlite3_stmt *st;
	int rc;

	*count = 0;
	if ((rc = prepare_bound(ws, what, sql, a, b, &st, err)))
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*count < NAMED_AT_MOST)
			strbuf_addf(named, "%s'%s'", *count ? ", " : "",
				    (const char *)sqlite3_column_text(st, 0));
		++*count;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return store_read_fail(ws->store, what, err);
	if (*count > NAMED_AT_MOST)
		strbuf_addf(named, " and %lld more", *count - NAMED_AT_MOST);
	return IMS2_OK;
}

/* One value of a one-row query; NULL when there is none. */
static int scalar(struct workspace *ws, const char *what, const char *sql, const char *a,
		  const char *b, char **value, struct ims2_error *err)
{
	sqlite3_stmt *st;
	int rc;

	*value = NULL;
	if ((rc = prepare_bound(ws, what, sql, a, b, &st, err)))
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_text(st, 0))
		*value = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_read_fail(ws->store, what, err);
	return IMS2_OK;
}

struct judge {
	struct workspace *ws;
	const struct settings *settings;
	const char *today;
};

/* The ISMS has run for the months required since the launch date recorded in 4.2. */
static int judge_operation(const struct judge *j, struct readiness_item *it,
			   struct ims2_error *err)
{
	const struct settings *s = j->settings;
	char months[32], *since = NULL;
	int rc;

	if (s->months < 0) {
		it->detail = xstrdup("no readiness settings in the workspace (4.2 Certification "
				     "readiness)");
		return IMS2_OK;
	}
	if (!s->launch_date || !*s->launch_date) {
		it->detail = xasprintf("no launch date recorded (4.2 Certification readiness); "
				       "%d months of operation are required",
				       s->months);
		return IMS2_OK;
	}
	snprintf(months, sizeof(months), "+%d months", s->months);
	if ((rc = scalar(j->ws, "readiness_settings", "SELECT date(?1, ?2)", s->launch_date,
			 months, &since, err)))
		return rc;
	it->pass = since && strcmp(since, j->today) <= 0;
	it->detail = it->pass ? xasprintf("launched on %s; %d months of operation reached on %s",
					  s->launch_date, s->months, since)
			       : xasprintf("launched on %s; %d months of operation are reached "
					   "only on %s",
					   s->launch_date, s->months, since ? since : "?");
	free(since);
	return IMS2_OK;
}

/* The SoA complete (1.8 checks) and approved (version, approver, date). */
static int judge_soa(const struct judge *j, struct readiness_item *it, struct ims2_error *err)
{
	struct soa_finding *found;
	size_t count;
	char *approved = NULL;
	int rc;

	if ((rc = soa_check(j->ws, &found, &count, err)))
		return rc;
	free(found);
	rc = scalar(j->ws, "soa_approval",
		    "SELECT printf('version %s approved by %s on %s', version, "
		    PERSON_NAMES("soa_approval", "a", "approver") ", approved_on) FROM "
		    "soa_approval AS a WHERE coalesce(approved_on, '') <> '' AND "
		    "coalesce(approver, '') <> ''",
		    NULL, NULL, &approved, err);
	if (rc)
		return rc;
	it->pass = count == 0 && approved;
	if (it->pass)
		it->detail = xasprintf("complete; %s", approved);
	else if (count)
		it->detail = xasprintf("%zu control%s still lack%s a decision, a justification, "
				       "a reason or a status (1.8 Points to check)%s",
				       count, count == 1 ? "" : "s", count == 1 ? "s" : "",
				       approved ? "" : "; not approved");
	else
		it->detail = xstrdup("complete, but not approved (1.8 SoA approval: approver "
				     "and date)");
	free(approved);
	return IMS2_OK;
}

/*
 * The treatment plan approved (2.6) and the residual risk of every risk in it (a treatment
 * decided, not closed) accepted by its owner. A risk with no treatment decided is 1.7's point.
 */
static int judge_rtp(const struct judge *j, struct readiness_item *it, struct ims2_error *err)
{
	struct strbuf named = { 0 };
	long long count;
	char *approved = NULL;
	int rc;

	rc = scalar(j->ws, "rtp_approval",
		    "SELECT printf('approved by %s on %s', p.name, a.approved_on) FROM "
		    "rtp_approval AS a JOIN person AS p ON p.id = a.approver WHERE "
		    "coalesce(a.approved_on, '') <> ''",
		    NULL, NULL, &approved, err);
	if (!rc)
		rc = missing(j->ws, "risk",
			     "SELECT title FROM risk WHERE status <> 'closed' AND "
			     "coalesce(treatment, '') <> '' AND "
			     "(coalesce(accepted_by, '') = '' OR coalesce(accepted_on, '') = '') "
			     "ORDER BY id",
			     NULL, NULL, &count, &named, err);
	if (!rc) {
		it->pass = approved && count == 0;
		if (it->pass)
			it->detail = xasprintf("plan %s; every residual risk accepted by its owner",
					       approved);
		else if (count)
			it->detail = xasprintf("%s%s%lld residual risk%s not accepted by %s owner: %s",
					       approved ? "" : "plan not approved (2.6); ",
					       approved ? "" : "", count, count == 1 ? "" : "s",
					       count == 1 ? "its" : "their", named.buf);
		else
			it->detail = xstrdup("every residual risk accepted, but the treatment plan "
					     "is not approved (2.6 Plan approval)");
	}
	free(approved);
	strbuf_release(&named);
	return rc;
}

/* The items of 2.2's required list not met, named up to NAMED_AT_MOST (required_document.c). */
struct unmet {
	long long count, kept;
	struct strbuf named, kept_refs;
};

static int count_unmet(const struct required_document *item, void *arg)
{
	struct unmet *u = arg;

	if (item->met) {
		if (!*item->approved)
			strbuf_addf(&u->kept_refs, "%s%s", u->kept++ ? ", " : "", item->ref);
		return IMS2_OK;
	}
	if (u->count < NAMED_AT_MOST)
		strbuf_addf(&u->named, "%s'%s %s'", u->count ? ", " : "", item->ref,
			    item->requirement);
	u->count++;
	return IMS2_OK;
}

/*
 * Every item of the documented information the standard requires (2.2) is met: by an
 * approved document citing its clause, or by the ims2 register that keeps it, holding records.
 */
static int judge_documents(const struct judge *j, struct readiness_item *it,
			   struct ims2_error *err)
{
	struct unmet u = { 0, 0, { 0 }, { 0 } };
	int rc = required_document_each(j->ws, count_unmet, &u, err);

	if (rc) {
		strbuf_release(&u.named);
		strbuf_release(&u.kept_refs);
		return rc;
	}
	if (u.count > NAMED_AT_MOST)
		strbuf_addf(&u.named, " and %lld more", u.count - NAMED_AT_MOST);
	it->pass = u.count == 0;
	if (it->pass && u.kept)
		it->detail = xasprintf("every required item met by an approved document, or kept "
				       "in ims2 with records (%s; 2.2 Required documented "
				       "information)",
				       u.kept_refs.buf);
	else if (it->pass)
		it->detail = xstrdup("every required item met by an approved document");
	else
		it->detail = xasprintf("%lld required item%s with no approved document and no "
				       "records in ims2: %s",
				       u.count, u.count == 1 ? "" : "s", u.named.buf);
	strbuf_release(&u.named);
	strbuf_release(&u.kept_refs);
	return IMS2_OK;
}

/*
 * Every security objective (1.6) not dropped has a measurement dated on or before the day
 * judged, through an indicator (3.1) whose objectives field names it.
 */
static int judge_objectives(const struct judge *j, struct readiness_item *it,
			    struct ims2_error *err)
{
	struct strbuf named = { 0 };
	long long count, total = 0;
	char *n = NULL;
	int rc = missing(j->ws, "security_objective",
			 "SELECT o.objective FROM security_objective AS o WHERE o.status <> 'dropped'"
			 " AND NOT EXISTS (SELECT 1 FROM record_link AS l JOIN measurement AS m"
			 " ON m.indicator = l.record WHERE l.source = 'indicator'"
			 " AND l.field = 'objectives' AND l.target = 'security_objective'"
			 " AND l.target_key = CAST(o.id AS TEXT) AND m.measured_on <= ?1)"
			 " ORDER BY o.id",
			 j->today, NULL, &count, &named, err);

	if (!rc)
		rc = scalar(j->ws, "security_objective",
			    "SELECT count(*) FROM security_objective WHERE status <> 'dropped'", NULL,
			    NULL, &n, err);
	if (!rc) {
		total = n ? atoll(n) : 0;
		it->pass = total > 0 && count == 0;
		if (total == 0)
			it->detail = xstrdup("no security objectives recorded (1.6 Security "
					     "objectives)");
		else if (it->pass)
			it->detail = xasprintf("all %lld objective%s measured through %s indicators "
					       "(3.1)",
					       total, total == 1 ? "" : "s",
					       total == 1 ? "its" : "their");
		else
			it->detail = xasprintf("%lld of %lld objective%s without any measurement "
					       "(link an indicator of 3.1 and record its results): %s",
					       count, total, total == 1 ? "" : "s", named.buf);
	}
	free(n);
	strbuf_release(&named);
	return rc;
}

/*
 * The audits held within the current programme (the last one started by the day judged) and,
 * for each clause 4-10 requirement and applicable control, the day it was first audited.
 */
#define AUDIT_DUE_SQL                                                                         \
	"WITH prog AS (SELECT id FROM audit_programme WHERE starts_on <= ?1"                     \
	" ORDER BY starts_on DESC, id DESC LIMIT 1),"                                           \
	" due (id, item) AS (SELECT id, item FROM gap_item WHERE kind = 'clause'"               \
	" UNION ALL SELECT g.id, g.item FROM gap_item AS g JOIN soa_entry AS s"                  \
	" ON s.control = g.item WHERE g.kind = 'control' AND s.applicable = 'yes'),"            \
	" held (id, title, held_on) AS (SELECT a.id, a.title, a.held_on FROM audit AS a, prog"  \
	" WHERE a.programme = prog.id AND a.status IN ('held', 'reported')"                      \
	" AND coalesce(a.held_on, '') <> '' AND a.held_on <= ?1),"                              \
	" first (id, item, held_on) AS (SELECT d.id, d.item, (SELECT min(h.held_on) FROM held"   \
	" AS h JOIN record_link AS l ON l.source = 'audit' AND l.record = h.id"                  \
	" AND l.field = 'scope' AND l.target = 'gap_item'"                                       \
	" AND l.target_key = CAST(d.id AS TEXT)) FROM due AS d) "

/*
 * Internal audits held (3.2) that, within the current programme, cover every clause 4-10
 * requirement and applicable control between them, then a management review held (3.3) on or
 * after the day that coverage was reached, by the day judged.
 */
static int judge_audit(const struct judge *j, struct readiness_item *it, struct ims2_error *err)
{
	struct strbuf named = { 0 };
	char *programme = NULL, *audits = NULL, *covered = NULL, *review = NULL;
	long long count = 0;
	int rc;

	rc = scalar(j->ws, "audit_programme",
		    "SELECT name FROM audit_programme WHERE starts_on <= ?1"
		    " ORDER BY starts_on DESC, id DESC LIMIT 1",
		    j->today, NULL, &programme, err);
	if (!rc && programme)
		rc = missing(j->ws, "audit",
			     AUDIT_DUE_SQL "SELECT item FROM first WHERE held_on IS NULL ORDER BY id",
			     j->today, NULL, &count, &named, err);
	if (!rc && programme)
		rc = scalar(j->ws, "audit",
			    AUDIT_DUE_SQL "SELECT group_concat(printf('''%s'' held on %s', title,"
			    " held_on), ', ') FROM (SELECT * FROM held ORDER BY held_on, id)",
			    j->today, NULL, &audits, err);
	if (!rc && audits && count == 0)
		rc = scalar(j->ws, "audit", AUDIT_DUE_SQL "SELECT max(held_on) FROM first",
			    j->today, NULL, &covered, err);
	if (!rc && covered)
		rc = scalar(j->ws, "management_review",
			    "SELECT printf('''%s'' held on %s', title, review_date)"
			    " FROM management_review WHERE status = 'held' AND review_date >= ?2"
			    " AND review_date <= ?1 ORDER BY review_date, id LIMIT 1",
			    j->today, covered, &review, err);
	if (!rc) {
		it->pass = review != NULL;
		if (!programme)
			it->detail = xasprintf("no audit programme started by %s (3.2 Audit "
					       "programme)",
					       j->today);
		else if (!audits)
			it->detail = xasprintf("no audit of programme '%s' held by %s", programme,
					       j->today);
		else if (count)
			it->detail = xasprintf("audits of programme '%s' held: %s; %lld requirement%s "
					       "and applicable control%s not audited: %s",
					       programme, audits, count, count == 1 ? "" : "s",
					       count == 1 ? "" : "s", named.buf);
		else if (!review)
			it->detail = xasprintf("every requirement and applicable control audited "
					       "by %s (%s), but no management review held since, "
					       "by %s (3.3)",
					       covered, audits, j->today);
		else
			it->detail = xasprintf("every requirement and applicable control audited "
					       "by %s (%s); management review %s",
					       covered, audits, review);
	}
	free(programme);
	free(audits);
	free(covered);
	free(review);
	strbuf_release(&named);
	return rc;
}

/* Every open nonconformity of a blocking grade has a corrective action plan (4.1). */
static int judge_nonconformities(const struct judge *j, struct readiness_item *it,
				 struct ims2_error *err)
{
	struct strbuf named = { 0 };
	long long count;
	int rc = missing(j->ws, "nonconformity",
			 "SELECT n.title FROM nonconformity AS n WHERE n.status <> 'closed' AND "
			 "instr(', ' || ?1 || ',', ', ' || n.grade || ',') > 0 AND NOT EXISTS "
			 "(SELECT 1 FROM corrective_action AS c WHERE c.nonconformity = n.id) "
			 "ORDER BY n.id",
			 j->settings->blocking ? j->settings->blocking : "major", NULL, &count,
			 &named, err);

	if (rc)
		return rc;
	it->pass = count == 0;
	it->detail = it->pass ? xasprintf("every open nonconformity graded %s has a corrective "
					  "action plan",
					  j->settings->blocking ? j->settings->blocking : "major")
			      : xasprintf("%lld nonconformit%s graded %s without corrective action: "
					  "%s",
					  count, count == 1 ? "y" : "ies",
					  j->settings->blocking ? j->settings->blocking : "major",
					  named.buf);
	strbuf_release(&named);
	return IMS2_OK;
}

/*
 * The prerequisites, in the order a stage 1 auditor reads them. To add one: write its judge
 * (pass, and the evidence or what is missing) and add a row; thresholds come from settings.
 */
static const struct rule {
	const char *id, *title, *label;
	int (*judge)(const struct judge *j, struct readiness_item *it, struct ims2_error *err);
} rules[] = {
	{ "operation", "The ISMS has been in operation long enough", "Months in operation",
	  judge_operation },
	{ "documents", "Every mandatory documented information item is approved",
	  "Documents approved", judge_documents },
	{ "soa", "The Statement of Applicability is complete and approved", "SoA approved",
	  judge_soa },
	{ "rtp", "The risk treatment plan is approved and residual risks accepted",
	  "Treatment plan approved", judge_rtp },
	{ "objectives", "Every information security objective has measurements",
	  "Objectives measured", judge_objectives },
	{ "audit", "A full internal audit was held, followed by a management review",
	  "Audit and review", judge_audit },
	{ "nonconformities", "Every blocking nonconformity has a corrective action plan",
	  "Nonconformities planned", judge_nonconformities },
};
#define RULE_COUNT (sizeof(rules) / sizeof(rules[0]))

int readiness_assess(struct workspace *ws, struct readiness *out, struct ims2_error *err)
{
	char now[32];

	store_now(now);
	now[10] = '\0';
	return readiness_assess_at(ws, now, out, err);
}

int readiness_assess_at(struct workspace *ws, const char *date, struct readiness *out,
			struct ims2_error *err)
{
	struct settings s;
	struct judge j = { ws, &s, out->today };
	size_t i;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!util_valid_date(date))
		return error_set(err, IMS2_USAGE, "'%s' is not a date (YYYY-MM-DD)", date);
	memcpy(out->today, date, 10);
	out->today[10] = '\0';
	if ((rc = read_settings(ws, &s, err)))
		return rc;
	if (s.months >= 0)
		out->thresholds = xasprintf("launch date %s, %d months of operation required, "
					    "nonconformities that block: %s",
					    s.launch_date && *s.launch_date ? s.launch_date
									  : "not recorded",
					    s.months, s.blocking);
	out->items = xcalloc(RULE_COUNT, sizeof(*out->items));
	for (i = 0; i < RULE_COUNT && !rc; i++) {
		struct readiness_item *it = &out->items[out->count++];
		it->id = rules[i].id;
		it->title = rules[i].title;
		it->label = rules[i].label;
		rc = rules[i].judge(&j, it, err);
		if (!rc && !it->pass)
			out->failed++;
	}
	settings_release(&s);
	return rc;
}

void readiness_release(struct readiness *r)
{
	size_t i;

	for (i = 0; i < r->count; i++)
		free(r->items[i].detail);
	free(r->items);
	free(r->thresholds);
	memset(r, 0, sizeof(*r));
}

int report_readiness_md(struct workspace *ws, const char *heading, FILE *out,
			struct ims2_error *err)
{
	static const char *const head[] = { "Prerequisite", "Result", "Evidence or what is missing" };
	struct readiness r;
	struct strbuf sb = { 0 };
	size_t i;
	int rc = readiness_assess(ws, &r, err);

	if (rc) {
		readiness_release(&r);
		return rc;
	}
	fprintf(out, "%s Certification readiness\n\n", heading);
	if (r.failed)
		fprintf(out, "As of %s: **not ready**, %zu of %zu prerequisites not met.\n\n",
			r.today, r.failed, r.count);
	else
		fprintf(out, "As of %s: **ready** for the stage 1 audit, all %zu prerequisites "
			     "met.\n\n",
			r.today, r.count);
	if (r.thresholds) {
		strbuf_adds(&sb, "Settings (4.2 Certification readiness): ");
		md_text(&sb, r.thresholds);
		strbuf_adds(&sb, ".\n\n");
		fputs(sb.buf, out);
	}
	md_table_head(out, head, 3);
	for (i = 0; i < r.count; i++) {
		const char *cells[3] = { r.items[i].title, r.items[i].pass ? "pass" : "FAIL",
					 r.items[i].detail };
		md_row(out, cells, 3);
	}
	fputs("\n", out);
	if (r.failed) {
		fprintf(out, "%s# Before the stage 1 audit\n\n", heading);
		for (i = 0; i < r.count; i++) {
			if (r.items[i].pass)
				continue;
			strbuf_reset(&sb);
			strbuf_adds(&sb, "- ");
			md_text(&sb, r.items[i].title);
			strbuf_adds(&sb, ": ");
			md_text(&sb, r.items[i].detail);
			strbuf_adds(&sb, ".\n");
			fputs(sb.buf, out);
		}
		fputs("\n", out);
	}
	strbuf_release(&sb);
	readiness_release(&r);
	return IMS2_OK;
}

int report_readiness_csv(struct workspace *ws, FILE *out, struct ims2_error *err)
{
	static const char *const head[] = { "id", "prerequisite", "result", "detail", "as_of" };
	struct readiness r;
	size_t i;
	int rc = readiness_assess(ws, &r, err);

	if (!rc) {
		csv_row(out, head, 5);
		for (i = 0; i < r.count; i++) {
			const char *cells[5] = { r.items[i].id, r.items[i].title,
						 r.items[i].pass ? "pass" : "fail", r.items[i].detail,
						 r.today };
			csv_row(out, cells, 5);
		}
	}
	readiness_release(&r);
	return rc;
}
