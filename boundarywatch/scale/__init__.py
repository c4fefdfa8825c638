"""Screening at scale: message stores split into per-thread documents, and the PySpark job.

``boundarywatch.scale.spark`` imports PySpark lazily (the ``[spark]`` extra); :mod:`.threads` needs nothing extra.
"""

from boundarywatch.scale.threads import finding_row, scan_message_files, split_by_thread

__all__ = ["finding_row", "scan_message_files", "split_by_thread"]
