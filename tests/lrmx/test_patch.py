"""The .lrmx round trip: the 其间 entry goes in, everything else comes back as it was."""

import io
import xml.etree.ElementTree as ET
import zipfile

import pytest

from exchange.lrmx import archive
from exchange.lrmx.patch import LrmxError, parse, patch, patch_annual, patch_resume

SEP = "—"


def tree(data: bytes) -> ET.Element:
    return ET.fromstring(data, parser=ET.XMLParser(target=ET.TreeBuilder(insert_comments=True)))


def assert_same_except(before: ET.Element, after: ET.Element, changed: set[str]) -> None:
    """Equal trees (tags, attributes, texts, tails, order, comments) but for ``changed``."""
    assert before.tag == after.tag and before.attrib == after.attrib
    assert (before.tail or "") == (after.tail or "")
    if before.tag not in changed:
        assert (before.text or "") == (after.text or ""), before.tag
    assert len(before) == len(after), before.tag
    for old, new in zip(before, after, strict=True):
        assert_same_except(old, new, changed)


def resume_of(data: bytes) -> str:
    return tree(data).find("JianLi").text


def test_the_posting_goes_into_the_line_that_contains_it_and_nothing_else_changes(zhang, sample):
    cadre, posting = zhang
    patched = patch(sample, cadre, [posting], None, SEP)
    assert_same_except(tree(sample), tree(patched), {"JianLi"})
    lines = resume_of(patched).split("\r\n")
    assert lines[:2] == resume_of(sample).split("\r\n")[:2]
    assert lines[2] == (
        "2019.06--          两江新区现代服务业局副局长"
        "（其间：2020.09—2021.01  挂职任四川天府新区天府总部商务区副主任）"
    )
    assert b"&#13;" in patched  # the file's CR LF line breaks survive
    # A second patch updates the entry instead of adding it again.
    again = patch(patched, cadre, [posting], None, SEP)
    assert resume_of(again) == resume_of(patched)
    assert resume_of(again).count("挂职任") == 1


def test_an_existing_entry_is_updated_and_others_kept(zhang):
    cadre, posting = zhang
    text = (
        "2019.06--          两江新区现代服务业局副局长"
        "（其间：2018.01—2018.06  挂职任某县副县长；2020.09—  挂职任旧写法）"
    )
    patched = patch_resume(text, posting, SEP)
    assert patched.endswith(
        "（其间：2018.01—2018.06  挂职任某县副县长；"
        "2020.09—2021.01  挂职任四川天府新区天府总部商务区副主任）"
    )


def test_annual_results_are_merged_when_asked(zhang, sample):
    cadre, posting = zhang
    patched = patch(sample, cadre, [posting], {2020: "excellent", 2019: "competent"}, SEP)
    assert tree(patched).find("NianDuKaoHeJieGuo").text == (
        "2018年度考核称职；2019年度考核称职；2020年度考核优秀。"
    )
    assert_same_except(tree(sample), tree(patched), {"JianLi", "NianDuKaoHeJieGuo"})
    assert patch_annual("2021年度考核基本称职", {}) == "2021年度考核基本称职。"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"not xml at all", "not_xml"),
        (b"<Persons><XingMing>x</XingMing></Persons>", "no_person"),
        (
            b'<?xml version="1.0"?><!DOCTYPE Person [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><Person>&b;</Person>',
            "unsafe_xml",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE Person [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b"<Person><XingMing>&x;</XingMing></Person>",
            "unsafe_xml",
        ),
    ],
)
def test_bad_files_are_refused(data, code):
    with pytest.raises(LrmxError) as e:
        parse(data)
    assert e.value.code == code


def test_another_cadres_file_is_refused(zhang, sample):
    cadre, posting = zhang
    with pytest.raises(LrmxError) as e:
        patch(sample.replace("张  想".encode(), "李晓雯".encode()), cadre, [posting], None, SEP)
    assert e.value.code == "other_cadre"
    with pytest.raises(LrmxError) as e:
        patch(sample.replace(b"198503", b"198504"), cadre, [posting], None, SEP)
    assert e.value.code == "other_cadre"


def test_a_resume_without_the_home_post_line_is_refused(zhang):
    _cadre, posting = zhang
    with pytest.raises(LrmxError) as e:
        patch_resume("2004.09--2008.07  重庆大学学习", posting, SEP)
    assert e.value.code == "no_line"


def zipped(files: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=compression) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return out.getvalue()


def test_a_zip_bomb_is_refused_before_it_is_inflated():
    bomb = zipped({"a.lrmx": b"0" * (5 * 1024 * 1024)})
    assert len(bomb) < 20_000
    with pytest.raises(LrmxError) as e:
        archive.read_members(bomb, max_files=10, max_each=10 * 1024 * 1024)
    assert e.value.code == "zip_bomb"
    with pytest.raises(LrmxError) as e:
        archive.read_members(bomb, max_files=10, max_each=1024)
    assert e.value.code == "too_large"
    with pytest.raises(LrmxError) as e:
        archive.read_members(zipped({f"{i}.lrmx": b"x" for i in range(5)}), 4, 1024)
    assert e.value.code == "too_many_files"
    with pytest.raises(LrmxError) as e:
        archive.read_members(b"PK\x03\x04 broken", 4, 1024)
    assert e.value.code == "not_zip"
