"""The hub (issue 19): every client at a glance, risk across clients and the business, as
the partner home's lower half.

- `model.py`: the lazy table model (pages pulled from SQL as the view scrolls);
- `heatmap.py`: the 5×5 heat map;
- `charts.py`: twelve months in QtCharts;
- `view.py`: the filters, tabs, export and the background loading.
"""
