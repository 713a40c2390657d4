"""Domain errors. Each message is Dutch and tells a policy advisor what happened and what to do."""

from __future__ import annotations


class RegionDataError(Exception):
    """Base of every error this package raises on purpose; ``str(err)`` is the Dutch message."""

    @property
    def message(self) -> str:
        """The Dutch message, for the UI to show as is."""
        return str(self)


class DataUnavailableError(RegionDataError):
    """CBS (or a local file) could not deliver the data: down, timed out, empty or unreadable."""


class SchemaChangedError(RegionDataError):
    """A CBS table no longer has the shape we rely on (a measure, dimension or category is gone)."""


class BadInputError(RegionDataError):
    """Input from a user or URL that we cannot use (unknown region, malformed parameter, file)."""


class SnapshotError(DataUnavailableError):
    """A local snapshot is missing, half-written or corrupt."""


class SnapshotWriteError(SnapshotError):
    """A new snapshot could not be written (disk full, quota, read-only, no permission).

    Raised before ``CURRENT`` moves: the previous snapshot stays in use, byte for byte.
    """
