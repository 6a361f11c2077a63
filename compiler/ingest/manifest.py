"""The manifest: what is known about the pages of one folder (manifest.yaml next to them)."""
from __future__ import annotations

import functools
import re
import stat as stat_mode
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from compiler.errors import ManifestError
from compiler.guard.limits import MANIFEST_MAX_BYTES
from compiler.ingest.dates import out_of_range
from compiler.knowledge.datafile import load_yaml

MANIFEST_NAMES = frozenset({"manifest.yaml", "manifest.yml"})
_PERIOD = re.compile(r"^\d{4}(?:-(?:0[1-9]|1[0-2]))?$")


class ManifestEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    issue_date: date | None = None
    # What is known of the date when the day is not: "2023-06" or "2025".
    issue_period: str | None = None
    paper: str | None = None  # the paper's name as it prints it: 浙江工人日报
    page_no: int | None = Field(None, ge=1)  # 版次: 2 for 第2版
    page_name: str | None = None
    # Where the knowledge comes from (a sentence of the page), for the reader of the manifest.
    note: str | None = None

    @field_validator("issue_period", mode="before")
    @classmethod
    def _period(cls, value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)  # `issue_period: 2025` unquoted in YAML
        if isinstance(value, str) and not _PERIOD.match(value):
            raise ValueError(f"出版时间应写作年份或年月，如 2025 或 2023-06（现为 {value!r}）")
        return value

    @field_validator("issue_date")
    @classmethod
    def _sane_date(cls, value: date | None) -> date | None:
        problem = out_of_range(value.year) if value is not None else None
        if problem and value is not None:
            raise ValueError(f"出版日期 {value.isoformat()} 的{problem}")
        return value

    @field_validator("issue_period")
    @classmethod
    def _sane_period(cls, value: str | None) -> str | None:
        problem = out_of_range(int(value[:4])) if value is not None else None
        if problem:
            raise ValueError(f"出版时间 {value} 的{problem}")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> ManifestEntry:
        if self.issue_date and self.issue_period:
            if not self.issue_date.isoformat().startswith(self.issue_period):
                raise ValueError(
                    f"issue_date {self.issue_date.isoformat()} 不在 issue_period "
                    f"{self.issue_period} 之内"
                )
        return self


class Manifest(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    # File name (or path relative to the manifest's folder) -> what is known about that page.
    pages: dict[str, ManifestEntry] = Field(default_factory=dict)
    _folder: Path | None = PrivateAttr(default=None)

    def entry_for(self, path: Path) -> ManifestEntry | None:
        if self._folder is not None:
            try:
                relative = Path(path).resolve().relative_to(self._folder).as_posix()
            except ValueError:
                relative = None
            if relative is not None and relative in self.pages:
                return self.pages[relative]
        return self.pages.get(Path(path).name)


def load_manifest(path: Path) -> Manifest:
    """Read and validate a manifest; raises ManifestError (a UserError) naming file and key."""
    path = Path(path)
    manifest = load_yaml(path, Manifest, ManifestError, empty={}, max_bytes=MANIFEST_MAX_BYTES)
    manifest._folder = path.resolve().parent
    return manifest


def find_manifest(path: Path) -> Manifest | None:
    """The manifest.yaml in the folder of `path` (a file), if there is one."""
    for name in sorted(MANIFEST_NAMES):
        candidate = Path(path).parent / name
        try:
            stat = candidate.stat()
        except OSError:
            continue
        if not stat_mode.S_ISREG(stat.st_mode):
            continue  # a FIFO or device: never opened (the folder walk warns about it)
        return _load_cached(str(candidate.resolve()), stat.st_mtime_ns, stat.st_size)
    return None


@functools.lru_cache(maxsize=32)
def _load_cached(path: str, mtime_ns: int, size: int) -> Manifest:
    # Keyed on mtime and size so a folder of many pages parses its manifest once per change.
    return load_manifest(Path(path))
