"""The guided agenda page's Streamlit UI, one module per part of the page.

- ``state``: the session keys, the agenda store, the working copy and the one save path (``commit``)
- ``picker``: the agenda list (open, duplicate, delete) and the form to start a new agenda
- ``status``: the save status and the conflict when someone else saved meanwhile
- ``versions``: earlier versions, each restorable as a new version
- ``steps``: the five steps of the stappenplan, each under its guidance
- ``toets``: the aantrekkelijkheidstoets, evaluated and shown as a checklist
- ``readout``: the whole agenda in large type for the end of a meeting; Word and Markdown downloads
- ``fields``: the inputs that save themselves: text fields and the editable tables (partners,
  first steps, monitoring)
- ``formatting``: Dutch times, numbers and targets, table cells (pure functions, no widgets)

User text is never rendered as HTML: Markdown gets :func:`ui.text.md` (every markup character
escaped); the network picture comes from ``regiondata.charts.figures.network_graph``, which
escapes names.
"""
