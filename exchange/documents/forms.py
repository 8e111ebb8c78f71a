"""The paper forms, built from the record as :mod:`~exchange.documents.layout` blocks.

干部挂职审批表 and 挂职干部考核鉴定表 of a posting, a report for filing with its
comments and 批示, and a round's 汇编 of every submitted report.
"""

from __future__ import annotations

from exchange.appraisals.models import GRADE_TEXT
from exchange.cadres.models import FORM_TEXT as POLITICAL_TEXT
from exchange.dates import term_months
from exchange.documents import layout as L
from exchange.documents.text import cn_date, cn_month, markdown_paragraphs
from exchange.postings.models import AGREED_STATUSES, PostingStatus

WIDTHS = [1.6, 1.5, 1.7, 1.4, 1.5, 1.6]
GENDER = {"M": "男", "F": "女"}
REPORT_KIND = {"monthly": "月度工作报告", "reflection": "心得体会", "final": "挂职总结"}
COMMENT_KIND = {"comment": "点评", "remark": "领导批示"}


def _grade(value) -> str:
    return GRADE_TEXT.get(str(value), "") if value else ""


def _unit(department) -> str:
    return f"{department.district.name}{department.name}"


def cadre_rows(cadre, position_text: str) -> list[L.Row]:
    """The cadre's data as the top of every form has it."""
    education = " ".join(x for x in (cadre.education, cadre.degree) if x)
    return [
        [
            L.Cell("姓  名", label=True),
            L.Cell(cadre.name),
            L.Cell("性  别", label=True),
            L.Cell(GENDER.get(cadre.gender or "", "")),
            L.Cell("出生年月", label=True),
            L.Cell(cn_month(cadre.birth_month)),
        ],
        [
            L.Cell("民  族", label=True),
            L.Cell(cadre.ethnicity),
            L.Cell("籍  贯", label=True),
            L.Cell(cadre.native_place),
            L.Cell("政治面貌", label=True),
            L.Cell(POLITICAL_TEXT.get(cadre.political_status or "", "")),
        ],
        [
            L.Cell("入党时间", label=True),
            L.Cell(cn_month(cadre.party_joined_month)),
            L.Cell("参加工作时间", label=True),
            L.Cell(cn_month(cadre.work_started_month)),
            L.Cell("学历学位", label=True),
            L.Cell(education),
        ],
        [
            L.Cell("职  级", label=True),
            L.Cell(cadre.rank),
            L.Cell("任现职时间", label=True),
            L.Cell(cn_month(cadre.home_position_month), span=3),
        ],
        [L.Cell("现工作单位及职务", label=True), L.Cell(position_text, span=5)],
    ]


def _term(posting) -> str:
    end = posting.end_date
    months = term_months(posting.start_date, end)
    return f"{cn_date(posting.start_date)}至{cn_date(end)}（约{months}个月）"


def posting_rows(posting) -> list[L.Row]:
    rows: list[L.Row] = [
        [
            L.Cell("挂职单位及职务", label=True),
            L.Cell(f"{_unit(posting.host_department)}{posting.host_position}", span=5),
        ],
        [L.Cell("挂职期限", label=True), L.Cell(_term(posting), span=5)],
    ]
    if posting.portfolio:
        rows.insert(1, [L.Cell("分管（联系）工作", label=True), L.Cell(posting.portfolio, span=5)])
    return rows


def _signer(user, district) -> str:
    return getattr(user, "display_name", "") or f"{district.name}组织人事部门"


def _proposed_on(posting) -> str:
    """The proposal's date: when the record was made, unless it was entered after the fact."""
    made = posting.created_at
    if made is None or (posting.decided_at is not None and made > posting.decided_at):
        return L.BLANK_DATE
    return cn_date(made)


