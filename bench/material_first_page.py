"""First page of a 300-page PDF on a phone: time from opening the reading page to the first page
drawn on its canvas, in headless Chromium at 390 × 844 px.

    .venv/bin/python -m pytest bench/material_first_page.py -s -n0 -p no:randomly
    BENCH_RUNS=3 BENCH_PAGES=100 .venv/bin/python -m pytest bench/material_first_page.py -s -n0

Not part of the test suite (the file name does not start with test_); it reuses the suite's
fixtures (a live server on SQLite, Debian's Chromium, the personas). The material is a
300-page text PDF made by materials.sample_pdf (Chinese text in the standard font STSong-Light,
so pdf.js fetches one character map, as for most government PDFs without embedded fonts).

Each run opens a new browser context (nothing cached, no service worker yet), signs the deputy
in, then times page.goto(reading page) → `.material-page[data-drawn='1']` (set when pdf.js has
finished drawing page 1), on the loopback network and on an emulated phone network (Chrome
DevTools Network.emulateNetworkConditions: 60 ms latency, 9 Mbit/s down). A second opening in
the same context ("reopened") goes through the service worker installed by the first.

It also records what pdf.js fetched of the PDF before the first page was drawn: the server
answers byte ranges (core.downloads.ranged_file_download) and the reader asks for pages as
needed (disableAutoFetch, disableStream), so only the ranges holding the cross-reference table,
the page tree and page 1 are read; the first plain GET is cancelled once its headers say that
ranges are accepted. Results go to docs/performance.md by hand, with `uptime`.
"""

from __future__ import annotations

import os
import statistics
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = int(os.environ.get("BENCH_PAGES", "300"))
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
PHONE_NETWORK = {
    "offline": False,
    "latency": 60,
    "downloadThroughput": 9 * 1024 * 1024 / 8,
    "uploadThroughput": 3 * 1024 * 1024 / 8,
}
PARAGRAPH = (
    "一、过去一年工作回顾。全区地区生产总值稳步增长，民生实事项目全部完成，"
    "教育、养老、医疗等公共服务水平持续提升，依法接受区人大及其常委会的监督。"
)


def _three_hundred_pages():
    from materials.sample_pdf import make_pdf

    # About 22 lines of 28 characters a page; a paragraph of 70 characters takes 3 lines.
    return make_pdf("示范区人民政府工作报告（基准测试）", [PARAGRAPH] * (PAGES * 22 // 3 - 1))


def _material(clerk, congress):
    import datetime as dt

    from materials import workflow
    from materials.tests.helpers import later_meeting

    meeting = later_meeting(congress)
    data = _three_hundred_pages()
    material = workflow.upload(
        actor=clerk,
        meeting=meeting,
        title="示范区人民政府工作报告",
        upload=SimpleUploadedFile("report.pdf", data, content_type="application/pdf"),
        release_at=timezone.now() - dt.timedelta(minutes=5),
    )
    workflow.release(actor=clerk, material=material)
    return material, len(data)


def _open(page, base_url, path, fetched):
    fetched.clear()
    started = time.perf_counter()
    page.goto(base_url + path)
    page.wait_for_selector(".material-page[data-drawn='1'] canvas", timeout=60000)
    return time.perf_counter() - started


def test_first_page_of_a_300_page_pdf_on_a_phone(chromium, live_server, clerk, deputy, congress):
    from conftest import Page

    material, size = _material(clerk, congress)
    version = material.versions.get()
    assert version.pages == PAGES, version.pages
    path = f"/materials/{material.pk}/read/"
    results: dict[str, list[float]] = {}
    ranges: list[tuple[int, int]] = []
    for network in ("loopback", "phone network"):
        for _ in range(RUNS):
            context = chromium.new_context(
                viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="zh-CN"
            )
            phone = Page(context.new_page(), live_server.url)
            phone.login(deputy.username)
            fetched: list[tuple[int, str]] = []

            def seen(response, fetched=fetched):
                if "/file/" in response.url:
                    fetched.append((response.status, response.headers.get("content-range", "")))

            phone.page.on("response", seen)
            if network == "phone network":
                cdp = context.new_cdp_session(phone.page)
                cdp.send("Network.enable")
                cdp.send("Network.emulateNetworkConditions", PHONE_NETWORK)
            results.setdefault(f"{network}, first opening", []).append(
                _open(phone.page, live_server.url, path, fetched)
            )
            partial = [r for status, r in fetched if status == 206]
            ranges.append((len(partial), sum(_length(r) for r in partial)))
            phone.page.wait_for_selector("#reader[data-offline='1']", timeout=120000)
            results.setdefault(f"{network}, reopened", []).append(
                _open(phone.page, live_server.url, path, fetched)
            )
            context.close()
    print(f"\n{PAGES}-page PDF, {size / 1024 / 1024:.1f} MB, {RUNS} runs each; load: {os.getloadavg()}")
    for name, times in results.items():
        print(
            f"  {name:32} median {statistics.median(times):.2f} s, "
            f"max {max(times):.2f} s, min {min(times):.2f} s"
        )
    requests, read = max(ranges, key=lambda r: r[1])
    print(f"  before page 1 was drawn: at most {requests} range requests, {read / 1024:.0f} KB of the PDF")


def _length(content_range: str) -> int:
    first, last = content_range.removeprefix("bytes ").split("/")[0].split("-")
    return int(last) - int(first) + 1
