"""On the confirm screen a yes asked back as a question ("行吗", "行不行啊", "可以吗") is no
answer yet: the order is placed only on a yes said as one."""

from __future__ import annotations

import pytest

from tests.helpers.understanding import acts, said


@pytest.mark.parametrize("text", ["行吗", "行不行啊", "这个行吗", "可以吗", "好吗？"])
def test_a_yes_asked_back_places_no_order(understanders, text):
    result = said(understanders, "zh_CN", "confirm", text)
    assert not acts(result, "yes"), result


@pytest.mark.parametrize(
    "text", ["行", "行啊", "行吧", "好的", "可以，帮我下单好吗", "帮我下单好吗", "行，下单吧"]
)
def test_a_yes_said_as_one_still_orders(understanders, text):
    result = said(understanders, "zh_CN", "confirm", text)
    assert acts(result, "yes"), result
