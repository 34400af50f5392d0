"""Pin the transcription of the Yueyang rubric (yueyang-2022) and its example unit plan."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from wenming_cli.rubric.loader import load_rubric_file
from wenming_cli.rubric.registry import load_unit_plan
from wenming_cli.rubric.semantic import printed_points

ROOT = Path(__file__).resolve().parents[1]
RUBRIC = ROOT / "rubrics" / "yueyang-2022.yaml"
UNIT = ROOT / "examples" / "yueyang-port-office" / "unit.yaml"

DOERS = ["柳佳琪", "李显庆", "易博文", "陈信晖", "鲁继宗", "蔡奔", "张剑红", "张剑虹", "杨慧源"]
RESPONSIBLE = ["郭柴军", "郭柒军", "谭熙", "李丹", "陈建文", "朱奇"]


@pytest.fixture(scope="module")
def loaded():
    return load_rubric_file(RUBRIC)


@pytest.fixture(scope="module")
def rubric(loaded):
    assert loaded.model is not None, [p.message for p in loaded.problems]
    return loaded.model


def test_loads_without_errors(loaded):
    assert loaded.model is not None
    assert [p for p in loaded.problems if p.severity == "error"] == []


def test_identity(rubric):
    assert rubric.id == "yueyang-2022"
    assert rubric.city == "岳阳市"
    assert rubric.year == 2022
    assert rubric.year_source == "inferred"
    assert "二十大" in rubric.year_note
    assert rubric.total_points == Decimal("100")


def test_structure(rubric):
    assert len(rubric.categories) == 9
    assert len(rubric.standards) == 31
    assert [s.number for s in rubric.standards] == [str(n) for n in range(1, 32)]
    assert [s.label for s in rubric.standards] == [f"({n})" for n in range(1, 32)]
    assert [c.points for c in rubric.categories] == [Decimal(p) for p in (12, 10, 6, 10, 16, 10, 10, 10, 16)]
    assert sum(c.points for c in rubric.categories) == Decimal("100")
    members = {
        1: [1, 2, 3],
        2: [4, 5],
        3: [6, 7],
        4: [8, 9, 10],
        5: [11, 12, 13, 14, 15, 16],
        6: [17, 18, 19, 20, 21],
        7: [22, 23],
        8: [24, 25, 26],
        9: [27, 28, 29, 30, 31],
    }
    for cat, numbers in members.items():
        assert [s.number for s in rubric.standards if s.category == str(cat)] == [str(n) for n in numbers]


def test_category_titles(rubric):
    cat3 = rubric.categories[2]
    assert cat3.title == "党的建设和党风廉政建设"
    assert "党组织建设和党风廉政建设" in cat3.note
    assert rubric.categories[7].title == "创建工作机制"


def test_category_points_equal_clause_sums(rubric):
    for cat in rubric.categories:
        total = sum(
            (c.points for s in rubric.standards if s.category == cat.number for c in s.clauses), Decimal(0)
        )
        assert total == cat.points, cat.title


def test_clause_ids_in_printed_order(rubric):
    for s in rubric.standards:
        assert [c.id for c in s.clauses] == [f"{s.number}.{i}" for i in range(1, len(s.clauses) + 1)]
    assert sum(len(s.clauses) for s in rubric.standards) == 53


def test_printed_points_match(rubric):
    for s in rubric.standards:
        for c in s.clauses:
            printed = printed_points(c.text)
            if printed:
                assert sum(printed, Decimal(0)) == c.points, c.id
                assert c.points_source == "stated", c.id
            else:
                assert c.points_source == "inferred", c.id
        # the standard's text holds every clause text, in order
        pos = 0
        for c in s.clauses:
            found = s.text.find(c.text, pos)
            assert found >= 0, c.id
            pos = found + len(c.text)


def test_inferred_cases(rubric):
    c3 = rubric.clause("3.1")
    assert len(rubric.standard(3).clauses) == 1
    assert (c3.points, c3.points_source, c3.grouping) == (Decimal("2"), "stated", "inferred")
    assert c3.note and "无责任事故" in c3.text and c3.text.endswith("做好扫黄打非工作（2分）")

    assert len(rubric.standard(25).clauses) == 2
    c25 = rubric.clause("25.1")
    assert (c25.points, c25.points_source, c25.grouping) == (Decimal("2"), "stated", "inferred")
    assert c25.text.startswith("创建工作氛围浓厚") and c25.text.endswith("专题专栏（2分）")
    assert rubric.clause("25.2").grouping == "stated"

    assert len(rubric.standard(14).clauses) == 1
    c14 = rubric.clause("14.1")
    assert (c14.points, c14.points_source) == (Decimal("2"), "inferred")
    assert printed_points(c14.text) == [] and "16" in c14.note

    assert len(rubric.standard(22).clauses) == 3
    c22 = rubric.clause("22.2")
    assert (c22.points, c22.points_source) == (Decimal("2"), "inferred")
    assert c22.text == "积极参与所在地方的乡村振兴、生态文明建设等重点任务"
    assert "10" in c22.note

    inferred = {c.id for s in rubric.standards for c in s.clauses if c.points_source == "inferred"}
    grouped = {c.id for s in rubric.standards for c in s.clauses if c.grouping == "inferred"}
    assert inferred == {"14.1", "22.2"}
    assert grouped == {"3.1", "25.1"}


def test_standard_five_has_two_one_point_clauses(rubric):
    points = [c.points for c in rubric.standard(5).clauses]
    assert points == [Decimal("2"), Decimal("1"), Decimal("1")]
    assert rubric.clause("5.3").text == "积极推荐身边好人, 发动本单位干部职工做好“身边好人”的投票工作(1分)"


def test_methods(rubric):
    assert {m.id for m in rubric.vocabularies.methods} == {
        "material_review",
        "field_inspection",
        "questionnaire",
    }
    assert rubric.method("material_review").needs_files
    assert rubric.standard(8).methods == ("material_review", "questionnaire")
    assert rubric.standard(25).methods == ("material_review", "field_inspection")
    assert rubric.standard(16).methods == ("material_review",)
    with_field = [s.number for s in rubric.standards if "field_inspection" in s.methods]
    assert with_field == [str(n) for n in (4, 5, 9, 10, 12, 13, 18, 25, 26, 28)]
    assert all(s.methods[0] == "material_review" for s in rubric.standards)


SAMPLES = {
    1: "把深入学习习近平新时代中国特色社会主义思想作为党委（党组）首要政治任务和理论学习中心组学习主题主线，"
    "抓好《习近平谈治国理政》《习近平新时代中国特色社会主义思想学习纲要》、习近平总书记在重大时间节点发表的重要讲话等的学习，"
    "切实用习近平新时代中国特色社会主义思想武装头脑、教育员工、推动工作（2分） "
    "专题学习习近平总书记关于宣传思想和精神文明建设的重要思想，用以指导单位文明创建，成效显著（2分） "
    "教育引导党员干部自觉增强“四个意识”、坚定“四个自信”、做到“两个维护”、捍卫“两个确立”（2分）",
    3: "党委（党组）切实负起意识形态工作的政治责任和领导责任，无责任事故 做好扫黄打非工作（2分）",
    14: "开展移风易俗, 持之以恒抓实文明节俭操办婚丧喜庆事宜工作, 并纳入干部职工评先评优考核依据",
    16: "建立学雷锋志愿服务队伍, 在湖南志愿服务信息平台注册志愿者人数占员工总人数的比例≥90%, "
    "在职党员注册志愿者人数占党员总人数的比例达100%, 注册志愿者参加志愿服务活动的人数占注册志愿者总人数的比例≥85%(2分)",
    25: "创建工作氛围浓厚，充分利用网站、自媒体等平台载体，创新改进单位文明创建宣传方式方法 "
    "加强文明创建信息化平台建设，有网站的单位开辟文明创建专题专栏（2分） "
    "积极主动向岳阳文明网等报送创建特色经验信息，每季度不少于2条，在全市文明创建中切实发挥示范引领作用（2分）",
}


@pytest.mark.parametrize("number", sorted(SAMPLES))
def test_sample_texts_verbatim(rubric, number):
    assert rubric.standard(number).text == SAMPLES[number]


def test_no_doers_or_residue_in_texts(rubric):
    texts = [s.text for s in rubric.standards] + [c.text for s in rubric.standards for c in s.clauses]
    texts += [b.text for b in rubric.bonuses]
    for text in texts:
        for name in DOERS + RESPONSIBLE:
            assert name not in text
        assert not re.search(r"</?[pb]>", text)
        assert "  " not in text and text == text.strip()


def test_evidence(rubric):
    kinds = {k.id for k in rubric.vocabularies.evidence_kinds}
    for s in rubric.standards:
        for c in s.clauses:
            for ev in c.evidence:
                assert ev.kind in kinds
                assert ev.quote and ev.quote in c.text, c.id
                assert ev.source == "inferred"
    (ev13,) = rubric.clause("13.2").evidence
    assert (ev13.kind, ev13.quote) == ("plan", "有实施方案和年度工作计划")
    (ev25,) = rubric.clause("25.2").evidence
    assert (ev25.kind, ev25.min_count, ev25.per, ev25.quote) == (
        "submission_record",
        2,
        "quarter",
        "每季度不少于2条",
    )


def test_volunteer_clauses(rubric):
    volunteer = {c.id for s in rubric.standards for c in s.clauses if c.volunteer}
    assert volunteer == {"16.1", "23.2"}
    assert all(rubric.clause(i).volunteer_source == "inferred" for i in volunteer)


def test_targets(rubric):
    targets = {t.id: t for t in rubric.targets}
    assert set(targets) == {
        "volunteer_ratio_staff",
        "volunteer_ratio_party_members",
        "volunteer_active_ratio",
    }
    staff = targets["volunteer_ratio_staff"]
    assert (staff.clause, staff.numerator, staff.denominator, staff.comparison, staff.value) == (
        "16.1",
        "registered_volunteers",
        "staff_total",
        ">=",
        Decimal("90"),
    )
    party = targets["volunteer_ratio_party_members"]
    assert (party.numerator, party.denominator, party.value) == (
        "party_member_volunteers",
        "party_members_total",
        Decimal("100"),
    )
    assert party.comparison in (">=", "==")
    active = targets["volunteer_active_ratio"]
    assert (active.numerator, active.denominator, active.comparison, active.value) == (
        "active_volunteers",
        "registered_volunteers",
        ">=",
        Decimal("85"),
    )
    relations = {(r.left, r.comparison, r.right) for r in rubric.figure_relations}
    assert relations == {
        ("registered_volunteers", "<=", "staff_total"),
        ("active_volunteers", "<=", "registered_volunteers"),
        ("party_member_volunteers", "<=", "party_members_total"),
        ("party_member_volunteers", "<=", "registered_volunteers"),
    }


def test_honour_bonus(rubric):
    (bonus,) = rubric.bonuses
    assert (bonus.id, bonus.kind) == ("honours", "honour")
    assert {lv.level: lv.points for lv in bonus.levels} == {
        "national": Decimal("2"),
        "provincial": Decimal("1"),
        "city": Decimal("0.5"),
    }
    assert bonus.cap == Decimal("10")
    assert bonus.window.days_before_assessment == 365
    assert bonus.window.start is None and bonus.window.end is None
    assert bonus.window.text == "测评前一年内"
    assert bonus.window.basis == "document_date"
    assert bonus.text.startswith("测评前一年内(以发文时间为准), 单位获国家级荣誉称号的, 每一项加2分;")
    assert "该项累计最多加10分。 注:" in bonus.text and bonus.text.endswith("组织评选表彰的单位荣誉称号。")
    assert rubric.vocabularies.media_tiers == ()


def test_thresholds(rubric):
    th = rubric.thresholds
    assert th.includes_bonus is True
    assert [(t.id, t.label, t.min_points) for t in th.titles] == [
        ("civilized_unit", "文明单位", Decimal("80")),
        ("model_unit", "文明标兵单位", Decimal("90")),
    ]
    assert "测评总分低于80分不得评选为市文明单位、低于90分不得评选为市文明标兵单位" in th.quote


def test_no_material_rules(rubric):
    rules = rubric.material_rules
    assert rules.photo is None and rules.pdf is None and rules.report is None and rules.video is None
    assert rules.default_min_activities is None and rules.activities_deadline is None
    assert rubric.task_lists == ()
    assert not re.search(r"^material_rules:", RUBRIC.read_text(encoding="utf-8"), flags=re.M)


def test_notes(rubric):
    joined = "\n".join(rubric.notes)
    assert "每年评选一届" in joined
    assert "荣誉称号" in joined and "测评总分" in joined


# -- the example unit plan ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def unit():
    return load_unit_plan(UNIT)


def test_unit_plan_loads_with_only_the_expected_warnings(unit):
    plan, rubric, problems = unit
    assert rubric.id == "yueyang-2022"
    assert [p for p in problems if p.severity == "error"] == []
    assert {p.code for p in problems} == {"UNIT-PERSON-UNKNOWN"}
    named = {re.search(r"人员“(.+?)”", p.message).group(1) for p in problems}
    assert named == {"郭柴军", "张剑红"}
    for p in problems:
        if "郭柴军" in p.message:
            assert "郭柒军" in p.message
        else:
            assert "张剑虹" in p.message


def test_unit_plan_contents(unit):
    plan, rubric, _ = unit
    assert plan.unit.name == "岳阳市人民政府口岸管理办公室"
    assert plan.unit.short_names == ("市政府口岸办", "口岸办")
    assert plan.unit.category is None
    assert plan.assessment_year == 2023
    assert str(plan.assessment_date) == "2023-06-30"
    assert plan.assessment_date_source == "inferred"
    assert len(plan.roster) == 19
    assert {"郭柒军", "张剑虹", "鲁继宗"} <= set(plan.roster_names)
    assert {d.name for d in plan.departments} == {
        "行政财务科",
        "综合科",
        "工会",
        "进出口企业服务科",
        "口岸管理科",
        "口岸事务中心",
    }
    for s in rubric.standards:
        a = plan.assignment_for(str(s.number))
        assert a is not None and a.departments and a.persons, s.number
        for c in s.clauses:
            ca = next(x for x in plan.assignments if x.subject == c.id)
            assert ca.doers, c.id
    assert plan.assignment_for("1").persons == ("郭柴军",)
    assert plan.assignment_for("3.1").doers == ("柳佳琪", "李显庆")
    assert plan.assignment_for("18.1").doers == ("李显庆", "陈信晖")
    assert plan.assignment_for("22.2").doers == ("李显庆", "杨慧源")
    assert "示例" in plan.figures_note
    assert len(plan.honours) == 3
    assert {h.holder for h in plan.honours} == {"unit", "personal"}
