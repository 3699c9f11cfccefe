/*
 * SQL expressions shared by the reports of the Check phase (report_review.c, report_audit.c):
 * the labels of a record's refs field, read from record_link. Their own aliases (lnk, ppl,
 * itm) must not be used by the query around them.
 */
#ifndef IMS2_CHECKSQL_H
#define IMS2_CHECKSQL_H

/* The names of the people a refs field of a record links to: an SQL expression. */
#define PEOPLE(source, record, field)                                                              \
	"(SELECT group_concat(name, ', ') FROM (SELECT ppl.name FROM record_link AS lnk"           \
	" JOIN person AS ppl ON ppl.id = CAST(lnk.target_key AS INTEGER) WHERE lnk.source = "      \
	"'" source "' AND lnk.record = " record " AND lnk.field = '" field "'"                     \
	" ORDER BY lnk.position))"

/* The clauses and controls (gap items) a refs field of a record links to: an SQL expression. */
#define ITEMS(source, record, field)                                                               \
	"coalesce((SELECT group_concat(item, ', ') FROM (SELECT itm.item FROM record_link AS lnk"  \
	" JOIN gap_item AS itm ON itm.id = CAST(lnk.target_key AS INTEGER) WHERE lnk.source = "    \
	"'" source "' AND lnk.record = " record " AND lnk.field = '" field "'"                     \
	" ORDER BY lnk.position)), '')"

#endif
