"""python-docx and docxtpl internals the Word briefing relies on (python-docx 1.2.0, docxtpl 0.20.2).

A briefing is written from a template read once per process, with the parts it never changes
kept as bytes: python-docx's public Document() and save() always unzip, parse, re-serialise and
zip every part, so the package is read and written here with its own reader and writer.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import IO, Any

from docx.opc.package import Unmarshaller
from docx.opc.part import Part, PartFactory
from docx.opc.pkgreader import PackageReader
from docx.opc.pkgwriter import PackageWriter
from docx.package import Package
from docxtpl import DocxTemplate

PINNED_DOCX = "1.2.0"
PINNED_DOCXTPL = "0.20.2"

__all__ = ["PINNED_DOCX", "PINNED_DOCXTPL", "HookedDocxTemplate", "PackageReader", "package_parts",
           "read_package", "unmarshal"]


def read_package(source: str | IO[bytes]) -> PackageReader:
    """A .docx's parts and relationships as read from its zip (a path or a stream), to make
    documents from."""
    return PackageReader.from_file(source)


def unmarshal(reader: PackageReader,
              part_class: Callable[[str, str], type[Part] | None]) -> Package:
    """Document(path)'s package, made from a read package, with `part_class` choosing the class
    of each part (python-docx's documented PartFactory.part_class_selector hook)."""
    package = Package()
    saved = PartFactory.part_class_selector
    PartFactory.part_class_selector = part_class
    try:
        Unmarshaller.unmarshal(reader, package, PartFactory)
    finally:
        PartFactory.part_class_selector = saved
    return package


class _Parts:
    """Stands where python-docx puts its zip writer, keeping each part by name."""

    def __init__(self) -> None:
        self.members: dict[str, bytes] = {}

    def write(self, pack_uri: Any, blob: bytes) -> None:
        self.members[pack_uri.membername] = blob


def package_parts(document: Any) -> dict[str, bytes]:
    """What document.save() would zip (OpcPackage.save and PackageWriter.write), by part name."""
    package = document.part.package
    for part in package.parts:
        part.before_marshal()
    sink: Any = _Parts()  # stands for the PhysPkgWriter: only write() is called
    PackageWriter._write_content_types_stream(sink, package.parts)
    PackageWriter._write_pkg_rels(sink, package.rels)
    PackageWriter._write_parts(sink, package.parts)
    return sink.members


class HookedDocxTemplate(DocxTemplate):
    """DocxTemplate whose two text passes the caller may shorten: `patch_xml` (the template's
    XML clean-up, the same for the same template) and `resolve_listing` (tabs and breaks)."""

    def patch_xml(self, src_xml: str) -> str:
        patched: str = super().patch_xml(src_xml)
        return patched

    def resolve_listing(self, xml: str) -> str:
        resolved: str = super().resolve_listing(xml)
        return resolved
