#!/usr/bin/env python3
"""Make phone photos and office scans of rendered pages, and score the parser on each kind.

usage: make_scans.py PAGE.png|PAGE.tiff... --out DIR [--kinds K,K] [--score GOLD_DIR] [--seed N]

Each page image (make_layout_pages.py --png) is degraded the ways real inputs are:
  clean     the page as rendered (to compare with)
  skew      a scan fed in at a slant (1-5 degrees), white around
  keystone  a photo taken from below: the page's top narrower than its bottom (perspective)
  light     uneven lighting: one corner in shadow, a lamp's bright spot
  jpeg      strong JPEG compression (quality 30)
  rot90     a page scanned sideways (turned a quarter)
  photo     a phone photo: a slanted, keystoned, unevenly lit page on a dark desk, JPEG
  exif      a phone's JPEG stored sideways with the EXIF orientation tag that says so
Pages of a multi-page TIFF are written as NAME-pN files. With --score, every kind's folder is
parsed with `unionbrief parse`, a page's files are joined into one document, and the scorer's
article precision/recall, lead union and figures F1 are printed per kind, with the parse time.
"""
from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import time
from pathlib import Path

KINDS = ("clean", "skew", "keystone", "light", "jpeg", "rot90", "photo", "exif")


def _frames(path: Path):
    from PIL import Image

    image = Image.open(path)
    for k in range(getattr(image, "n_frames", 1)):
        image.seek(k)
        yield k, image.convert("RGB")


def _perspective(array, top_inset: float, fill):
    import cv2
    import numpy as np

    h, w = array.shape[:2]
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    dst = np.float32([[w * top_inset, 0], [w * (1 - top_inset), 0], [w, h], [0, h]])
    matrix = cv2.getPerspectiveTransform(src, dst)
    return cv2.warpPerspective(array, matrix, (w, h), borderValue=fill)


def _rotate(array, degrees: float, fill):
    import cv2

    h, w = array.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    return cv2.warpAffine(array, matrix, (w, h), borderValue=fill, flags=cv2.INTER_LINEAR)


def _lighting(array, rnd: random.Random):
    import numpy as np

    h, w = array.shape[:2]
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    corner = rnd.choice([(0, 0), (w, 0), (0, h), (w, h)])
    far = np.hypot(w, h)
    shade = 1.0 - 0.45 * (1 - np.hypot(xs - corner[0], ys - corner[1]) / far)  # shadow corner
    spot = 0.12 * np.exp(-(((xs - w * 0.6) ** 2 + (ys - h * 0.4) ** 2) / (2 * (0.25 * w) ** 2)))
    lit = array.astype(np.float32) * shade[..., None] + 255 * spot[..., None]
    return np.clip(lit, 0, 255).astype(np.uint8)


def _on_desk(array, margin: float, shade: int):
    import numpy as np

    h, w = array.shape[:2]
    mh, mw = int(h * margin), int(w * margin)
    desk = np.full((h + 2 * mh, w + 2 * mw, 3), shade, np.uint8)
    desk[mh:mh + h, mw:mw + w] = array
    return desk


def degrade(kind: str, image, rnd: random.Random):
    """(PIL image, EXIF orientation or None) of a page image made into `kind`."""
    import numpy as np
    from PIL import Image

    array = np.asarray(image)
    orientation = None
    if kind == "skew":
        array = _rotate(array, rnd.choice([-1, 1]) * rnd.uniform(1.0, 5.0), (255, 255, 255))
    elif kind == "keystone":
        array = _perspective(_on_desk(array, 0.03, 90), rnd.uniform(0.03, 0.06), (90, 90, 90))
    elif kind == "light":
        array = _lighting(array, rnd)
    elif kind == "rot90":
        array = np.ascontiguousarray(np.rot90(array, rnd.choice([1, 3])))
    elif kind == "photo":
        array = _on_desk(array, 0.06, 45)
        array = _perspective(array, rnd.uniform(0.01, 0.03), (45, 45, 45))
        array = _rotate(array, rnd.choice([-1, 1]) * rnd.uniform(1.0, 3.0), (45, 45, 45))
        array = _lighting(array, rnd)
    elif kind == "exif":
        # Orientation 6: the camera stored the picture turned a quarter to the left; a viewer
        # turns it right again.
        array = np.ascontiguousarray(np.rot90(array, 1))
        orientation = 6
    return Image.fromarray(array), orientation


