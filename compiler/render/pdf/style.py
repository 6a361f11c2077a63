"""The schema of report_templates/pdf_style.yaml (validated on load, unknown keys refused)."""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

Colour = str


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FontEntry(_Strict):
    path: str
    subfont: int = Field(0, ge=0)  # face index inside a .ttc collection


class Margins(_Strict):
    top: float = Field(gt=0)
    bottom: float = Field(gt=0)
    left: float = Field(gt=0)
    right: float = Field(gt=0)


class PageStyle(_Strict):
    margin_mm: Margins


class Sizes(_Strict):
    cover_title: float = Field(gt=0)
    cover_subtitle: float = Field(gt=0)
    cover_text: float = Field(gt=0)
    heading: float = Field(gt=0)
    item_title: float = Field(gt=0)
    body: float = Field(gt=0)
    small: float = Field(gt=0)
    table: float = Field(gt=0)
    header_footer: float = Field(gt=0)


_HEX = r"^#[0-9A-Fa-f]{6}$"


class Colours(_Strict):
    accent: Colour = Field(pattern=_HEX)
    text: Colour = Field(pattern=_HEX)
    muted: Colour = Field(pattern=_HEX)
    table_header: Colour = Field(pattern=_HEX)
    table_total: Colour = Field(pattern=_HEX)
    grid: Colour = Field(pattern=_HEX)


class ChartStyle(_Strict):
    bar_height_mm: float = Field(gt=0)
    max_height_mm: float = Field(gt=0)


class PdfStyle(_Strict):
    fonts: list[FontEntry | str] = Field(default_factory=list)  # the body text's
    heading_fonts: list[FontEntry | str] = Field(default_factory=list)  # titles and headings
    page: PageStyle
    sizes: Sizes
    leading: float = Field(gt=0.8, le=3)
    colors: Colours
    chart: ChartStyle

    def font_candidates(self) -> list[tuple[str, int]]:
        return _candidates(self.fonts)

    def heading_font_candidates(self) -> list[tuple[str, int]]:
        return _candidates(self.heading_fonts)


def _candidates(fonts: list[FontEntry | str]) -> list[tuple[str, int]]:
    return [(f, 0) if isinstance(f, str) else (f.path, f.subfont) for f in fonts]
