/*
 * The one table of register behaviour (see include/ims2/registry.h).
 *
 * To give a register behaviour of its own: write the hook in a file named after the register
 * or feature, declare it in that file's header, and add a row below. Keep rows in step order.
 * A register without a row is plain: validated, saved and reported from its screen file.
 */
#include "ims2/registry.h"

#include <string.h>

#include "ims2/audit.h"
#include "ims2/controldesign.h"
#include "ims2/document.h"
#include "ims2/gap.h"
#include "ims2/incident.h"
#include "ims2/indicator.h"
#include "ims2/readiness.h"
#include "ims2/report.h"
#include "ims2/review.h"
#include "ims2/riskreg.h"
#include "ims2/soa.h"

static const struct register_hooks registry[] = {
	/* 1.3 gap analysis: one item per requirement and control; the report with its charts. */
	{ .table = "gap_item", .report_md = report_gap_md, .seed = gap_seed },
	/* 1.3 interview sessions: listed by the gap report above, no section of their own. */
	{ .table = "gap_session", .report_md = report_shown_elsewhere_md },
	/* 1.7 assets: C, I, A on the method's impact scale. */
	{ .table = "asset", .derive = riskreg_derive_asset },
	/* 1.7 scales and assessment rounds: in the risks report's section. */
	{ .table = "risk_scale", .report_md = report_shown_elsewhere_md },
	{ .table = "assessment_round", .report_md = report_shown_elsewhere_md },
	/* 1.7 risks: levels derived from the method, the risk report with its heat maps. */
	{ .table = "risk", .derive = riskreg_derive_risk, .report_md = report_risks_md },
	/* 1.7 acceptance criteria: levels of the method, stored as labels; the default method. */
	{ .table = "risk_settings", .derive = riskreg_derive_criteria, .seed = riskreg_seed_default },
	/* 1.8 one entry per control, its status from its design in 2.3 when it has one; the
	 * SoA with the records that cite each control. */
	{ .table = "soa_entry",
	  .derive = control_design_derive_soa,
	  .report_md = report_soa_md,
	  .seed = soa_seed },
	/* 1.8 controls from other sources: never the id of an Annex A control. */
	{ .table = "soa_other_control", .derive = soa_derive_other,
	  .report_md = report_shown_elsewhere_md }, /* in the SoA's section */
	/* 2.2 documents: the next review from the approval date and the interval. */
	{ .table = "document", .derive = document_derive },
	/* 2.2 required documented information: with the approved documents that meet each. */
	{ .table = "required_document", .report_md = report_required_documents_md },
	/* 2.3 control designs: one control each; its SoA status follows from the design. */
	{ .table = "control_design", .derive = control_design_derive },
	/* 2.6 the risk treatment plan with its progress. */
	{ .table = "treatment_action", .report_md = report_rtp_md },
	/* 2.7 incidents: times checked, the timeline in order, status and deadlines derived; the
	 * report with the deadlines met or missed. */
	{ .table = "incident", .derive = incident_derive, .report_md = report_incident_md },
	/*
	 * 3.1 indicators on their own scale, measurements on their indicator's scale; the
	 * indicators' section is the dashboard, with every measurement.
	 */
	{ .table = "indicator", .derive = indicator_derive, .report_md = indicator_dashboard_md },
	{ .table = "measurement", .derive = indicator_derive_measurement,
	  .report_md = report_shown_elsewhere_md, .locked = indicator_measurement_locked,
	  .computes = indicator_measurement_computes,
	  .settle = indicator_settle_measurements },
	/*
	 * 3.2 a programme of at most three years; no auditor among an audit's auditees; the
	 * programme's section is the audit report, with the audits, checklists and findings.
	 */
	{ .table = "audit_programme", .derive = audit_derive_programme, .report_md = audit_report_md },
	{ .table = "audit", .derive = audit_derive, .report_md = report_shown_elsewhere_md },
	{ .table = "audit_check", .report_md = report_shown_elsewhere_md },
	{ .table = "audit_finding", .report_md = report_shown_elsewhere_md },
	/* 3.3 reviews not dated before their audits; the review pack with the 9.3.2 inputs. */
	{ .table = "management_review", .derive = review_derive, .report_md = review_report_md },
	{ .table = "review_output", .report_md = report_shown_elsewhere_md },
	/* 4.1 each nonconformity with its corrective actions and effectiveness review. */
	{ .table = "nonconformity", .report_md = report_nc_md },
	{ .table = "corrective_action", .report_md = report_shown_elsewhere_md },
	/* 4.2 readiness settings: shown as the readiness verdict they set the thresholds of. */
	{ .table = "readiness_settings", .report_md = report_readiness_md },
};

const struct register_hooks *registry_find(const char *table)
{
	size_t i;

	for (i = 0; i < sizeof(registry) / sizeof(registry[0]); i++)
		if (strcmp(registry[i].table, table) == 0)
			return &registry[i];
	return NULL;
}

const struct register_hooks *registry_all(size_t *count)
{
	*count = sizeof(registry) / sizeof(registry[0]);
	return registry;
}
