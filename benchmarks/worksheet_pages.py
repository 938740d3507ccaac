"""How many A4 pages each sample worksheet and answer key print to (issue 18: a handout is at
most two pages), and how long one worksheet takes on an article near the size limit.

Prints with headless Chromium (``chromium`` or ``chromium-browser`` on PATH) and counts pages
with poppler's ``pdfinfo``; without them it says so and prints only the timings.

    python benchmarks/worksheet_pages.py
    python benchmarks/worksheet_pages.py sample-06 sample-02

The numbers are printed, never checked.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu",
                  "--disable-background-networking", "--no-pdf-header-footer"]


def pages(browser: str, html: Path) -> str:
    pdf = html.with_suffix(".pdf")
    subprocess.run([browser, *CHROMIUM_FLAGS, f"--print-to-pdf={pdf}", html.as_uri()],
                   capture_output=True, timeout=180)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    return next((line.split()[1] for line in info.splitlines() if line.startswith("Pages:")),
                "?")


def main(argv: list[str]) -> None:
    from framing.cli import main as framing

    ids = argv or [f"sample-{n:02d}" for n in range(1, 11)]
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if not (browser and shutil.which("pdfinfo")):
        print("chromium or pdfinfo not found: page counts skipped")
    print(f"{'article':<22} {'worksheet':>9} {'key':>5} {'seconds':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        runs = [([i], i) for i in ids]
        if not argv:
            runs.append((["--compare", "sample-01", "sample-06"], "compare 01+06"))
        for args, label in runs:
            out = Path(tmp) / label.replace(" ", "_")
            started = time.perf_counter()
            framing(["worksheet", *args, "-o", str(out)])
            took = time.perf_counter() - started
            counts = ([pages(browser, out / "worksheet.html"),
                       pages(browser, out / "answer_key.html")]
                      if browser and shutil.which("pdfinfo") else ["-", "-"])
            print(f"{label:<22} {counts[0]:>9} {counts[1]:>5} {took:>8.2f}", flush=True)
        big = Path(tmp) / "long.txt"
        text = (Path(__file__).resolve().parents[1] / "framing" / "data" / "sample" / "articles"
                / "06_wire_service.txt").read_text("utf-8")
        body = text.split("\n", 2)[2]
        big.write_text("A long article\n\n" + "\n\n".join([body] * 15), "utf-8")
        started = time.perf_counter()
        framing(["worksheet", str(big), "-o", str(Path(tmp) / "long")])
        print(f"{len(big.read_text('utf-8')):,}-character article: "
              f"{time.perf_counter() - started:.2f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
