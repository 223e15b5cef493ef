"""The periodic reports the dealer policies ask for: the follow-up and complaint rates per month or week, per
dealer or member of staff, each against its target with its citation, the counts behind it, the open and
overdue items and the change against the previous period; as a table, CSV, XLSX, JSON or a self-contained HTML
page with charts.

It lives here, beside batch and the catalogue, because it combines two domains: the complaint rates come from
complaint decisions (adjudicator.complaints), their targets and the follow-up rates from the revisit policy
(adjudicator.followup). The import contract lets only this layer see both; the domains stay independent.
"""
