from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """What an uploaded table may be. Callers pass their own (e.g. from settings)."""

    max_bytes: int = 50 * 1024 * 1024
    max_rows: int = 1_000_000
    max_columns: int = 60
    # Zip containers (xlsx, ods): declared uncompressed total, per-entry ratio and entry count.
    max_uncompressed_bytes: int = 1536 * 1024 * 1024
    max_ratio: int = 100
    max_entries: int = 5_000
    # Address-space cap of the parsing child process (RLIMIT_AS).
    child_memory_bytes: int = 2048 * 1024 * 1024
    child_timeout_seconds: int = 600
