"""The HTML report opened in a real browser (headless Chromium): it draws, every chart has paths, no console errors.

Locally a missing Chromium skips these tests with the command that installs it; on CI
(the ``CI`` variable set) a missing Chromium fails them, so the check cannot silently vanish.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from metricsmith.exporters import export_project

INSTALL = "apt-get update && apt-get install -y chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--enable-logging=stderr", "--v=0"]


@pytest.fixture(scope="module")
def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail(f"Chromium is required on CI for the browser tests; install it with: {INSTALL}")
    pytest.skip(f"Chromium is not installed; install it with: {INSTALL}")


def run_chromium(chromium: str, tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile = tmp / f"profile-{len(list(tmp.glob('profile-*')))}"
    return subprocess.run([chromium, *FLAGS, f"--user-data-dir={profile}", *args], capture_output=True, text=True,
                          timeout=120, env={**os.environ, "HOME": str(tmp)})


def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and the unfiltered rows (RGB or RGBA, 8 bits) of a PNG: enough to tell blank from drawn."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    assert header is not None
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and colour in (2, 6) and interlace == 0
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows: list[bytes] = []
    prev = bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        if kind == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 0xFF
        elif kind == 2:
            line = bytearray((a + b) & 0xFF for a, b in zip(line, prev))
        elif kind == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 0xFF
        elif kind == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b, c = prev[i], (prev[i - bpp] if i >= bpp else 0)
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        rows.append(bytes(line))
        prev = line
    return width, height, [r if bpp == 3 else bytes(b for i, b in enumerate(r) if i % 4 != 3) for r in rows]


def ink(rows: list[bytes]) -> tuple[float, int]:
    """Share of pixels that are not white, and how many distinct colours there are."""
    colours: set[bytes] = set()
    inked = total = 0
    for row in rows:
        for i in range(0, len(row), 3):
            px = row[i:i + 3]
            total += 1
            if px != b"\xff\xff\xff":
                inked += 1
                if len(colours) < 5000:
                    colours.add(px)
    return inked / total, len(colours)


def screenshot(chromium: str, page: Path, tmp: Path, size: str = "1000,1400") -> tuple[list[bytes], str]:
    shot = tmp / (page.stem + ".png")
    done = run_chromium(chromium, tmp, f"--screenshot={shot}", f"--window-size={size}",
                        "--force-device-scale-factor=0.5", page.as_uri())
    assert shot.exists(), done.stderr[-2000:]
    return png_pixels(shot.read_bytes())[2], done.stderr


def console_errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines()
            if ":CONSOLE" in line or "Uncaught" in line or "net::ERR_" in line or "Failed to load resource" in line]


@pytest.fixture
def report(history_project, tmp_path: Path, today) -> Path:
    return export_project(history_project, "html", tmp_path / "report.html", today=today)[0]


def test_report_draws_and_logs_no_console_errors(chromium: str, report: Path, tmp_path: Path) -> None:
    rows, stderr = screenshot(chromium, report, tmp_path)
    share, colours = ink(rows)
    assert share > 0.03 and colours > 20, (share, colours)
    assert console_errors(stderr) == []


def test_blank_page_is_seen_as_blank(chromium: str, tmp_path: Path) -> None:
    """The check above can fail: a page with nothing on it has no ink."""
    blank = tmp_path / "blank.html"
    blank.write_text("<!DOCTYPE html><html><body style='background:#fff'></body></html>", encoding="utf-8")
    share, _ = ink(screenshot(chromium, blank, tmp_path, "400,300")[0])
    assert share == 0


def test_console_errors_are_caught(chromium: str, tmp_path: Path) -> None:
    """A page whose script throws is reported, so a clean log above means something."""
    bad = tmp_path / "bad.html"
    bad.write_text("<!DOCTYPE html><html><body><script>undefinedThing()</script></body></html>", encoding="utf-8")
    done = run_chromium(chromium, tmp_path, "--dump-dom", bad.as_uri())
    assert console_errors(done.stderr)


def test_every_chart_is_drawn_in_the_browser_dom(chromium: str, report: Path, tmp_path: Path) -> None:
    done = run_chromium(chromium, tmp_path, "--dump-dom", report.as_uri())
    dom = done.stdout
    assert "</html>" in dom, done.stderr[-2000:]
    svgs = re.findall(r"<svg\b.*?</svg>", dom, flags=re.S)
    assert len(svgs) == 2
    for svg in svgs:
        line = re.search(r'<path class="line" d="([^"]+)"', svg)
        assert line and len(re.findall(r"[ML]", line.group(1))) >= 2
        assert len(re.findall(r"<path\b", svg)) >= 3 and "<circle" in svg
    assert console_errors(done.stderr) == []


def test_prints_to_a4(chromium: str, report: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    done = run_chromium(chromium, tmp_path, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", report.as_uri())
    assert pdf.exists(), done.stderr[-2000:]
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
    assert boxes and all(abs(float(w) - 595.3) < 1.5 and abs(float(h) - 841.9) < 1.5 for w, h in boxes), boxes[:3]
    assert len(boxes) >= 3   # the tables and the trends start on pages of their own
