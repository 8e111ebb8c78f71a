"""A 任免审批表 file as the editor writes it, with fields this app does not know."""

from datetime import date

import pytest

from exchange.cadres.models import Cadre
from exchange.extensions import db
from exchange.postings.models import Posting

SAMPLE = """<?xml version="1.0" encoding="UTF-8"?>
<Person>
  <XingMing>张  想</XingMing>
  <XingBie>男</XingBie>
  <ChuShengNianYue>198503</ChuShengNianYue>
  <MinZu>汉族</MinZu>
  <!-- 编辑器写入的注释 -->
  <JianLi>2004.09--2008.07  重庆大学经济学专业学习&#13;&#10;2008.07--2019.06  两江新区现代服务业局科员、副科长、科长&#13;&#10;2019.06--          两江新区现代服务业局副局长</JianLi>
  <NianDuKaoHeJieGuo>2018年度考核称职；2019年度考核优秀。</NianDuKaoHeJieGuo>
  <XinZiDuan leiXing="未来字段">新版本才有的内容</XinZiDuan>
  <JiaTingChengYuan>
    <Item><ChengWei>父亲</ChengWei><XingMing>张某</XingMing></Item>
  </JiaTingChengYuan>
  <ZhaoPian>iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==</ZhaoPian>
  <Version>3.2.1.6</Version>
</Person>
"""


@pytest.fixture
def zhang(ctx, world):
    """张想 with his birth month, his posting finished: 2020.09–2021.01."""
    cadre = db.session.get(Cadre, world.cadre_zx)
    cadre.birth_month = date(1985, 3, 1)
    cadre.home_position_month = date(2019, 6, 1)
    posting = db.session.get(Posting, world.p_zx)
    posting.start_date, posting.planned_end_date = date(2020, 9, 7), date(2021, 1, 31)
    posting.status, posting.actual_end_date = "completed", date(2021, 1, 31)
    db.session.flush()
    return cadre, posting


@pytest.fixture
def sample() -> bytes:
    return SAMPLE.encode("utf-8")
