"""The import through its services: previews, one transaction, idempotence, row problems by code."""

import io
from datetime import date

import pytest
import sqlalchemy as sa

from exchange.auth.models import User
from exchange.cadres.models import Cadre
from exchange.extensions import db
from exchange.imports.reader import FileProblem
from exchange.imports.services import read_and_run
from exchange.postings.models import Posting
from tests.imports.conftest import CADRE_HEADER, POSTING_HEADER, csv_bytes, xlsx


def _user(name):
    return db.session.scalar(sa.select(User).where(User.username == name))


def _cadres(name):
    return db.session.scalars(sa.select(Cadre).where(Cadre.name == name)).all()


def _run(kind, data, user="hr.liangjiang", dry_run=False):
    return read_and_run(kind, io.BytesIO(data), _user(user), dry_run=dry_run)


def _codes(outcome):
    return {
        row.number: [code for _c, code, _m in row.problems] for row in outcome.rows if row.problems
    }


def test_cadres_preview_writes_nothing_and_import_creates(ctx, world):
    data = xlsx(
        [CADRE_HEADER, ["赵一", "男", "1980.05", "现代服务业局", "科长", "四级调研员", "023-1"]]
    )
    preview = _run("cadres", data, dry_run=True)
    assert preview.counts["create"] == 1 and preview.ok
    assert _cadres("赵一") == []
    outcome = _run("cadres", data)
    assert outcome.ok
    (cadre,) = _cadres("赵一")
    assert cadre.birth_month == date(1980, 5, 1) and cadre.gender == "M"
    assert cadre.home_department_id == world.lj_services and cadre.rank == "四级调研员"


def test_same_file_twice_creates_no_duplicates_and_says_so(ctx, world):
    data = xlsx([CADRE_HEADER, ["赵一", "男", "1980.05", "现代服务业局", "科长", "", ""]])
    _run("cadres", data)
    again = _run("cadres", data)
    assert again.counts == {"create": 0, "update": 0, "skip": 1, "problem": 0}
    changed = xlsx([CADRE_HEADER, ["赵一", "男", "1980.05", "现代服务业局", "副局长", "", ""]])
    assert _run("cadres", changed).counts["update"] == 1
    assert len(_cadres("赵一")) == 1 and _cadres("赵一")[0].home_position == "副局长"


def test_one_bad_row_writes_nothing_and_names_the_row(ctx, world):
    rows = [CADRE_HEADER] + [
        [f"干部{i}", "女", "1985.01", "现代服务业局", "科员", "", ""] for i in range(50)
    ]
    rows[31][3] = "不存在的局"
    outcome = _run("cadres", csv_bytes(rows))
    assert not outcome.ok
    assert _codes(outcome) == {32: ["unknown_department"]}  # line 32 of the file
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).where(Cadre.name.like("干部%"))) == 0


@pytest.mark.parametrize(
    "row, code",
    [
        (["钱二", "男", "1980.05", "汽车产业发展局", "科长", "", ""], "department_other_district"),
        (["钱二", "男", "1980.13", "现代服务业局", "科长", "", ""], "not_a_month"),
        (["钱二", "x", "1980.05", "现代服务业局", "科长", "", ""], "invalid_choice"),
        (["钱二", "男", "1980.05", "现代服务业局", "=A1", "", ""], "formula"),
        (["", "男", "1980.05", "现代服务业局", "科长", "", ""], "required"),
        (["钱二", "男", 1980.1, "现代服务业局", "科长", "", ""], "ambiguous_month"),
    ],
)
def test_cadre_row_problems_by_code(ctx, world, row, code):
    outcome = _run("cadres", xlsx([CADRE_HEADER, row]))
    assert _codes(outcome) == {2: [code]}


def test_a_district_not_the_users(ctx, world):
    header = [*CADRE_HEADER, "所属区域"]
    outcome = _run(
        "cadres",
        xlsx([header, ["钱二", "男", "1980.05", "天府总部商务区", "科长", "", "", "四川天府新区"]]),
    )
    assert "district_not_yours" in _codes(outcome)[2]


def test_gb18030_csv_and_english_headers_in_any_order(ctx, world):
    rows = [["Home position", "Name", "Home department"], ["科长", "孙三", "科技创新局"]]
    assert _run("cadres", csv_bytes(rows, "gb18030")).ok
    assert _cadres("孙三")[0].home_department_id == world.lj_science
    bom = b"\xef\xbb\xbf" + csv_bytes([["姓名", "单位", "职务"], ["李四", "科技创新局", "科员"]])
    assert _run("cadres", bom).ok


