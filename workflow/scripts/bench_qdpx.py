"""How fast the REFI-QDA reader reads a large NVivo-style export (UTF-16 positions, CRLF texts,
emoji before every passage), with the unit evidence and conversion included.

Usage: python workflow/scripts/bench_qdpx.py [--sources 300] [--selections 100]
Writes results/benchmarks/qdpx_read.csv (sources, selections, seconds, peak MiB).
"""

from __future__ import annotations

import argparse
import csv
import resource
import tempfile
import time
import uuid
import zipfile
from pathlib import Path

from ctcstudy.readers.refiqda import read_qdpx

ROOT = Path(__file__).resolve().parents[2]
PARAGRAPH = "Officials \U0001f91d asked for help with the shelter, and trust grew slowly over the years."


def export(path: Path, sources: int, selections: int) -> None:
    def g(*parts):
        return str(uuid.uuid5(uuid.NAMESPACE_URL, "/".join(parts)))

    user, code = g("user"), g("code")
    members, elements = {}, []
    for s in range(sources):
        text = "\r\n\r\n".join(f"{i}. {PARAGRAPH}" for i in range(selections))
        units, parts = 0, []
        for i, paragraph in enumerate(text.split("\r\n\r\n")):
            passage = "trust grew slowly"
            start = units + len(paragraph[: paragraph.index(passage)].encode("utf-16-le")) // 2
            parts.append(
                f'<PlainTextSelection guid="{g(str(s), str(i))}" name="" startPosition="{start}" '
                f'endPosition="{start + len(passage)}" creatingUser="{user}"><Coding guid="{g("c", str(s), str(i))}" '
                f'creatingUser="{user}"><CodeRef targetGUID="{code}"/></Coding></PlainTextSelection>'
            )
            units += len((paragraph + "\r\n\r\n").encode("utf-16-le")) // 2
        source = g("source", str(s))
        elements.append(
            f'<TextSource guid="{source}" name="Interview {s}" plainTextPath="internal://{source}.txt">'
            f"{''.join(parts)}</TextSource>"
        )
        members[f"Sources/{source}.txt"] = ("\ufeff" + text).encode("utf-8")
    xml = (
        f'<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" name="bench" '
        f'origin="NVivo for Windows 12.6"><Users><User guid="{user}" name="A"/></Users><CodeBook><Codes>'
        f'<Code guid="{code}" name="Trust" isCodable="true"/></Codes></CodeBook><Sources>{"".join(elements)}'
        f"</Sources></Project>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", xml)
        for name, data in members.items():
            archive.writestr(name, data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=300)
    parser.add_argument("--selections", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.qdpx"
        export(path, args.sources, args.selections)
        began = time.perf_counter()
        project = read_qdpx(path)
        seconds = time.perf_counter() - began
    assert set(project.segments["text"]) == {"trust grew slowly"}, "wrong segment texts"
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out = ROOT / "results/benchmarks/qdpx_read.csv"
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["sources", "selections", "segments", "seconds", "peak_mib"])
        writer.writerow([args.sources, args.selections, len(project.segments), round(seconds, 2), round(peak)])
    print(
        f"[bench] {len(project.segments)} segments from {args.sources} sources in {seconds:.2f} s, "
        f"peak {peak:.0f} MiB ({project.offset_unit}) -> {out.relative_to(ROOT)}"
    )


if __name__ == "__main__":
    main()
