"""An Office file from outside (a template) read as untrusted: a regular file of bounded size,
members really inflated under a cap, no DOCTYPE or entity declaration."""
from __future__ import annotations

from pathlib import Path

from compiler.guard import zips
from compiler.guard.files import FileProblem, read_regular
from compiler.guard.limits import MB
from compiler.guard.names import shown

TEMPLATE_MAX_BYTES = 50 * MB
TEMPLATE_MAX_UNPACKED_BYTES = 100 * MB  # pictures included
TEMPLATE_MAX_XML_BYTES = 20 * MB  # a statistic table is a few hundred KB; openpyxl needs ~50x
TEMPLATE_MAX_MEMBERS = 5000


class PackageProblem(Exception):
    """Why the package was refused, in Chinese, naming the file."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def read_office_package(path: Path, kind: str) -> tuple[bytes, list[str]]:
    """The package's bytes, repacked from what its members really inflate to, and its member
    names; PackageProblem for anything that is not a sound package.

    `kind` names the format in messages: "Excel 文件（.xlsx）"."""
    try:
        data = read_regular(path, TEMPLATE_MAX_BYTES, what="模板")
    except FileProblem as exc:
        if exc.missing:
            raise PackageProblem(f"找不到模板文件 {shown(path)}") from None
        raise PackageProblem(exc.reason) from None
    try:
        members = zips.unpack(data, max_total=TEMPLATE_MAX_UNPACKED_BYTES,
                              max_members=TEMPLATE_MAX_MEMBERS, max_xml=TEMPLATE_MAX_XML_BYTES)
    except zips.ZipProblem as exc:
        raise PackageProblem(f"不是有效的 {kind}：{exc.reason}") from None
    declared = zips.xml_declarations(members)
    if declared:
        parts = "、".join(shown(p)[:80] for p in declared[:3])
        raise PackageProblem(f"部件 {parts} 含有 DOCTYPE 或实体声明，正常的 {kind} 不会有，"
                             "为安全起见拒绝读取（请在 Office 中重新另存后再试）")
    return zips.repack(members), [info.filename for info, _ in members]