@pytest.mark.parametrize(
    "data, code",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not_a_spreadsheet"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "old_or_encrypted"),
        (
            "姓名,单位,职务\n张三,科技创新局,科员\n".encode()
            + "李四,科技创新局,科员\n".encode("gb18030"),
            "mixed_encodings",
        ),
        (csv_bytes([["姓名", "单位", "职务", "血型"], ["a", "b", "c", "O"]]), "unknown_header"),
        (csv_bytes([["姓名", "职务"], ["a", "c"]]), "missing_header"),
    ],
)
def test_files_refused_whole(ctx, world, data, code):
    with pytest.raises(FileProblem) as caught:
        _run("cadres", data)
    assert caught.value.codes == [code]


def test_too_many_rows(ctx, world):
    ctx.config["IMPORT_MAX_ROWS"] = 5
    rows = [["姓名", "单位", "职务"]] + [[f"x{i}", "科技创新局", "科员"] for i in range(6)]
    with pytest.raises(FileProblem) as caught:
        _run("cadres", csv_bytes(rows))
    assert caught.value.codes == ["too_many_rows"]


def _posting_rows(*rows):
    return xlsx([POSTING_HEADER, *rows])


def test_postings_proposals_and_historic(ctx, world):
    _run("cadres", xlsx([CADRE_HEADER, ["赵一", "男", "1980.05", "现代服务业局", "科长", "", ""]]))
    data = _posting_rows(
        [
            "赵一",
            "四川天府新区",
            "天府总部商务区",
            "副主任",
            "测试交流批次",
            "2020-03-01",
            "2020-08-31",
            "期满",
            None,
        ],
        [
            "赵一",
            "四川天府新区",
            "天府总部商务区",
            "副主任",
            "测试交流批次",
            "2027-01-01",
            "2027-06-30",
            "",
            None,
        ],
    )
    outcome = _run("postings", data)
    assert outcome.ok, outcome.rows
    postings = db.session.scalars(
        sa.select(Posting).join(Cadre).where(Cadre.name == "赵一").order_by(Posting.start_date)
    ).all()
    assert [p.status for p in postings] == ["completed", "proposed"]
    assert postings[0].actual_end_date == date(2020, 8, 31)
    assert _run("postings", data).counts["skip"] == 2


@pytest.mark.parametrize(
    "row, code",
    [
        (
            [
                "张想",
                "四川天府新区",
                "天府总部商务区",
                "副主任",
                "测试交流批次",
                "2026-10-01",
                "2027-03-31",
                "",
                None,
            ],
            "overlaps",
        ),
        (
            [
                "张想",
                "四川天府新区",
                "天府总部商务区",
                "副主任",
                "测试交流批次",
                "2026-13-01",
                "2027-03-31",
                "",
                None,
            ],
            "not_a_date",
        ),
        (
            [
                "李晓雯",
                "四川天府新区",
                "天府总部商务区",
                "副主任",
                "测试交流批次",
                "2031-01-01",
                "2031-06-30",
                "",
                None,
            ],
            "outside_window",
        ),
        (
            [
                "李晓雯",
                "四川天府新区",
                "无此单位",
                "副主任",
                "测试交流批次",
                "2027-01-01",
                "2027-06-30",
                "",
                None,
            ],
            "unknown_department",
        ),
        (
            [
                "丁曌",
                "两江新区",
                "科技创新局",
                "副主任",
                "测试交流批次",
                "2027-01-01",
                "2027-06-30",
                "",
                None,
            ],
            "district_not_yours",
        ),
        (
            [
                "李晓雯",
                "四川天府新区",
                "天府总部商务区",
                "副主任",
                "无此批次",
                "2027-01-01",
                "2027-06-30",
                "",
                None,
            ],
            "unknown_programme",
        ),
        (
            [
                "无此人",
                "四川天府新区",
                "天府总部商务区",
                "副主任",
                "测试交流批次",
                "2027-01-01",
                "2027-06-30",
                "",
                None,
            ],
            "unknown_cadre",
        ),
    ],
)
def test_posting_row_problems(ctx, world, row, code):
    outcome = _run("postings", _posting_rows(row))
    assert code in _codes(outcome)[2], outcome.rows[0].problems


