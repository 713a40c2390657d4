"""Plotly figure builders: one module per chart family, shared style helpers once."""
