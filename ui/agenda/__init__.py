"""The guided agenda page's Streamlit UI, one module per part of the page.

In the order a user meets them on the page:

- ``picker``: the agenda list (open, duplicate, delete) and the form to start a new agenda
- ``header``: the way back, the title and the status slot above the steps; name, region and
  participants below them
- ``navigation``: the step selector with progress marks, "Vorige"/"Volgende", the chosen view
- ``steps``: the five steps of the stappenplan, each under its guidance
- ``toets``: the aantrekkelijkheidstoets, evaluated and shown as a checklist
- ``readout``: the whole agenda in large type for the end of a meeting; Word and Markdown downloads
- ``versions``: earlier versions, each restorable as a new version
- ``status``: the save status, and the conflict when someone else saved meanwhile

and what they share:

- ``state``: the session keys, the agenda store, the working copy and the one save path (``commit``)
- ``fields``: the inputs that save themselves: text fields and the editable tables (partners,
  first steps, monitoring)
- ``formatting``: Dutch times, numbers and targets, table cells (pure functions, no widgets)

Imports run one way: the parts of the page use ``fields``, ``state`` and ``formatting``, never
the reverse; ``navigation`` draws ``steps``, ``toets`` and ``readout``; ``readout`` and ``header``
borrow the fact block, its style and the bridges from ``steps``. Nothing here imports a page.

User text is never rendered as HTML: Markdown gets :func:`ui.text.md` (every markup character
escaped); the network picture comes from ``regiondata.charts.network.network_graph``, which
escapes names.
"""
