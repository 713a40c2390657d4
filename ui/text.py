"""Showing user text safely: escaped so Streamlit's Markdown renders it literally."""

from __future__ import annotations

from regiondata.meeting.agenda.export import escape_markdown


def md(text: str) -> str:
    """Escape user text for ``st.markdown``: shown literally, line breaks kept.

    On top of Markdown escaping this escapes ``$`` (Streamlit renders LaTeX) and ``:``
    (Streamlit's ``:red[…]``, ``:material/…:`` and emoji short codes).
    """
    escaped = escape_markdown(text).replace("$", "\\$").replace(":", "\\:")
    # Streamlit's Markdown turns bare URLs into links even when escaped; a word joiner (invisible)
    # after the scheme or "www" keeps user text literal.
    escaped = escaped.replace("//", "/\u2060/").replace("www.", "www\u2060.")
    return "  \n".join(escaped.split("\n"))


def md_inline(text: str) -> str:
    """Like :func:`md`, on one line (for headings, labels and list items)."""
    return md(" ".join(text.split()))


def safe_markdown(text: str) -> str:
    """User text as Markdown with emphasis, lists and line breaks, but nothing that fetches or runs.

    Raw HTML shows literally (``<`` escaped), links and images show as their text (square
    brackets escaped, so ``![x](http://…)`` never loads anything), bare URLs stay unlinked, and
    Streamlit's own extensions (LaTeX with ``$``, ``:material/…:``, ``:red[…]``) stay literal.
    """
    escaped = (
        text.replace("\\", "\\\\")
        .replace("<", "&lt;")
        .replace("[", "\\[")
        .replace("]", "\\]")
        .replace("$", "\\$")
        .replace(":", "\\:")
        .replace("//", "/\u2060/")
        .replace("www.", "www\u2060.")
    )
    return "  \n".join(escaped.split("\n"))