def approval_form(posting) -> L.Document:
    """干部挂职审批表: the proposal, both sides' opinions, the term."""
    cadre = posting.cadre
    home = f"{_unit(posting.home_department)}{posting.home_position}"
    host = f"{_unit(posting.host_department)}{posting.host_position}"
    table = L.Table(WIDTHS, cadre_rows(cadre, home) + posting_rows(posting))
    for extension in posting.extensions:
        table.rows.append(
            [
                L.Cell("延  期", label=True),
                L.Cell(
                    f"计划结束日期由{cn_date(extension.previous_planned_end_date)}延至"
                    f"{cn_date(extension.new_planned_end_date)}。理由：{extension.reason}",
                    span=5,
                ),
            ]
        )
    table.rows.append(
        L.Opinion(
            "派出单位意见",
            f"同意选派{cadre.name}同志到{host}挂职。",
            _signer(posting.proposed_by, posting.home_district),
            _proposed_on(posting),
        )
    )
    if posting.status in AGREED_STATUSES:
        host_text, host_date = (
            f"同意接收{cadre.name}同志挂职，任{posting.host_position}。",
            cn_date(posting.decided_at),
        )
    elif posting.status == PostingStatus.DECLINED:
        host_text = f"不同意接收。理由：{posting.decision_reason}"
        host_date = cn_date(posting.decided_at)
    else:
        host_text, host_date = "", L.BLANK_DATE
    table.rows.append(
        L.Opinion(
            "接收单位意见",
            host_text,
            _signer(posting.decided_by, posting.host_district) if host_text else "",
            host_date,
        )
    )
    return L.Document(f"干部挂职审批表 · {cadre.name}").add(
        L.Title("干部挂职审批表"),
        L.Paragraph(f"交流批次：{posting.programme.name}", size=10.5),
        table,
    )


def _eot_text(appraisal) -> str:
    parts = [
        ("一、表现", appraisal.performance),
        ("二、主要成绩", appraisal.achievements),
        ("三、不足", appraisal.shortcomings),
        ("四、希望", appraisal.expectations),
    ]
    text = "\n".join(f"{head}：{body}" for head, body in parts if body)
    return f"{text}\n\n鉴定等次建议：{_grade(appraisal.proposed_grade)}"


def appraisal_form(posting, end_of_term, annual: dict) -> L.Document:
    """挂职干部考核鉴定表: the host's 鉴定意见 and grade, the home side's opinion."""
    cadre = posting.cadre
    home = f"{_unit(posting.home_department)}{posting.home_position}"
    table = L.Table(WIDTHS, cadre_rows(cadre, home) + posting_rows(posting))
    results = "；".join(f"{year}年度：{_grade(a.final_grade)}" for year, a in annual.items())
    table.rows.append([L.Cell("年度考核情况", label=True), L.Cell(results or "—", span=5)])
    a = end_of_term
    host_signed = a is not None
    home_signed = a is not None and a.home_signed_at is not None
    table.rows.append(
        L.Opinion(
            "接收单位鉴定意见",
            _eot_text(a) if host_signed else "",
            _signer(a.host_signed_by, posting.host_district) if host_signed else "",
            cn_date(a.host_signed_at) if host_signed else L.BLANK_DATE,
        )
    )
    home_text = ""
    if home_signed:
        home_text = f"{a.home_opinion}\n\n考核等次：{_grade(a.final_grade)}"
    table.rows.append(
        L.Opinion(
            "派出单位意见",
            home_text,
            _signer(a.home_signed_by, posting.home_district) if home_signed else "",
            cn_date(a.home_signed_at) if home_signed else L.BLANK_DATE,
        )
    )
    doc = L.Document(f"挂职干部考核鉴定表 · {cadre.name}").add(
        L.Title("挂职干部考核鉴定表"),
        L.Paragraph(f"交流批次：{posting.programme.name}", size=10.5),
        table,
    )
    if a is not None and a.revision > 1:
        last = a.versions[-1] if a.versions else None
        note = f"本表为第{a.revision}版。"
        if last is not None:
            note += f"更正理由：{last.reason}（{cn_date(last.corrected_at)}）"
        doc.add(L.Paragraph(note, size=10))
    return doc


def report_blocks(report, heading_level: int | None = None) -> list[L.Block]:
    """A report with its comments and 批示; a heading of the 汇编 when ``heading_level``."""
    posting = report.posting
    cadre = posting.cadre
    blocks: list[L.Block] = []
    if heading_level:
        blocks.append(L.Heading(f"{cadre.name}：{report.title}", heading_level))
    else:
        blocks.append(L.Title(report.title))
    blocks.append(
        L.Table(
            [1.2, 2, 1.2, 2],
            [
                [
                    L.Cell("姓  名", label=True),
                    L.Cell(cadre.name),
                    L.Cell("类  型", label=True),
                    L.Cell(REPORT_KIND.get(report.kind, report.kind)),
                ],
                [
                    L.Cell("派出单位", label=True),
                    L.Cell(f"{_unit(posting.home_department)}{posting.home_position}"),
                    L.Cell("挂职单位", label=True),
                    L.Cell(f"{_unit(posting.host_department)}{posting.host_position}"),
                ],
                [
                    L.Cell("报告日期", label=True),
                    L.Cell(cn_date(report.report_date)),
                    L.Cell("提交时间", label=True),
                    L.Cell(cn_date(report.submitted_at) if report.submitted_at else "未提交"),
                ],
            ],
        )
    )
    blocks += [L.Paragraph("　　" + text) for text in markdown_paragraphs(report.body)]
    if report.comments:
        table = L.Table([1.2, 2, 1.2, 2])
        for comment in report.comments:
            table.rows.append(
                L.Opinion(
                    COMMENT_KIND.get(comment.kind, comment.kind),
                    comment.body,
                    getattr(comment.author, "display_name", ""),
                    cn_date(comment.created_at),
                    stamp=False,
                )
            )
        blocks.append(table)
    return blocks


