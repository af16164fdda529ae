"""PDF reports of business development (reportlab): a risk review's report and an
assessment's, with the partner's branding. Like invoices, the bytes depend only on the data
(invariant mode: no timestamps, fixed ids), so the same review gives the same file.

Modules: `layout` (page, styles, branding, tables), `charts` (the 5×5 heat map, bars),
`review`, `assessment`.
"""
