"""A regular (non-editable) install carries schemas/ and report_templates/ inside the package."""
from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_contains_schemas_and_templates(tmp_path):
    r = subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps",
                        "--no-build-isolation", "-q", "-w", str(tmp_path)],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    [wheel] = tmp_path.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for f in (ROOT / "schemas").iterdir():
        assert f"compiler/_schemas/{f.name}" in names
    for f in (ROOT / "report_templates").rglob("*"):
        if f.is_file():
            rel = f.relative_to(ROOT / "report_templates").as_posix()
            assert f"compiler/_templates/{rel}" in names
