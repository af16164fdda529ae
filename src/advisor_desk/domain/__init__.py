"""Pure billing rules (stdlib + Babel only); see docs/domain-api.md.

Import from the modules: errors, money, periods, licenses, billing_model, agreement, charges,
documents, numbering.
"""
