"""The content library section: browser, lazy list model, facets, detail pane, dialogs."""
