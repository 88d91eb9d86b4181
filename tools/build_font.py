#!/usr/bin/env python3
"""Rebuild the bundled Chinese font: a static subset of Noto Sans CJK SC Regular.

Source, in order of preference (or pass --source FILE [--face N]):
  1. the PyPI package ``mplfonts`` (its NotoSansCJKsc-Regular.otf), fetched with ``pip download``;
  2. Debian's fonts-noto-cjk, /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc, face index 2 (SC).

The subset keeps every code point the source font has in the CJK Unified Ideographs block
(U+4E00–U+9FFF), CJK symbols and punctuation, full-width forms, general punctuation, Latin-1 and ASCII,
so every Han character of the bundled corpus is covered. Output: studykit/data/fonts/.

    python tools/build_font.py            # writes studykit/data/fonts/NotoSansCJKsc-Regular-subset.otf
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

OUT = Path(__file__).resolve().parent.parent / "studykit" / "data" / "fonts" / "NotoSansCJKsc-Regular-subset.otf"
DEBIAN_TTC = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
RANGES = [
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1 (·, ×, °)
    (0x2000, 0x206F),  # general punctuation (— “ ” … ‰)
    (0x2100, 0x218F),  # letterlike symbols, number forms (Ⅰ Ⅱ)
    (0x2460, 0x24FF),  # enclosed alphanumerics (①)
    (0x25A0, 0x25FF),  # geometric shapes (■ ● ○)
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0x3200, 0x32FF),  # enclosed CJK (㈠)
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF00, 0xFFEF),  # half-width and full-width forms
    (0x203B, 0x203B),  # ※
]


def fetch_mplfonts(tmp: Path) -> Path:
    """Download the mplfonts wheel with pip and return the path of its Noto Sans CJK SC Regular."""
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(tmp), "mplfonts"], check=True)
    wheel = next(tmp.glob("mplfonts-*.whl"))
    with zipfile.ZipFile(wheel) as z:
        name = next(n for n in z.namelist() if n.endswith("NotoSansCJKsc-Regular.otf"))
        z.extract(name, tmp)
    return tmp / name


FAMILY = "Studykit Noto Sans SC"


def rename(font: TTFont) -> None:
    """Give the subset its own family name, so it never collides with an installed Noto Sans CJK SC."""
    names = {1: FAMILY, 3: f"{FAMILY} Regular subset", 4: f"{FAMILY} Regular", 6: FAMILY.replace(" ", "") + "-Regular",
             16: FAMILY, 17: "Regular"}
    table = font["name"]
    for rec in list(table.names):
        if rec.nameID in names:
            table.removeNames(nameID=rec.nameID)
    for nid, value in names.items():
        table.setName(value, nid, 3, 1, 0x409)
        table.setName(value, nid, 1, 0, 0)
    if "CFF " in font:
        cff = font["CFF "].cff
        cff.fontNames = [names[6]]
        top = cff.topDictIndex[0]
        top.FullName, top.FamilyName = names[4], FAMILY


def build(source: Path, face: int, out: Path) -> None:
    """Subset ``source`` (face index ``face`` of a .ttc) to RANGES and write a static OTF to ``out``."""
    font = TTFont(source, fontNumber=face)
    cmap = font.getBestCmap()
    wanted = [cp for lo, hi in RANGES for cp in range(lo, hi + 1) if cp in cmap]
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False
    options.desubroutinize = False
    sub = subset.Subsetter(options)
    sub.populate(unicodes=wanted)
    sub.subset(font)
    rename(font)
    out.parent.mkdir(parents=True, exist_ok=True)
    font.save(out)
    han = sum(1 for cp in wanted if 0x4E00 <= cp <= 0x9FFF)
    print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB, {len(wanted)} code points, {han} CJK ideographs)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--source", type=Path, help="a Noto Sans CJK SC .otf, or the Noto CJK .ttc with --face 2")
    ap.add_argument("--face", type=int, default=None, help="face index inside a .ttc (2 is SC)")
    ap.add_argument("-o", "--output", type=Path, default=OUT)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.source:
            src, face = args.source, args.face if args.face is not None else (2 if args.source.suffix == ".ttc" else 0)
        else:
            try:
                src, face = fetch_mplfonts(Path(tmp)), 0
            except (subprocess.CalledProcessError, StopIteration):
                if not DEBIAN_TTC.exists():
                    sys.exit("no source font: install mplfonts with pip or Debian's fonts-noto-cjk, or pass --source")
                src, face = DEBIAN_TTC, 2
        build(src, face, args.output)


if __name__ == "__main__":
    main()
