"""Honour and promotion bonus: windows (absolute and relative), levels, holders, same content, caps."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from fixtures.scoring.builders import ROOT, SYNTHETIC, registry, rubric_or_skip

from wenming_cli.models.rubric import BonusLevel, BonusRule, DateWindow
from wenming_cli.models.unit import Honour, Promotion
from wenming_cli.scoring.bonus import reference_date, score_bonus, score_rule, window_bounds

D = Decimal


def honour(name: str, level: str, date: str, **kw) -> Honour:
    return Honour(name=name, level=level, document_date=dt.date.fromisoformat(date), **kw)


def promotion(name: str, tier: str, date: str, key: str, **kw) -> Promotion:
    return Promotion(name=name, tier=tier, document_date=dt.date.fromisoformat(date), content_key=key, **kw)


def proofs_for(items) -> list[str]:
    """A proof in 加分/ for each claim, named by its date and title."""
    return [f"加分/{i.document_date.isoformat()} {i.name}.pdf" for i in items]


def by_name(score):
    return {i.name: i for i in score.items}


def test_absolute_three_year_window_and_fourth_level():
    rubric = registry.load_rubric(str(SYNTHETIC))
    rule = rubric.bonuses[0]
    items = [
        honour("首日", "county", "2024-01-01"),
        honour("末日", "county", "2026-12-31"),
        honour("前一天", "county", "2023-12-31"),
        honour("后一天", "county", "2027-01-01"),
    ]
    s = score_rule(rule, rubric, items, dt.date(2025, 1, 1), proofs_for(items))
    got = by_name(s)
    assert got["首日"].points == D("0.1") and got["末日"].points == D("0.1")
    assert not got["前一天"].counted and "不在加分期限" in got["前一天"].reason
    assert not got["后一天"].counted
    assert s.points == D("0.2")


def test_cap_keeps_highest_first_and_says_why():
    rubric = registry.load_rubric(str(SYNTHETIC))
    rule = rubric.bonuses[0]  # national 1, county 0.1, cap 1
    items = [honour(f"县级{i}", "county", "2025-03-01") for i in range(3)] + [
        honour("国家级", "national", "2025-06-01")
    ]
    s = score_rule(rule, rubric, items, dt.date(2025, 12, 1), proofs_for(items))
    got = by_name(s)
    assert got["国家级"].points == D(1)
    assert all(not got[f"县级{i}"].counted and "已达该项上限1分" in got[f"县级{i}"].reason for i in range(3))
    assert s.points == D(1)


def test_eleven_county_honours_cap_at_one_exactly():
    rubric = registry.load_rubric(str(SYNTHETIC))
    items = [honour(f"县级{i}", "county", f"2025-01-{i + 1:02d}") for i in range(11)]
    s = score_rule(rubric.bonuses[0], rubric, items, dt.date(2025, 12, 1), proofs_for(items))
    assert s.points == D("1.0")
    assert sum(1 for i in s.items if i.counted) == 10
    assert s.items[-1].reason.startswith("已达该项上限")


def test_personal_unknown_and_unscored_levels():
    rubric = registry.load_rubric(str(SYNTHETIC))
    items = [
        honour("个人奖", "national", "2025-01-01", holder="personal"),
        honour("乡镇奖", "township", "2025-01-01"),
        honour("市级奖", "city", "2025-01-01"),
    ]
    got = by_name(score_rule(rubric.bonuses[0], rubric, items, dt.date(2025, 12, 1), proofs_for(items)))
    assert "个人荣誉" in got["个人奖"].reason
    assert "未在测评细则中声明" in got["乡镇奖"].reason
    assert "不在该项加分范围内" in got["市级奖"].reason
    assert not any(i.counted for i in got.values())


def test_relative_window_counts_back_365_days_from_assessment_date():
    rubric = rubric_or_skip("yueyang-2022")
    plan, rubric, _ = registry.load_unit_plan(ROOT / "tests/fixtures/scoring/yueyang-unit.yaml")
    ref, note = reference_date(plan, dt.date(2023, 1, 1))
    assert ref == dt.date(2023, 6, 30) and note is None
    (s,) = score_bonus(rubric, plan, ref, proofs_for(plan.honours))
    assert (s.window_start, s.window_end) == (dt.date(2022, 6, 30), dt.date(2023, 6, 30))
    got = by_name(s)
    assert got["省级青年文明号"].points == D(1)  # exactly 365 days before: inside
    assert "不在加分期限" in got["市级文明窗口"].reason  # 366 days before
    assert "个人荣誉" in got["全国先进个人"].reason
    assert got["市级三八红旗集体"].points == D("0.5")  # on the assessment date itself
    assert s.points == D("1.5")


def test_relative_window_without_assessment_date_uses_check_date():
    ref, note = reference_date(None, dt.date(2024, 5, 1))
    assert ref == dt.date(2024, 5, 1) and "检查日期" in note


def test_promotion_same_content_counts_once_at_highest_tier_and_partial_cap():
    rubric = registry.load_rubric(str(SYNTHETIC))
    vocab = rubric.vocabularies.model_copy(
        update={
            "media_tiers": (
                *rubric.vocabularies.media_tiers,
                rubric.vocabularies.media_tiers[0].model_copy(
                    update={"id": "provincial", "label": "省级主流媒体"}
                ),
            )
        }
    )
    rubric = rubric.model_copy(update={"vocabularies": vocab})
    rule = BonusRule(
        id="promotion",
        kind="promotion",
        label="经验推介",
        text="中央每项3分，省级每项2分，同一内容按最高分，最多10分",
        window=DateWindow(text="2020年至2021年", start=dt.date(2020, 1, 1), end=dt.date(2021, 12, 31)),
        levels=(BonusLevel(level="central", points=D(3)), BonusLevel(level="provincial", points=D(2))),
        cap=D(10),
        same_content_once=True,
    )
    items = [
        promotion("垃圾分类经验（省）", "provincial", "2021-03-01", "garbage"),
        promotion("垃圾分类经验（中央）", "central", "2021-05-01", "garbage"),
        promotion("志愿服务（中央）", "central", "2021-01-01", "volunteer"),
        promotion("党建（中央）", "central", "2020-06-01", "party"),
        promotion("家风（省）", "provincial", "2021-02-01", "family"),
        promotion("个人经验", "central", "2021-02-01", "personal", holder="personal"),
    ]
    s = score_rule(rule, rubric, items, dt.date(2021, 12, 1), proofs_for(items))
    got = by_name(s)
    assert (
        "同一内容" in got["垃圾分类经验（省）"].reason
        and "垃圾分类经验（中央）" in got["垃圾分类经验（省）"].reason
    )
    assert got["垃圾分类经验（中央）"].points == D(3)
    # 3 + 3 + 3 = 9, then the provincial 2 meets the cap with 1 left
    assert got["家风（省）"].points == D(1) and "只计1分" in got["家风（省）"].reason
    assert got["个人经验"].reason.startswith("个人")
    assert s.points == D(10)


def test_yiyang_windows_when_transcribed():
    rubric = rubric_or_skip("yiyang-2021")
    honours = next(b for b in rubric.bonuses if b.kind == "honour")
    assert window_bounds(honours, dt.date(2021, 11, 1)) == (dt.date(2020, 1, 1), dt.date(2021, 12, 31))
    items = [honour("市级", "city", "2021-05-01"), honour("早", "city", "2019-12-31")]
    s = score_rule(honours, rubric, items, dt.date(2021, 11, 1), proofs_for(items))
    assert s.points == D("0.2")


def test_a_claim_without_its_proof_scores_zero_and_says_which_proof():
    rubric = rubric_or_skip("yiyang-2021")
    rule = next(b for b in rubric.bonuses if b.kind == "honour")
    items = [honour("益阳市2020年度平安建设先进单位（示例）", "city", "2021-03-16")]
    s = score_rule(rule, rubric, items, dt.date(2021, 11, 1), [])
    assert s.points == 0 and not s.items[0].counted
    assert "加分/ 中没有" in s.items[0].reason and "2021-03-16" in s.items[0].reason
    # a file whose name carries the title (without the bracketed remark) and the date, spelt variously
    for name in (
        "加分/2021-03-16 益阳市2020年度平安建设先进单位.pdf",
        "加分/证书/益阳市2020年度平安建设先进单位 20210316.jpg",
        "加分/2021年3月16日益阳市2020年度平安建设先进单位.pdf",
    ):
        s = score_rule(rule, rubric, items, dt.date(2021, 11, 1), [name])
        assert s.points == D("0.2") and s.items[0].proof == name, name
    # the right title with another date, or the date with another title, proves nothing
    for name in ("加分/2021-03-17 益阳市2020年度平安建设先进单位.pdf", "加分/2021-03-16 文明单位.pdf"):
        assert score_rule(rule, rubric, items, dt.date(2021, 11, 1), [name]).points == 0, name


def test_a_proof_named_in_the_entry_must_exist():
    rubric = rubric_or_skip("yiyang-2021")
    rule = next(b for b in rubric.bonuses if b.kind == "honour")
    items = [honour("平安单位", "city", "2021-03-16", evidence="平安单位证书.pdf")]
    assert score_rule(rule, rubric, items, dt.date(2021, 11, 1), ["加分/平安单位证书.pdf"]).points == D("0.2")
    s = score_rule(rule, rubric, items, dt.date(2021, 11, 1), ["加分/2021-03-16 平安单位.pdf"])
    assert s.points == 0 and "平安单位证书.pdf" in s.items[0].reason
