"""Everything parsing is driven by, loaded once per run from one schemas folder."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from compiler.knowledge.gazetteer import Gazetteer, load_gazetteer
from compiler.knowledge.resources import schemas_dir
from compiler.knowledge.schemas import Schemas, load_schemas


def schema_file(folder: Path | None, name: str) -> Path:
    """A rules file of the user's --schemas folder, or the built-in one where the folder has none
    (a user folder may hold only the rules it changes, besides the four required files)."""
    if folder is not None and (Path(folder) / name).exists():
        return Path(folder) / name
    return schemas_dir() / name


@dataclass(frozen=True)
class Knowledge:
    """The loaded rules and gazetteer, and the folder they came from (None: the built-in one)."""

    schemas: Schemas
    gazetteer: Gazetteer
    folder: Path | None = None

    @classmethod
    def load(cls, folder: Path | None = None, home_province: str = "浙江省") -> Knowledge:
        return cls(load_schemas(folder),
                   load_gazetteer(schema_file(folder, "gazetteer.yaml"), home_province), folder)