def test_quota_counts_rows_of_the_same_file(ctx, world):
    cadres = [[f"q{i}", "男", "1980.05", "现代服务业局", "科长", "", ""] for i in range(6)]
    _run("cadres", xlsx([CADRE_HEADER, *cadres]))
    rows = [
        [
            f"q{i}",
            "四川天府新区",
            "天府总部商务区",
            "副主任",
            "测试交流批次",
            "2027-01-01",
            "2027-06-30",
            "",
            None,
        ]
        for i in range(6)
    ]
    outcome = _run("postings", _posting_rows(*rows), dry_run=True)
    # 张想's posting already counts: four more fit the quota of five.
    problems = _codes(outcome)
    assert list(problems) == [6, 7] and all(c == ["quota_full"] for c in problems.values())


HISTORIC = ["李晓雯", "四川天府新区", "天府总部商务区", "副主任", "测试交流批次"]


def test_historic_rows_are_checked_like_proposals_and_must_have_ended(ctx, world):
    header = [*POSTING_HEADER, "提前结束原因"]
    rows = [
        [*HISTORIC, "2021-03-01", "2021-08-31", "提前结束", "2021-06-30", "工作需要"],
        [*HISTORIC, "2021-05-01", "2021-10-31", "期满", None, None],  # overlaps the first
        [*HISTORIC, "2022-03-01", "2022-08-31", "提前结束", None, None],
        [*HISTORIC, "2026-03-01", "2026-12-31", "期满", None, None],  # not over yet
    ]
    outcome = _run("postings", xlsx([header, *rows]), dry_run=True)
    problems = _codes(outcome)
    assert 2 not in problems
    assert "overlaps_finished" in problems[3]
    assert problems[4] == ["required", "required"]  # the actual end and the reason
    assert "not_ended" in problems[5]


def test_cadres_newer_fields_are_optional_columns(ctx, world):
    header = ["姓名", "单位", "职务", "民族", "籍贯", "政治面貌", "入党时间", "参加工作时间"]
    header += ["学历", "学位", "任现职时间"]
    row = ["钱九", "科技创新局", "科员", "汉族", "重庆合川", "中共党员", "2001.07", "2002.08"]
    row += ["研究生", "硕士", "2021.03"]
    outcome = _run("cadres", xlsx([header, row]))
    assert outcome.ok, outcome.rows
    [cadre] = _cadres("钱九")
    assert (cadre.ethnicity, cadre.native_place, cadre.political_status) == (
        "汉族",
        "重庆合川",
        "cpc_member",
    )
    assert (cadre.party_joined_month, cadre.work_started_month, cadre.home_position_month) == (
        date(2001, 7, 1),
        date(2002, 8, 1),
        date(2021, 3, 1),
    )
    assert (cadre.education, cadre.degree) == ("研究生", "硕士")
    changed = list(row)
    changed[5] = "群众"
    again = _run("cadres", xlsx([header, changed]))
    assert again.counts["update"] == 1 and "政治面貌" in again.rows[0].detail
    bad = list(row)
    bad[5], bad[6] = "党员干部", "2001.13"
    assert _codes(_run("cadres", xlsx([header, bad]))) == {2: ["invalid_choice", "not_a_month"]}


def test_rows_of_one_file_see_each_other_across_proposals_and_historic_rows(ctx, world):
    """Proposals are written in groups; a later row still sees every earlier one."""
    header = [*POSTING_HEADER, "提前结束原因"]
    rows = [
        [*HISTORIC, "2027-01-01", "2027-06-30", "", None, None],
        [*HISTORIC, "2027-03-01", "2027-08-31", "", None, None],  # overlaps the proposal
        [*HISTORIC, "2025-01-01", "2025-06-30", "期满", None, None],
        [*HISTORIC, "2025-03-01", "2025-08-31", "", None, None],  # before today: refused
        [*HISTORIC, "2027-05-01", "2027-10-31", "期满", None, None],  # not over, overlaps
    ]
    outcome = _run("postings", xlsx([header, *rows]), dry_run=True)
    problems = _codes(outcome)
    assert 2 not in problems and 4 not in problems
    assert problems[3] == ["overlaps"]
    message = outcome.rows[1].problems[0][2]
    assert "李晓雯" in message and "2027年1月1日" in message
    assert "overlaps" in problems[6]
    done = _run("postings", xlsx([header, rows[0], rows[2]]))
    assert done.ok and done.counts["create"] == 2
    assert (
        db.session.scalar(sa.select(sa.func.count()).where(Posting.cadre_id == world.cadre_other))
        == 2
    )