def write(kind: str, image, orientation, out: Path) -> Path:
    if kind in ("jpeg", "photo", "exif"):
        path = out.with_suffix(".jpg")
        exif = image.getexif()
        if orientation:
            exif[0x0112] = orientation
        image.save(path, quality=30 if kind == "jpeg" else 70, exif=exif.tobytes())
    else:
        path = out.with_suffix(".png")
        image.convert("L").save(path)
    return path


def make(pages: list[Path], out: Path, kinds: list[str], seed: int) -> dict[str, list[Path]]:
    made: dict[str, list[Path]] = {k: [] for k in kinds}
    for kind in kinds:
        folder = out / kind
        folder.mkdir(parents=True, exist_ok=True)
        for n, page in enumerate(pages):
            rnd = random.Random(seed * 1000 + n * 10 + KINDS.index(kind))
            for k, image in _frames(page):
                degraded, orientation = degrade(kind, image, rnd)
                made[kind].append(write(kind, degraded, orientation, folder / f"{page.stem}-p{k + 1}"))
    return made


def joined(parsed: Path) -> dict:
    """A page's NAME-pN documents joined into one document named NAME, as the gold has it."""
    data = json.loads(parsed.read_text("utf-8"))
    docs: dict[str, dict] = {}
    for doc in data["documents"]:
        path = Path(doc["source"])
        name = path.stem.rsplit("-p", 1)[0]
        into = docs.setdefault(name, {**doc, "source": str(path.with_name(name + ".txt")),
                                      "articles": []})
        into["articles"].extend(doc["articles"])
    data["documents"] = list(docs.values())
    return data


def score(made: dict[str, list[Path]], gold: Path, work: Path, parse: bool = True) -> None:
    sys.path.insert(0, str(gold.parent))
    import score as scorer  # /work/shared/eval/score.py or tests/eval/score.py

    exe = Path(sys.executable).with_name("unionbrief")
    # only the gold of the pages made: a page not given would count as all lost
    names = {p.stem.rsplit("-p", 1)[0] for files in made.values() for p in files}
    subset = work / "gold"
    subset.mkdir(parents=True, exist_ok=True)
    for old in subset.glob("*.json"):
        old.unlink()
    for g in gold.glob("*.json"):
        if g.stem in names:
            (subset / g.name).write_bytes(g.read_bytes())
    for kind, files in made.items():
        out = work / f"{kind}.json"
        started = time.monotonic()
        if parse:
            subprocess.run([str(exe), "parse", *map(str, files), "--out", str(out), "--no-cache",
                            "-q"], check=False)
        took = time.monotonic() - started
        summary, _ = scorer.score(joined(out), subset)
        seg = summary["segmentation"]
        print(f"{kind:9s} P {seg['precision']:.3f} R {seg['recall']:.3f} "
              f"union {summary['union']['name_acc']:.3f} figures F1 {summary['figures']['f1']:.3f} "
              f"({len(files)} images, {took:.0f} s)", flush=True)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pages", nargs="+", type=Path)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--kinds", default=",".join(KINDS))
    ap.add_argument("--score", type=Path, help="the gold folder: parse and score each kind")
    ap.add_argument("--seed", type=int, default=3)
    args = ap.parse_args(argv)
    kinds = [k for k in args.kinds.split(",") if k]
    unknown = set(kinds) - set(KINDS)
    if unknown:
        ap.error(f"unknown kinds: {', '.join(sorted(unknown))}")
    made = make(args.pages, args.out, kinds, args.seed)
    if args.score:
        score(made, args.score, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
