"""Business development in the window (business-development.md): prospects, risk reviews
(builder, interview mode, results with the heat map), the client's risk register tab and
assessments (send with a preview, status, results with a chart).

Modules: `heatmap`, `queries` (read-only look-ups built of services/bizdev), `compose`,
`builder`, `interview`, `results`, `register`, `risk_dialog`, `send_dialog`, `assessments`,
`prospects`, `window`.
"""
