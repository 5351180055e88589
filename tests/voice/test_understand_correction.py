"""On the confirm screen, a "no" that opens a correction of what the kiosk heard ("No, I
didn't say no, I said yes") refuses nothing: the yes said after it is the answer. A bare
"No, yes" or a single yes after the "no" stays a question, since an order is placed only on a
clear yes; and taking someone to the clinic for their pills is the medical service, whose
catalog entry is escorted doctor visits and medicine pick-up."""

from __future__ import annotations

import pytest

from tests.helpers.understanding import acts, said


@pytest.mark.parametrize(
    ("language", "text"),
    [("en_US", "No, I didn't say no, I said yes"), ("en_US", "No, no, I said yes, yes")],
)
def test_a_no_that_corrects_to_a_yes_said_twice_is_a_yes(understanders, language, text):
    result = said(understanders, language, "confirm", text)
    assert acts(result, "yes"), result


@pytest.mark.parametrize(
    ("language", "text"),
    [("en_US", "No, yes"), ("en_US", "No, I said yes"), ("zh_CN", "不对，行")],
)
def test_a_no_then_a_single_yes_places_no_order(understanders, language, text):
    result = said(understanders, language, "confirm", text)
    assert not acts(result, "yes"), result


@pytest.mark.parametrize(
    ("language", "text"),
    [("en_US", "No, I didn't say yes, I said no"), ("en_US", "No no, not yes")],
)
def test_a_correction_to_a_no_places_no_order(understanders, language, text):
    result = said(understanders, language, "confirm", text)
    assert not acts(result, "yes"), result


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("zh_CN", "谁能陪我去趟医院开点药"),
        ("zh_CN", "能陪我去趟医院吗"),
        ("en_US", "Could somebody take me to the clinic to get my pills"),
    ],
)
def test_an_escort_to_the_doctor_is_the_medical_service(understanders, language, text):
    result = said(understanders, language, "home", text)
    assert acts(result, "service.medical"), result