def report_document(report) -> L.Document:
    return L.Document(f"{report.posting.cadre.name} · {report.title}", report_blocks(report))


def compilation(programme, reports) -> L.Document:
    """汇编: a title page, the contents, then every report, one per page."""
    doc = L.Document(f"{programme.name} · 汇编").add(
        L.Title(programme.name),
        L.Title("挂职干部心得体会和工作报告汇编"),
        L.Paragraph(f"共{len(reports)}篇", align="C"),
        L.Contents(),
    )
    district = None
    for report in reports:
        doc.add(L.PageBreak())
        if report.posting.home_district.name != district:
            district = report.posting.home_district.name
            doc.add(L.Paragraph(f"【{district}】", size=11))
        doc.add(*report_blocks(report, heading_level=1))
    return doc


LEAVE_KIND = {
    "personal": "事假",
    "sick": "病假",
    "annual": "年休假",
    "family_visit": "探亲假",
    "marriage_bereavement": "婚丧假",
}
APPROVER = {
    "host": "接收单位组织人事部门意见",
    "home": "派出单位组织人事部门意见",
    "coordinator": "牵头组织部意见",
}
DECISION = {"approved": "同意", "declined": "不同意"}


def _half(day, half: bool, which: str) -> str:
    return cn_date(day) + (which if half else "")


def leave_form(leave, days, late: bool) -> L.Document:
    """请销假审批单: the request, each approver's opinion in the order of the chain, 销假."""
    posting = leave.posting
    cadre = posting.cadre
    period = (
        f"{_half(leave.start_date, leave.start_half, '下午')}至"
        f"{_half(leave.end_date, leave.end_half, '上午')}，共{days}个工作日"
    )
    table = L.Table(
        [1.4, 2.2, 1.4, 2.2],
        [
            [
                L.Cell("姓  名", label=True),
                L.Cell(cadre.name),
                L.Cell("请假类别", label=True),
                L.Cell(LEAVE_KIND.get(leave.kind, leave.kind)),
            ],
            [
                L.Cell("派出单位及职务", label=True),
                L.Cell(f"{_unit(posting.home_department)}{posting.home_position}", span=3),
            ],
            [
                L.Cell("挂职单位及职务", label=True),
                L.Cell(f"{_unit(posting.host_department)}{posting.host_position}", span=3),
            ],
            [L.Cell("请假时间", label=True), L.Cell(period, span=3)],
            [L.Cell("请假事由", label=True), L.Cell(leave.reason, span=3)],
        ],
    )
    for step in leave.approvals:
        decided = step.decision in DECISION
        text = ""
        if decided:
            text = DECISION[step.decision] + (f"。{step.reason}" if step.reason else "。")
        table.rows.append(
            L.Opinion(
                APPROVER.get(step.side, step.side),
                text,
                getattr(step.decided_by, "display_name", "") if decided else "",
                cn_date(step.decided_at) if decided else L.BLANK_DATE,
            )
        )
    back = "　"
    if leave.returned_date is not None:
        back = f"{cn_date(leave.returned_date)}返岗" + ("（逾期）" if late else "")
    table.rows.append([L.Cell("销假情况", label=True), L.Cell(back, span=3)])
    doc = L.Document(f"请销假审批单 · {cadre.name}").add(
        L.Title("挂职干部请销假审批单"),
        L.Paragraph(f"交流批次：{posting.programme.name}", size=10.5),
        table,
    )
    if leave.rule_source:
        doc.add(L.Paragraph(f"审批依据：{leave.rule_source}", size=10))
    return doc
