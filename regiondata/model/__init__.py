"""What the dashboard says about the data: analysis (sentences, quadrants, similarity), view
models, URL parameters, the export and the provenance of every download."""
