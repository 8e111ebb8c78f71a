"""Each enum is written once: its CHECK constraint, labels and badges all come from it."""

import re
from pathlib import Path

import pytest
import sqlalchemy as sa

import exchange.models  # noqa: F401  (every enum and table defined)
from exchange.enums import RichEnum, enum_named
from exchange.extensions import db
from exchange.templating import label, status_badge

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations" / "versions"
IN_LIST = re.compile(r"^(?:(\w+) IS NULL OR )?(\w+) IN \((.*)\)$")


def enum_checks():
    """``(table, column, values)`` of every ``column IN (...)`` CHECK in the models."""
    found = []
    for table in db.metadata.tables.values():
        for constraint in table.constraints:
            if isinstance(constraint, sa.CheckConstraint):
                match = IN_LIST.match(str(constraint.sqltext))
                if match:
                    values = [v.strip().strip("'") for v in match.group(3).split(",")]
                    found.append((table.name, match.group(2), values))
    return found


def test_every_enum_check_lists_exactly_one_enums_values():
    enums = {tuple(m.value for m in cls): cls for cls in RichEnum.__subclasses__()}
    checked = set()
    for table, column, values in enum_checks():
        assert tuple(values) in enums, f"{table}.{column} lists {values}, which no enum has"
        checked.add(enums[tuple(values)])
    assert checked == set(enums.values()), "an enum without a CHECK constraint"


def migrated_checks() -> dict[str, str]:
    """The SQL text of every named CHECK in the migrations, the latest revision winning."""
    pattern = re.compile(
        r"CheckConstraint\(\s*(?P<q>['\"])(?P<sql>.*?)(?P=q),\s*"
        r"name=op\.f\((?P<q2>['\"])(?P<name>\w+)(?P=q2)\)"
    )
    found = {}
    for path in sorted(MIGRATIONS.glob("*.py")):
        for match in pattern.finditer(path.read_text(encoding="utf-8")):
            found[match["name"]] = match["sql"]
    return found


def test_generated_checks_are_the_migrated_sql():
    """The models' CHECKs (generated ones included) say what the migrations created."""
    migrated = migrated_checks()
    for table in db.metadata.tables.values():
        for constraint in table.constraints:
            if isinstance(constraint, sa.CheckConstraint):
                name = str(constraint.name)
                if not name.startswith(f"ck_{table.name}_"):  # not yet given its full name
                    name = f"ck_{table.name}_{name}"
                assert migrated.get(name) == str(constraint.sqltext), name


@pytest.mark.parametrize("enum_cls", RichEnum.__subclasses__(), ids=lambda c: c.__name__)
def test_every_member_has_a_label(enum_cls):
    assert set(enum_cls.__labels__) == {m.value for m in enum_cls}
    assert enum_cls.__badges__ == {} or set(enum_cls.__badges__) == {m.value for m in enum_cls}


def test_filters_read_the_enum(app):
    with app.test_request_context():
        assert label("active", "posting_status") == "在岗"
        assert label("not_competent", "grade") == "不称职"
        assert label("F", "gender") == "女"
        assert label("unknown", "posting_status") == "unknown"
        assert 'class="badge text-bg-success">已提交<' in status_badge("submitted", "report_status")
    with pytest.raises(LookupError):
        enum_named("no_such_enum")
