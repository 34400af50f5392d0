"""Measure the red-header and seal heuristics of `wenming_cli.checks.pdfdoc` on generated PDFs.

Run from the repository root:  python benchmarks/pdf_heuristics.py [--seeds N] [--save DIR]
It prints recall and false-positive rate for both heuristics (the figures in benchmarks/README-pdf.md),
then every case a heuristic got wrong. `--save DIR` writes the generated PDFs for a look by eye.
`--compare` instead analyses every layout as a scan without text layer at 150, 200 and 300 dpi twice,
pages that are one JPEG decoded by Pillow (checks/pdfscan.py) and every page rendered by pdfium, and
prints every difference between the two answers.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from pdf_factory import Case, make_case  # noqa: E402

from wenming_cli.checks.pdfdoc import analyse_pdf  # noqa: E402

# (name, make_case arguments). Each variant runs with several seeds: sizes, colours, positions,
# skew and noise differ between seeds.
VARIANTS: list[tuple[str, dict]] = [
    # official documents with a red header
    ("红头+红线+印章", dict(header="red", seal_page=1)),
    ("红头+红线+印章 扫描", dict(header="red", seal_page=1, scan=1.0, text_layer=False)),
    ("红头 两行（联合发文）+印章在第2页", dict(header="two_lines", seal_page=2, pages=3)),
    ("红头无红线+印章 扫描", dict(header="red_no_rule", seal_page=1, scan=0.8, text_layer=False)),
    ("仅红线+淡红印章", dict(header="rule_only", seal_page=1, seal_style="pink")),
    ("矢量红头+印章", dict(vector_header=True, seal_page=1)),
    (
        "红头+旋转印章 重度扫描",
        dict(header="red", seal_page=1, seal_style="rotated", scan=1.5, text_layer=False),
    ),
    ("红头+小印章在第3页", dict(header="red", seal_page=3, pages=3, seal_style="small")),
    ("红头，无印章", dict(header="red", seal_page=None, pages=2)),
    # documents without a red header
    ("黑色标题+黑线+印章", dict(header="black", seal_page=1)),
    ("黑色标题+黑线 扫描，无印章", dict(header="black", scan=1.0, text_layer=False)),
    ("标题下红色短下划线", dict(header="underline")),
    ("报告+大印章", dict(header="none", seal_page=1, seal_style="large")),
    ("报告+红色照片", dict(header="none", distractor="red_photo")),
    ("报告+红色柱状图", dict(header="none", distractor="red_chart")),
    ("报告+红色饼图", dict(header="none", distractor="red_pie")),
    ("报告+红色实心圆点", dict(header="none", distractor="red_dot")),
    ("报告+红色方框", dict(header="none", distractor="red_frame")),
    ("报告+左上角红色徽标 扫描", dict(header="none", distractor="red_logo_top", scan=1.0, text_layer=False)),
    ("报告 扫描，无红色", dict(header="none", scan=1.2, text_layer=False)),
    # harder cases
    ("淡红印章 扫描", dict(header="red", seal_page=1, seal_style="pink", scan=1.2, text_layer=False)),
    ("电子印章（矢量）在第2页", dict(header="red", seal_page=2, pages=2, seal_style="vector")),
    ("浅粉印章 扫描", dict(header="red", seal_page=1, seal_style="light", scan=1.0, text_layer=False)),
    ("暗红印章压字 扫描", dict(header="red", seal_page=1, seal_style="dark", scan=1.0, text_layer=False)),
    ("报告标题为红色小字", dict(header="none", distractor="red_title")),
    ("报告+红色正文段落", dict(header="none", distractor="red_paragraph")),
    ("报告+顶部红色横幅照片", dict(header="none", distractor="red_banner_top")),
    ("报告+顶部红色柱状图", dict(header="none", distractor="red_chart_top")),
    ("报告+红色圆形徽标", dict(header="none", distractor="red_emblem")),
]
# Scanned in greyscale, the red is gone: no colour heuristic can see it. Measured apart, and the
# result says 页面无彩色 instead of guessing.
GREY_VARIANTS: list[tuple[str, dict]] = [
    ("灰度扫描的红头文件+印章", dict(header="red", seal_page=1, scan=1.0, grey=True, text_layer=False)),
]


def build_cases(variants: list[tuple[str, dict]], seeds: range) -> list[Case]:
    cases = []
    for name, kwargs in variants:
        for seed in seeds:
            cases.append(make_case(f"{name} #{seed}", seed=seed * 7919 + len(cases), **kwargs))
    return cases


def rates(pairs: list[tuple[bool, bool]]) -> tuple[int, int, int, int]:
    """(true positives, positives, false positives, negatives) from (expected, seen) pairs."""
    tp = sum(1 for e, s in pairs if e and s)
    fp = sum(1 for e, s in pairs if not e and s)
    pos = sum(1 for e, _ in pairs if e)
    return tp, pos, fp, len(pairs) - pos


def limits(seeds: range) -> None:
    """Where the seal heuristic stops working: seal diameter and ink colour on a scanned page."""
    from pdf_factory import Canvas, Page, draw_stamp, scanned, write_pdf

    def found(diameter: float, colour: tuple[int, int, int], seed: int) -> bool:
        canvas = Canvas(seed=seed)
        canvas.body(40, 255)
        image = draw_stamp(canvas.image, (145, 235), diameter, colour, 5, canvas.scale, seed)
        image = scanned(image, random.Random(seed))
        return bool(analyse_pdf(write_pdf([Page(image=image)])).seal.seen)

    print("\n印章直径（扫描件，红色）| 检出")
    for diameter in (15, 20, 23, 25, 30, 42, 55, 70, 75):
        hits = sum(found(diameter, (215, 25, 35), seed) for seed in seeds)
        print(f"  {diameter} 毫米 | {hits}/{len(seeds)}")
    print("印章颜色（扫描件，42 毫米）| 检出")
    for colour in (
        (215, 25, 35),
        (235, 120, 130),
        (245, 170, 175),
        (250, 200, 200),
        (120, 20, 30),
        (90, 15, 20),
    ):
        hits = sum(found(42, colour, seed) for seed in seeds)
        print(f"  RGB{colour} | {hits}/{len(seeds)}")


def compare(seeds: range, dpis: tuple[int, ...] = (150, 200, 300)) -> int:
    """Both renders of every layout scanned at each dpi: the differences, and the time per PDF each took."""
    from wenming_cli.checks import pdfvision

    decoded = 0
    real = pdfvision.render_jpeg_page

    def counted(*args):
        nonlocal decoded
        image = real(*args)
        decoded += image is not None
        return image

    pdfvision.render_jpeg_page = counted
    total = same = verdicts = 0
    seconds = {True: 0.0, False: 0.0}
    for dpi in dpis:
        for name, kwargs in VARIANTS + GREY_VARIANTS:
            for seed in seeds:
                case = make_case(
                    f"{name} #{seed}", seed=seed * 7919 + 13, dpi=dpi, **{**kwargs, "text_layer": False}
                )
                answers = {}
                for fast in (False, True):
                    start = time.process_time()
                    answers[fast] = analyse_pdf(case.data, jpeg_pages=fast)
                    seconds[fast] += time.process_time() - start
                total += 1
                slow, fast_ = answers[False], answers[True]
                if slow == fast_:
                    same += 1
                    continue
                for label, a, b in (
                    ("红头", slow.red_header, fast_.red_header),
                    ("印章", slow.seal, fast_.seal),
                ):
                    if a == b:
                        continue
                    verdict = (a.seen, a.pages, a.colourless) != (b.seen, b.pages, b.colourless)
                    verdicts += verdict
                    print(f"{'判断不同' if verdict else '数值不同'} {dpi} dpi {label} {case.name}")
                    print(f"    pdfium：{a.description}\n    Pillow：{b.description}")
    pdfvision.render_jpeg_page = real
    print(
        f"\n{total} 个扫描件 PDF：{decoded} 页由 Pillow 解码；{same} 个两种渲染答案完全相同，{verdicts} 处判断不同"
    )
    print(
        f"每个 PDF：pdfium 渲染 {seconds[False] / total * 1000:.1f} ms，Pillow 解码 {seconds[True] / total * 1000:.1f} ms（CPU）"
    )
    return 0


def measure(cases: list[Case], save: Path | None) -> tuple[list, list, list[str], list]:
    """(header pairs, seal pairs, what went wrong, the analyses) for a list of cases."""
    header_pairs, seal_pairs, wrong, results = [], [], [], []
    for case in cases:
        result = analyse_pdf(case.data)
        results.append(result)
        header_seen = bool(result.red_header and result.red_header.seen)
        seal_pages = result.seal.pages if result.seal else ()
        header_pairs.append((case.header, header_seen))
        # A seal counts as found only when seen on the page where it was put.
        seal_seen = case.seal_page in seal_pages if case.seal_page else bool(seal_pages)
        seal_pairs.append((case.seal_page is not None, seal_seen))
        if header_seen != case.header:
            wrong.append(f"红头 {case.name}: 应为 {case.header}，{result.red_header.description}")
        if seal_seen != (case.seal_page is not None):
            wrong.append(f"印章 {case.name}: 应在第 {case.seal_page} 页，{result.seal.description}")
        if save:
            save.mkdir(parents=True, exist_ok=True)
            (save / f"{case.name.replace('/', '-')}.pdf").write_bytes(case.data)
    return header_pairs, seal_pairs, wrong, results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--save", type=Path, help="write the generated PDFs into this folder")
    parser.add_argument("--seeds", type=int, default=10, help="random variants of each layout (default 10)")
    parser.add_argument("--limits", action="store_true", help="also sweep seal diameter and ink colour")
    parser.add_argument("--compare", action="store_true", help="Pillow's decode of JPEG pages against pdfium")
    args = parser.parse_args()
    seeds = range(1, args.seeds + 1)
    if args.compare:
        return compare(seeds)

    started = time.perf_counter()
    cases = build_cases(VARIANTS, seeds)
    grey_cases = build_cases(GREY_VARIANTS, seeds)
    built = time.perf_counter()
    header_pairs, seal_pairs, wrong, _ = measure(cases, args.save)
    analysed = time.perf_counter()
    _, _, _, grey_results = measure(grey_cases, args.save)

    print(f"{len(cases)} 个 PDF（{len(VARIANTS)} 种版式 × {len(seeds)} 个随机种子）")
    print("| 判断 | 召回率 | 误报率 |")
    print("|---|---|---|")
    for label, pairs in (("红头（首页）", header_pairs), ("印章（任一页）", seal_pairs)):
        tp, pos, fp, neg = rates(pairs)
        print(f"| {label} | {tp}/{pos} = {tp / max(pos, 1):.0%} | {fp}/{neg} = {fp / max(neg, 1):.0%} |")
    per_pdf = (analysed - built) / len(cases) * 1000
    print(f"\n生成 {built - started:.1f} s；分析 {analysed - built:.1f} s（每个 PDF 平均 {per_pdf:.0f} ms）")
    flagged = sum(1 for r in grey_results if r.red_header.colourless and r.seal.colourless)
    print(f"灰度扫描 {len(grey_results)} 个：{flagged} 个标明“页面无彩色，无法判断”")
    for result in grey_results[:1]:
        print(f"  例：{result.red_header.description}；{result.seal.description}")
    if wrong:
        print("\n判断有误：")
        for line in wrong:
            print("  " + line)
    if args.limits:
        limits(seeds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
