"""Benchmark of printed pages: text-layer PDF pages per second, OCR seconds (wall and CPU) per A3 page."""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def make_pages(work: Path, seed: int) -> Path:
    """A3 union pages laid out from the samples (scripts/make_layout_pages.py), PDF and 150 dpi."""
    subprocess.run([sys.executable, str(ROOT / "scripts" / "make_layout_pages.py"),
                    *map(str, sorted((ROOT / "samples").glob("*.txt"))), "--out", str(work),
                    "--png", "--seed", str(seed)], check=True, stdout=subprocess.DEVNULL)
    return work


def bench_pdf(folder: Path, repeats: int) -> dict:
    """Reading the text layer and laying it out, per PDF page, best of `repeats`."""
    import pypdfium2 as pdfium

    from compiler.ingest import read_page

    files = sorted(folder.glob("*.pdf"))
    pages = sum(len(pdfium.PdfDocument(str(f))) for f in files)
    read_page(files[0])  # warm-up: imports
    best = None
    for _ in range(max(1, repeats)):
        t = time.perf_counter()
        for f in files:
            read_page(f)
        best = min(best or 1e9, time.perf_counter() - t)
    return {"files": len(files), "pages": pages, "s": round(best, 3),
            "s_per_page": round(best / pages, 3)}


def bench_ocr(folder: Path, limit: int) -> dict:
    """OCR of 150 dpi A3 page images, one page at a time, with a progress bar per page."""
    from PIL import Image
    from rich.progress import Progress

    from compiler.ingest import layout
    from compiler.ingest import ocr

    frames = []
    for f in sorted(folder.iterdir()):
        image = Image.open(f)
        for k in range(getattr(image, "n_frames", 1)):
            frames.append((f, k))
    frames = frames[:limit]
    ocr._engine()  # model loading is once per process, not per page
    walls, cpus = [], []
    with Progress(transient=True) as bar:
        task = bar.add_task("OCR", total=len(frames))
        for f, k in frames:
            image = Image.open(f)
            image.seek(k)
            wall, cpu = time.perf_counter(), time.process_time()
            segs, rules, _ = ocr.read_image(image, str(f))
            layout.page_text(segs, rules=rules, ratios=ocr.RATIOS)
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)  # all of this process's threads
            bar.advance(task)
    return {"pages": len(frames), "size_px": list(Image.open(frames[0][0]).size),
            "wall_s_per_page_max": round(max(walls), 1),
            "wall_s_per_page_mean": round(sum(walls) / len(walls), 1),
            "cpu_s_per_page_mean": round(sum(cpus) / len(cpus), 1)}


def bench_photos(folder: Path, kinds: list[str], limit: int, seed: int = 3) -> dict:
    """OCR of the same pages as phone photos and sideways scans (scripts/make_scans.py), with
    their straightening: seconds per page by kind, one page at a time."""
    import random

    from PIL import Image

    sys.path.insert(0, str(ROOT / "scripts"))
    import make_scans

    from compiler.ingest import ocr

    pages = []
    for f in sorted(folder.iterdir()):
        image = Image.open(f)
        for k in range(getattr(image, "n_frames", 1)):
            image.seek(k)
            pages.append(image.convert("RGB"))
    pages = pages[:limit]
    ocr._engine()
    out = {}
    for kind in kinds:
        walls, cpus = [], []
        for n, page in enumerate(pages):
            image, orientation = make_scans.degrade(kind, page, random.Random(seed + n))
            if orientation:  # what a viewer of the JPEG sees, as Pillow reads its EXIF tag
                exif = image.getexif()
                exif[0x0112] = orientation
                image.info["exif"] = exif.tobytes()
            wall, cpu = time.perf_counter(), time.process_time()
            ocr.read_image(image, kind)
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
        out[kind] = {"pages": len(pages), "size_px": list(image.size),
                     "wall_s_per_page_mean": round(sum(walls) / len(walls), 1),
                     "wall_s_per_page_max": round(max(walls), 1),
                     "cpu_s_per_page_mean": round(sum(cpus) / len(cpus), 1)}
    return out


def main(argv: list[str]) -> int:
    import argparse
    import json
    import tempfile

    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--ocr-pages", type=int, default=2)
    ap.add_argument("--photos", default="photo,rot90,skew", help="kinds of scripts/make_scans.py")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as work:
        printed = make_pages(Path(work), args.seed)
        out = {"pdf": bench_pdf(printed / "pdf", 1)}
        if args.ocr_pages:
            out["ocr"] = bench_ocr(printed / "png", args.ocr_pages)
            kinds = [k for k in args.photos.split(",") if k]
            if kinds:
                out["photos"] = bench_photos(printed / "png", kinds, args.ocr_pages)
    print(json.dumps(out, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main(sys.argv[1:]))
