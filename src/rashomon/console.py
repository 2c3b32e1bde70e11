"""Shared Rich consoles: results on stdout, progress and problems on stderr."""

from __future__ import annotations

from rich.console import Console

console = Console(soft_wrap=True)  # one problem, one line: never hard-wrap
err_console = Console(stderr=True, soft_wrap=True)
