"""regiondata: CBS figures per arbeidsmarktregio, from raw download to dashboard-ready tables.

Everything that is not UI lives here; this package never imports streamlit.
"""

__version__ = "0.1.0"
