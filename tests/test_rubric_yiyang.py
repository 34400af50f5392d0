"""Pin the transcription of the Yiyang rubric (yiyang-2021) and its example unit plan."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest

from wenming_cli.rubric.loader import load_rubric_file
from wenming_cli.rubric.registry import load_unit_plan
from wenming_cli.rubric.semantic import printed_points

ROOT = Path(__file__).resolve().parents[1]
RUBRIC = ROOT / "rubrics" / "yiyang-2021.yaml"
UNIT = ROOT / "examples" / "yiyang-party-school" / "unit.yaml"

MR, FI, Q = "material_review", "field_inspection", "questionnaire"


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
    assert rubric.id == "yiyang-2021"
    assert rubric.city == "益阳市"
    assert rubric.title == "益阳市文明单位(标兵单位)测评细则(2021年版)"
    assert rubric.edition == "2021年版"
    assert rubric.year == 2021
    assert rubric.year_source == "stated"
    assert rubric.source.file == "000_9a418e0fb557243e.txt"
    assert rubric.total_points == Decimal("100")
    assert rubric.assessment_period_years == 1
    assert rubric.thresholds is None
    assert any("分数线" in n for n in rubric.notes)


def test_vocabularies(rubric):
    voc = rubric.vocabularies
    assert [m.id for m in voc.methods] == [MR, FI, Q]
    assert [m.id for m in voc.methods if m.needs_files] == [MR]
    assert {k.id for k in voc.evidence_kinds} >= {"activity", "official_document", "report", "plan", "roster"}
    assert [u.id for u in voc.unit_categories] == ["1", "2", "3", "4", "5"]
    assert [u.label for u in voc.unit_categories][0] == "第一类单位"


def test_structure(rubric):
    assert len(rubric.categories) == 11
    assert len(rubric.standards) == 44
    assert [s.number for s in rubric.standards] == [str(n) for n in range(1, 45)]
    assert [s.label for s in rubric.standards] == [f"{n}." for n in range(1, 45)]
    assert [c.points for c in rubric.categories] == [
        Decimal(p) for p in (10, 6, 8, 4, 10, 6, 12, 10, 14, 8, 12)
    ]
    assert sum(c.points for c in rubric.categories) == Decimal("100")
    members = {
        1: [1, 2, 3],
        2: [4, 5],
        3: [6, 7, 8],
        4: [9, 10],
        5: [11, 12, 13, 14, 15],
        6: [16, 17],
        7: [18, 19, 20, 21, 22],
        8: [23, 24, 25, 26, 27, 28, 29],
        9: [30, 31, 32, 33, 34],
        10: [35, 36, 37, 38],
        11: [39, 40, 41, 42, 43, 44],
    }
    for cat, numbers in members.items():
        assert [s.number for s in rubric.standards if s.category == str(cat)] == [str(n) for n in numbers]


def test_category_titles(rubric):
    assert [c.title for c in rubric.categories] == [
        "理想信念教育",
        "培育和践行社会主义核心价值观",
        "思想道德建设",
        "党组织建设和党风廉政建设",
        "文明优质服务",
        "推进诚信建设",
        "文明风尚行动",
        "涵育单位文化",
        "履行社会责任",
        "创建工作机制",
        "工作实绩和内部管理",
    ]


def test_category_points_equal_clause_sums(rubric):
    for cat in rubric.categories:
        total = sum(
            (c.points for s in rubric.standards if s.category == cat.number for c in s.clauses), Decimal(0)
        )
        assert total == cat.points, cat.title


def test_every_printed_point_matches_its_clause(rubric):
    for std in rubric.standards:
        assert std.clauses, std.number
        for i, clause in enumerate(std.clauses, 1):
            assert clause.id == f"{std.number}.{i}"
            printed = printed_points(clause.text)
            assert printed == [clause.points], clause.id
        # the whole text carries exactly the clauses' points, in order
        assert printed_points(std.text) == [c.points for c in std.clauses], std.number


def test_clause_counts(rubric):
    multi = {s.number: len(s.clauses) for s in rubric.standards if len(s.clauses) > 1}
    assert multi == {"1": 3, "4": 2, "8": 2, "16": 2, "19": 2, "23": 2, "24": 2, "33": 2, "35": 2}
    assert rubric.clause("18.1").points == Decimal("3")
    assert rubric.clause("19.2").points == Decimal("1")
    assert rubric.clause("34.1").points == Decimal("5")
    assert rubric.clause("23.2").points == Decimal("1")


def test_short_titles_are_wenming_and_short(rubric):
    for std in rubric.standards:
        assert std.short_title_source == "wenming"
        assert 0 < len(std.short_title) <= 10


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (
            13,
            "采取集中授课、学习研讨、参访交流、岗位练兵等多种形式,加强业务技能培训,提高干部职工文明服务能力(2分)。",
        ),
        (15, "群众办事满意率≥80%(2分)。"),
        (
            22,
            "建立学雷锋志愿服务队伍,注册志愿者人数占员工总人数的比例≥50%,在职党员注册志愿者人数占党员总人数的比例≥80%"
            "(单位在职党员总数20人以下的全员注册),注册志愿者参加志愿服务活动的人数占注册志愿者总人数的比例≥85%(2分)。",
        ),
        (
            23,
            "加强文化活动室等文化阵地建设,经常组织开展形势政策、应急救护、消防安全、国防知识等方面教育培训,"
            '引导员工养成终身学习的好风尚(1分)。组织开展"潇湘家书"活动(1分)。',
        ),
        (
            33,
            '广泛开展保护环境、社区服务、慈善捐助、植绿护绿、无偿献血、"三关爱"、留守儿童心理健康教育等志愿服务和社会公益活动(2分);'
            '组织参与"四季同行·雷锋家乡学雷锋"志愿服务主题活动(2分)。',
        ),
        (38, "干部职工对本单位创建工作的参与率≥95%,满意度≥90%,支持率≥90%(2分)。"),
    ],
)
def test_standard_texts_verbatim(rubric, number, text):
    assert rubric.standard(number).text == text


def test_texts_have_no_layout_spaces(rubric):
    for std in rubric.standards:
        # the only printed space inside a standard is the slogan 文明益阳 爱卫同行 (18)
        assert " " not in std.text.replace("文明益阳 爱卫同行", ""), std.number
        assert ">" not in std.text, std.number


def test_clause_texts(rubric):
    assert (
        rubric.clause("1.2").text
        == "坚持以习近平总书记关于宣传思想工作和精神文明建设的重要论述指导单位文明创建(2分)"
    )
    assert rubric.clause("24.1").text == '推进"全民阅读",加强单位图书室(图书角)、阅览室等阅读场所建设(1分)'
    assert (
        rubric.clause("30.1").text == "紧密结合本单位本部门职能职责,认真落实常态化疫情防控各项工作要求。(2分)"
    )


@pytest.mark.parametrize(
    ("number", "methods", "source"),
    [
        (1, [MR], "stated"),
        (4, [MR, FI], "stated"),
        (11, [MR, Q], "stated"),
        (13, [MR, FI], "stated"),
        (15, [Q], "stated"),
        (19, [MR, FI], "stated"),
        (28, [MR, Q], "stated"),
        (37, [FI], "stated"),
        (38, [Q], "stated"),
        (40, [MR, FI], "stated"),
        (44, [MR, FI], "stated"),
        (2, [MR], "inferred"),
        (10, [MR], "inferred"),
        (14, [MR, FI], "inferred"),
        (30, [MR], "inferred"),
    ],
)
def test_methods(rubric, number, methods, source):
    std = rubric.standard(number)
    assert list(std.methods) == methods
    assert std.methods_source == source
    if source == "inferred":
        assert std.note and "考评方法" in std.note


def test_inferred_methods_are_the_blank_cells(rubric):
    inferred = [s.number for s in rubric.standards if s.methods_source == "inferred"]
    assert inferred == [str(n) for n in (2, 3, 6, 8, 10, 12, 14, 17, 20, 22, 25, 27, 30, 31, 33, 34, 36, 41, 43)]


def test_questionnaire_only_clauses_need_no_files(rubric):
    for number in (15, 38):
        std = rubric.standard(number)
        assert not rubric.needs_files(std, std.clauses[0])
    std4 = rubric.standard(4)
    assert rubric.needs_files(std4, std4.clauses[0])


def test_volunteer_clauses(rubric):
    volunteer = [c.id for s in rubric.standards for c in s.clauses if c.volunteer]
    assert volunteer == ["22.1", "33.1", "33.2"]
    for cid in volunteer:
        assert rubric.clause(cid).volunteer_source == "inferred"


def test_named_evidence(rubric):
    ev = rubric.clause("19.2").evidence
    assert [e.kind for e in ev] == ["plan"]
    assert ev[0].source == "inferred" and ev[0].quote == "制定实施方案和年度工作计划"
    ev = rubric.clause("20.1").evidence
    assert [e.kind for e in ev] == ["plan"] and ev[0].quote == "有具体方案、措施"
    assert rubric.clause("1.1").evidence == ()
    for std in rubric.standards:
        for clause in std.clauses:
            for e in clause.evidence:
                assert e.quote and e.quote in clause.text, clause.id


def _target(rubric, target_id):
    return next(t for t in rubric.targets if t.id == target_id)


def test_volunteer_targets(rubric):
    staff = _target(rubric, "volunteer_ratio_staff")
    assert (staff.clause, staff.numerator, staff.denominator) == (
        "22.1",
        "registered_volunteers",
        "staff_total",
    )
    assert (staff.comparison, staff.value) == (">=", Decimal("50"))
    assert ">" in staff.note  # the prose's reading is kept beside the value
    party = _target(rubric, "volunteer_ratio_party_members")
    assert (party.numerator, party.denominator) == ("party_member_volunteers", "party_members_total")
    assert (party.comparison, party.value) == (">=", Decimal("80"))
    assert (party.when.figure, party.when.comparison, party.when.value) == (
        "party_members_total",
        "<=",
        Decimal("20"),
    )
    assert party.value_when == Decimal("100")
    active = _target(rubric, "volunteer_active_ratio")
    assert (active.numerator, active.denominator) == ("active_volunteers", "registered_volunteers")
    assert (active.comparison, active.value) == (">=", Decimal("85"))


def test_rate_targets(rubric):
    expected = {
        "service_satisfaction": ("15.1", "service_satisfaction_rate", "80"),
        "creation_participation": ("38.1", "participation_rate", "95"),
        "creation_satisfaction": ("38.1", "satisfaction_rate", "90"),
        "creation_support": ("38.1", "support_rate", "90"),
    }
    for target_id, (clause, figure, value) in expected.items():
        t = _target(rubric, target_id)
        assert (t.clause, t.figure, t.comparison, t.value) == (clause, figure, ">=", Decimal(value))


def test_task_targets(rubric):
    reg = _target(rubric, "a3-4.1-volunteer_ratio_staff")
    assert (reg.task, reg.clause, reg.comparison, reg.value) == ("a3-4.1", None, ">=", Decimal("100"))
    act = _target(rubric, "a3-4.1-volunteer_active_ratio")
    assert (act.task, act.numerator, act.denominator, act.value) == (
        "a3-4.1",
        "active_volunteers",
        "registered_volunteers",
        Decimal("80"),
    )


def test_figure_relations(rubric):
    relations = {(r.left, r.comparison, r.right) for r in rubric.figure_relations}
    assert relations == {
        ("registered_volunteers", "<=", "staff_total"),
        ("active_volunteers", "<=", "registered_volunteers"),
        ("party_member_volunteers", "<=", "party_members_total"),
        ("party_member_volunteers", "<=", "registered_volunteers"),
    }


def test_bonuses(rubric):
    honours, promotion = rubric.bonuses
    assert (honours.id, honours.kind) == ("honours", "honour")
    assert {lv.level: lv.points for lv in honours.levels} == {
        "national": Decimal("2"),
        "provincial": Decimal("1"),
        "city": Decimal("0.2"),
    }
    assert str(honours.levels[2].points) == "0.2"  # exact, never through a float
    assert honours.cap == Decimal("10")
    assert honours.unit_only is True
    assert (honours.window.start, honours.window.end) == (dt.date(2020, 1, 1), dt.date(2021, 12, 31))
    assert honours.window.text == "2020年至2021年" and honours.window.basis == "document_date"
    assert "注:" in honours.text and "单位荣誉称号" in honours.text
    assert honours.text.count("每一项加0.2分") == 1  # the duplicated fragment of the table is dropped
    assert (promotion.id, promotion.kind) == ("promotion", "promotion")
    assert {lv.level: lv.points for lv in promotion.levels} == {
        "central": Decimal("3"),
        "provincial": Decimal("2"),
    }
    assert promotion.cap == Decimal("10")
    assert promotion.same_content_once is True
    assert promotion.window == honours.window
    assert list(honours.methods) == list(promotion.methods) == [MR]


def test_photo_rules(rubric):
    photo = rubric.material_rules.photo
    assert photo.formats == ("jpeg",)
    assert (photo.size.min.value, photo.size.min.unit, photo.size.min.exclusive) == (
        Decimal("1.5"),
        "M",
        True,
    )
    assert (photo.size.max.value, photo.size.max.unit, photo.size.max.exclusive) == (Decimal("2"), "M", True)
    assert photo.size.byte_reading == "ambiguous" and photo.size.reason
    assert (photo.min_per_activity, photo.max_per_activity) == (1, 3)
    assert photo.frontal_photo_required is True
    assert photo.title_format.prefix == "益阳市2021年"
    assert photo.title_format.text == "益阳市2021年+单位名称+活动名称"
    fields = {f.id: f for f in photo.caption_fields}
    assert [f.label for f in photo.caption_fields if not f.volunteer_only] == [
        "时间",
        "地点",
        "主办单位",
        "主题",
        "参加人员",
    ]
    assert [f.label for f in photo.caption_fields if f.volunteer_only] == ["志愿者", "服务对象", "服务内容"]
    assert "活动单位" in fields["organiser"].aliases
    assert set(fields["volunteers"].aliases) == {"服务单位或个人", "志愿者名字"}


def test_other_material_rules(rubric):
    mr = rubric.material_rules
    assert mr.pdf.max_size.max.value == Decimal("2") and mr.pdf.max_size.max.exclusive
    assert mr.pdf.max_size.min is None and mr.pdf.max_size.byte_reading == "ambiguous"
    assert mr.pdf.red_header_required and mr.pdf.seal_page_required and mr.pdf.source == "附件2 注2"
    phrases = {b.text: b.source for b in mr.report.banned_phrases}
    assert phrases == {"截至目前": "stated", "近年来": "stated", "截止目前": "inferred"}
    assert mr.report.min_measures == 3 and mr.report.headings_required and mr.report.data_required
    assert mr.media_screenshot_required and mr.submission_sheet_required
    assert mr.default_min_activities == 1
    assert (mr.activities_deadline.kind, mr.activities_deadline.end) == ("by", "10-31")
    assert len(mr.notes) == 18  # 附件2 注1—10, 附件3 注1—8


def test_task_lists(rubric):
    a2, a3 = rubric.task_lists
    assert (a2.id, a2.applies_to) == ("a2", "unit_plan")
    assert [t.id for t in a2.tasks] == ["a2-1", "a2-2", "a2-3", "a2-4"]
    assert (a3.id, a3.applies_to, a3.unit_categories) == ("a3", "unit_categories", ("1", "2", "3", "4", "5"))
    assert [t.id for t in a3.tasks] == [
        "a3-1.1", "a3-1.2",
        "a3-2.1", "a3-2.2", "a3-2.3", "a3-2.4", "a3-2.5",
        "a3-3.1", "a3-3.2", "a3-3.3", "a3-3.4", "a3-3.5", "a3-3.6",
        "a3-4.1", "a3-4.2",
        "a3-5.1", "a3-5.2", "a3-5.3", "a3-5.4", "a3-5.5", "a3-5.6",
    ]  # fmt: skip
    assert "垃圾分类" in rubric.task("a3-3.4").requirement
    assert rubric.task("a3-3.4").title == "垃圾分类"
    assert rubric.task("a3-5.1").title == "(一)宣传氛围"
    assert rubric.task("a3-5.4").requirement.startswith("有工作人员去向牌")
    for t in a3.tasks:
        if t.id.startswith("a3-5."):
            assert t.evidence == () and "实地考察" in t.note


def test_task_deadlines(rubric):
    def d(task_id):
        return rubric.task(task_id).deadline

    assert (d("a2-1").kind, d("a2-1").end) == ("by", "10-31")
    assert (d("a2-2").kind, d("a2-2").end, d("a2-2").text) == ("by", "03-31", "第一季度")
    assert d("a2-3").kind == "quarterly"
    assert (d("a2-4").kind, d("a2-4").end_date) == ("by", dt.date(2023, 8, 31))
    assert rubric.task("a2-4").period.end == dt.date(2023, 8, 31)
    assert rubric.task("a2-4").requirement.startswith("每获得一项有效荣誉称号得0.5分")
    assert (d("a3-2.2").kind, d("a3-2.2").end) == ("by", "06-30")
    assert (d("a3-3.1").kind, d("a3-3.1").start, d("a3-3.1").end) == ("window", "04-01", "09-30")
    assert d("a3-3.5").kind == "quarterly" and "合并" in d("a3-3.5").note  # merged 每季度 cell


def test_task_evidence(rubric):
    ev = rubric.task("a3-1.2").evidence[0]
    assert (ev.min_count, ev.per, ev.source) == (1, "quarter", "stated")
    ev = rubric.task("a3-2.1").evidence[0]
    assert (ev.kind, ev.min_count, ev.per) == ("activity", 2, "quarter")
    assert "全年" in ev.note  # the other reading is noted
    assert rubric.task("a3-4.1").volunteer and rubric.task("a3-4.2").volunteer
    assert rubric.task("a3-4.1").standards == ("22",)


def test_unit_plan_loads():
    plan, rubric, problems = load_unit_plan(UNIT)
    assert [p for p in problems if p.severity == "error"] == []
    assert rubric.id == "yiyang-2021"
    assert plan.unit.name == "中共益阳市委党校"
    assert "市委党校" in plan.unit.short_names
    assert (plan.unit.category, plan.unit.category_source) == ("1", "inferred")
    assert plan.assessment_date == dt.date(2021, 7, 10) and plan.assessment_date_source == "inferred"


def test_unit_plan_roster_and_departments():
    plan, _, _ = load_unit_plan(UNIT)
    names = plan.roster_names
    for name in ("李振华", "王国奇", "曹谦", "周铁涛", "戎天美", "李庆来", "何兵", "刘亮", "周星亮", "詹鹏"):
        assert name in names
    assert not any(" " in n for n in names)
    assert len(names) == len(set(names)) == 30
    deps = {d.name: d.id for d in plan.departments}
    for name in ("办公室", "行政科", "机关党委", "纪委", "工会", "人事科", "学员管理科", "培训科", "保卫科", "图书馆",
                 "校创文办", "教务科", "科研科"):  # fmt: skip
        assert name in deps
    assert all(re.fullmatch(r"[a-z_]+", d.id) for d in plan.departments)


def test_unit_plan_assignments():
    plan, rubric, _ = load_unit_plan(UNIT)
    subjects = [a.subject for a in plan.assignments]
    assert subjects[:44] == [str(n) for n in range(1, 45)]
    for task_list in rubric.task_lists:
        for task in task_list.tasks:
            assert task.id in subjects
    assert plan.assignment_for("15").departments == ("hr", "trainee_mgmt", "training")
    assert plan.assignment_for("22.1", "22").departments == ("hr",)
    assert plan.assignment_for("2").departments[0] == "party_committee"
    assert plan.assignment_for("a2-3").material == "提供计划、方案及第一季度活动图片资料"
    assert plan.assignment_for("a3-1.1").persons == ("刘亮",)
    assert sum(1 for a in plan.assignments if a.persons) == 1


def test_unit_plan_examples_are_marked():
    plan, _, _ = load_unit_plan(UNIT)
    assert "示例" in plan.figures_note
    assert plan.figures["staff_total"] == 86
    assert [h.holder for h in plan.honours] == ["unit", "personal"]
    assert all("示例" in h.note for h in plan.honours)
    unit_honour = plan.honours[0]
    assert unit_honour.level == "city" and dt.date(2020, 1, 1) <= unit_honour.document_date <= dt.date(
        2021, 12, 31
    )
    assert plan.self_assessment["15.1"].points == Decimal("2")


def _texts(node, path=()):
    """Every printed text field (not notes) of the rubric's YAML data, with its path."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("note", "notes", "year_note", "reason"):
                continue
            yield from _texts(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _texts(value, (*path, i))
    elif isinstance(node, str):
        yield path, node


def test_no_editorial_ellipsis_in_printed_text(rubric):
    """Seed text is copied as printed; a gap is described in `note`, never marked with “……” (issue 13)."""
    data = rubric.model_dump(mode="json")
    marked = [path for path, text in _texts(data) if "……" in text]
    assert marked == []


def test_transcription_points_of_issue_13(rubric):
    a2_1 = rubric.task("a2-1")
    assert a2_1.requirement == "" and a2_1.title_source == "inferred" and "乱码" in a2_1.note
    assert rubric.clause("37.1").evidence == () and rubric.standard("37").methods == ("field_inspection",)
    a3_4_2 = rubric.task("a3-4.2").evidence[0]
    assert (a3_4_2.min_count, a3_4_2.per) == (4, "quarter") and "另一读法" in a3_4_2.note
    a3_3_2 = rubric.task("a3-3.2").evidence[0]
    assert (a3_3_2.count_for("1"), a3_3_2.count_for("3"), a3_3_2.count_for(None)) == (4, 2, 2)
    # Task → standard links are wenming's own mapping, and say so.
    assert {t.standards_source for tl in rubric.task_lists for t in tl.tasks} == {"wenming"}


def test_departments_are_not_carried_across_categories():
    plan, _, _ = load_unit_plan(UNIT)
    # Read as merged cells, never carried over from another category (issue 13).
    for subject in ("6", "7"):
        a = plan.assignment_for(subject)
        assert a.departments == () and "补填" in a.note, subject
    for subject in ("9", "10"):
        a = plan.assignment_for(subject)
        assert a.departments == ("party_committee", "discipline", "union") and "合并单元格" in a.note, subject
    assert plan.assignment_for("11").departments == ("office",) and "合并单元格" in plan.assignment_for("11").note
    assert plan.assignment_for("5").departments == ("office",)  # 6 no longer inherits 5's office
    assert plan.assignment_for("24").departments[0] == "party_committee"  # the first printed leads


def test_conditional_report_rules_carry_their_source(rubric):
    rules = rubric.material_rules
    # 附件2 注4: three measures only of a report that must give measures (第20条: 有具体方案、措施).
    assert (rules.report.min_measures, rules.report.measures_scope) == (3, "measures_reports")
    marked = [c.id for s in rubric.standards for c in s.clauses for r in c.evidence if r.measures_report]
    assert marked == ["20.1"]
    # 附件2 注2: red header, seal and the 文号.
    assert rules.pdf.red_header_required and rules.pdf.seal_page_required and rules.pdf.document_number_required
    assert "注2" in rules.pdf.source and "注4" in rules.report.source
