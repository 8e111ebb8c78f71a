"""Importing postings (挂职): new proposals, or historic ones that arrive already finished.

A row with an empty status (or 拟派) is proposed through ``propose_posting``, exactly as
the proposal form does; the host district then accepts it in the app. A row whose
status is 期满 or 提前结束 is a posting of a past round, recorded through
``postings.historic.record_historic_posting`` against the same rules. The cadre must
be registered (import the cadres first). A posting of the same cadre, programme and
start as one already recorded is skipped when it says the same, and is a problem
when it differs: postings change through their own actions, not by import.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from exchange.errors_domain import DomainError, Reason
from exchange.extensions import db
from exchange.imports.lookup import Lookup
from exchange.imports.reader import Column
from exchange.imports.runner import CREATE, SKIP, Importer
from exchange.postings import historic, services
from exchange.postings.batch import ProposalBatch
from exchange.postings.models import Posting, PostingStatus

STATUSES = {
    "拟派": PostingStatus.PROPOSED,
    "proposed": PostingStatus.PROPOSED,
    "期满": PostingStatus.COMPLETED,
    "completed": PostingStatus.COMPLETED,
    "已完成": PostingStatus.COMPLETED,
    "提前结束": PostingStatus.ENDED_EARLY,
    "ended early": PostingStatus.ENDED_EARLY,
}

_LEN = {
    "host_position": Posting.host_position.type.length,
    "home_position": Posting.home_position.type.length,
    "portfolio": Posting.portfolio.type.length,
}

COLUMNS = [
    Column("name", "姓名", "Name", _l("Required. A registered cadre."), True, width=10),
    Column(
        "birth_month",
        "出生年月",
        "Birth month",
        _l("Tells apart cadres of the same name, e.g. 1980.05."),
        aliases=("出生日期", "Date of birth"),
        width=10,
    ),
    Column(
        "home_department",
        "派出单位",
        "Home department",
        _l("The cadre's home department; empty means the one registered."),
        aliases=("原单位", "单位"),
        width=22,
    ),
    Column(
        "home_position",
        "原单位职务",
        "Home position",
        _l("Empty means the one registered."),
        aliases=("原职务",),
        max_length=_LEN["home_position"],
    ),
    Column(
        "host_district",
        "接收区域",
        "Host district",
        _l("Required. The district the cadre goes to."),
        True,
        aliases=("挂职区域",),
    ),
    Column(
        "host_department",
        "接收单位",
        "Host department",
        _l("Required. A department of the host district."),
        True,
        aliases=("挂职单位",),
        width=22,
    ),
    Column(
        "host_position",
        "挂职职务",
        "Host position",
        _l("Required."),
        True,
        max_length=_LEN["host_position"],
    ),
    Column(
        "portfolio",
        "分管工作",
        "Portfolio",
        _l("Optional."),
        aliases=("分管/联系工作",),
        max_length=_LEN["portfolio"],
        width=20,
    ),
    Column(
        "programme",
        "交流批次",
        "Programme",
        _l("Required. The programme's name, as in the system."),
        True,
        aliases=("批次", "互派协议"),
        width=30,
    ),
    Column(
        "start_date", "开始日期", "Start", _l("Required. A date, e.g. 2020-09-07."), True, width=12
    ),
    Column(
        "planned_end_date",
        "计划结束日期",
        "Planned end",
        _l("Required. A date after the start."),
        True,
        aliases=("结束日期",),
        width=12,
    ),
    Column(
        "status",
        "状态",
        "Status",
        _l(
            "Empty or 拟派: proposed to the host. 期满 or 提前结束: a past posting, recorded as ended."
        ),
        choices=("拟派", "期满", "提前结束"),
        width=10,
    ),
    Column(
        "actual_end_date",
        "实际结束日期",
        "Actual end",
        _l("For 提前结束: the day it ended."),
        width=12,
    ),
    Column("end_reason", "提前结束原因", "Reason for the early end", _l("For 提前结束."), width=20),
]


class PostingImporter(Importer):
    kind = "postings"
    columns = COLUMNS
    fields = {
        "cadre_id": "name",
        "programme_id": "programme",
        "home_department_id": "home_department",
        "host_department_id": "host_department",
        "new_end_date": "planned_end_date",
    }

    def __init__(self, actor, layout):
        super().__init__(actor, layout)
        self.lookup = Lookup(actor)
        self._postings: dict | None = None
        self.batch = ProposalBatch()

    def label(self, values: dict) -> str:
        return " · ".join(str(values[k]) for k in ("name", "host_department") if values.get(k))

    def _cadre(self, cells, reasons):
        name = cells.text("name", required=True)
        birth = cells.month("birth_month")
        home_name = cells.text("home_department")
        if not name:
            return None, None
        matches = self.lookup.cadres(name, birth)
        if home_name:
            named = [
                c
                for c in matches
                if self.lookup.department_by_id(c.home_department_id).name == home_name
            ]
            matches = named or matches
        if not matches:
            reasons.append(
                Reason(
                    "name",
                    "unknown_cadre",
                    _l(
                        "No registered cadre called %(name)s matches; import the cadres first.",
                        name=name,
                    ),
                )
            )
            return None, None
        if len(matches) > 1:
            reasons.append(
                Reason(
                    "name",
                    "ambiguous_cadre",
                    _l(
                        "%(count)d registered cadres match this row; give the birth month.",
                        count=len(matches),
                    ),
                )
            )
            return None, None
        cadre = matches[0]
        home = self.lookup.department_by_id(cadre.home_department_id)
        if home_name:
            home = self.lookup.department(home.district, home_name, "home_department", reasons)
        return cadre, home

    def _existing(self, cadre_id: int, programme_id: int, start) -> tuple | None:
        """The recorded posting with this cadre, programme and start (read once for all rows)."""
        if self._postings is None:
            rows = db.session.execute(
                sa.select(
                    Posting.cadre_id,
                    Posting.programme_id,
                    Posting.start_date,
                    Posting.host_department_id,
                    Posting.planned_end_date,
                    Posting.status,
                )
            )
            self._postings = {(r[0], r[1], r[2]): (r[3], r[4], r[5]) for r in rows}
        return self._postings.get((cadre_id, programme_id, start))

    def _read(self, cells):
        reasons = cells.reasons
        cadre, home = self._cadre(cells, reasons)
        host_district_name = cells.text("host_district", required=True)
        host_district = (
            self.lookup.district(host_district_name, "host_district", "", reasons)
            if host_district_name
            else None
        )
        host = self.lookup.department(
            host_district, cells.text("host_department", required=True), "host_department", reasons
        )
        programme = self.lookup.programme(
            cells.text("programme", required=True), "programme", reasons
        )
        row = {
            "home_position": cells.text("home_position", max_length=_LEN["home_position"]),
            "host_position": cells.text(
                "host_position", required=True, max_length=_LEN["host_position"]
            ),
            "portfolio": cells.text("portfolio", max_length=_LEN["portfolio"]),
            "start_date": cells.date("start_date", required=True),
            "planned_end_date": cells.date("planned_end_date", required=True),
            "actual_end_date": cells.date("actual_end_date"),
            "status": cells.choice("status", STATUSES) or PostingStatus.PROPOSED,
            "end_reason": cells.text("end_reason", max_length=5000),
        }
        own = self.lookup.own_district()
        home_district = (
            self.lookup.department_by_id(cadre.home_department_id).district if cadre else None
        )
        if cadre is not None and own is not None and home_district.id != own.id:
            reasons.append(
                Reason(
                    "name",
                    "district_not_yours",
                    _l(
                        "%(name)s is a cadre of %(district)s; you may propose your own district's cadres only.",
                        name=cadre.name,
                        district=home_district.name,
                    ),
                )
            )
        if reasons:
            raise DomainError(reasons)
        return cadre, home, host, programme, row

    def import_row(self, number, cells, extras):
        cadre, home, host, programme, row = self._read(cells)
        identity = (cadre.id, programme.id, row["start_date"])
        if identity in self.seen:
            raise DomainError(
                [
                    Reason(
                        "name",
                        "duplicate_row",
                        _l(
                            "The same posting is already in row %(row)d of this file.",
                            row=self.seen[identity],
                        ),
                    )
                ]
            )
        self.seen[identity] = number
        existing = self._existing(cadre.id, programme.id, row["start_date"])
        if existing is not None:
            host_id, planned_end, status = existing
            same = (
                host_id == host.id
                and planned_end == row["planned_end_date"]
                and (row["status"] == PostingStatus.PROPOSED or status == row["status"])
            )
            if same:
                return SKIP, str(_l("Already recorded."))
            raise DomainError(
                [
                    Reason(
                        "start_date",
                        "posting_differs",
                        _l(
                            "A different posting of this cadre with this programme and start is already recorded."
                        ),
                    )
                ]
            )
        common = dict(
            cadre_id=cadre.id,
            programme_id=programme.id,
            home_department_id=home.id,
            home_position=row["home_position"] or cadre.home_position,
            host_department_id=host.id,
            host_position=row["host_position"],
            start_date=row["start_date"],
            planned_end_date=row["planned_end_date"],
            portfolio=row["portfolio"],
        )
        if row["status"] == PostingStatus.PROPOSED:
            services.propose_posting(services.PostingProposal(**common), self.actor, self.batch)
            return CREATE, str(_l("Proposed to the host district."))
        # A historic posting is checked against the database: the proposals so far go first.
        self.batch.flush()
        posting = historic.record_historic_posting(
            historic.HistoricPosting(
                **common,
                status=row["status"],
                actual_end_date=row["actual_end_date"],
                end_reason=row["end_reason"],
            ),
            self.actor,
        )
        self.batch.remember(posting)
        return CREATE, str(_l("Recorded as %(status)s.", status=cells.values.get("status")))

    def prepare(self, rows: list) -> None:
        """Load (and lock) the cadres the rows may name, one query per group of rows."""
        ids = {
            cadre.id
            for _number, values, _extras in rows
            for cadre in self.lookup.cadres(str(values.get("name") or "").strip(), None)
        }
        self.batch.load_cadres(ids)

    def finish(self) -> None:
        self.batch.flush()
