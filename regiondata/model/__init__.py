"""What the dashboard says about the data: periods and changes, quadrants, similar regions,
sentences and members; view models, URL parameters, the export and the provenance of every
download."""
