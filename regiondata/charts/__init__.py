"""Plotly figure builders: one module per chart family, shared style helpers once.

Every builder returns a :class:`~regiondata.charts.style.Chart` (figure, table, title, notes) in one
visual language. The modules import one way, from the foundation up:

- ``colors``: the palette, colour arithmetic, how an indicator's values map to colours
- ``text``: escaping, wrapping, Dutch numbers, hover text, a list of notes without repeats
- ``labels``: how an indicator is worded: values with unit, headers, axis titles, periods, notes
- ``tables``: column checks, rounding as shown, the table alternative of a map
- ``style``: the ``Chart`` result, sizes, the plain look, title/footer/margins, Plotly's config
- ``geo``: GeoJSON helpers (rewinding for Plotly, subsetting, label centres)
- ``bivariate``: what both bivariate maps share (classes, hover, table, notes, the 3×3 legend)
- chart families: ``maps`` (choropleth, bivariate choropleth), ``tilemap`` (with its colour bar
  in ``tilelegend``), ``trends`` (index lines, region against NL), ``multiples`` (small
  multiples), ``quadrant``, ``ranking`` and ``network`` (the agenda's partner picture)
"""
