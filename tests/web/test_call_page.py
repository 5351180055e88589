"""The call page without a browser: its address, its two views and two languages, that nothing
inline runs (so the pages' Content-Security-Policy holds), its words, the shared static files,
and that the script keeps to the title protocol the kiosk reads (app.calls.page_state)."""

from __future__ import annotations

import json
import re
import uuid
import warnings
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import get_args

import pytest
from fastapi import FastAPI
from starlette.exceptions import StarletteDeprecationWarning

from app.calls import page_state
from server import headers
from server.web import call_page
from sync.call_protocol import EndReason

with warnings.catch_warnings():  # it would rather have httpx2, which is not installed
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient

STATIC = Path(call_page.__file__).with_name("static")
CALL_JS = (STATIC / "call.js").read_text(encoding="utf-8")
FAMILY_JS = (STATIC / "family_live.js").read_text(encoding="utf-8")
PAGE_ERRORS = ("permission", "no_microphone", "network", "ticket")


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    app = FastAPI()
    app.add_middleware(headers.SecurityHeaders)  # as the center adds it to every answer
    app.include_router(call_page.router)
    with TestClient(app) as test_client:
        yield test_client


class _Page(HTMLParser):
    """The parts of a page the tests look at."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[dict[str, str | None]] = []
        self.styled: list[str] = []  # elements with a style attribute
        self.style_elements = 0
        self.handlers: list[str] = []  # on* attributes
        self.ids: dict[str, dict[str, str | None]] = {}
        self.html_lang: str | None = None
        self._in_words = False
        self.words_text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag == "html":
            self.html_lang = named.get("lang")
        if tag == "script":
            self.scripts.append(named)
            self._in_words = named.get("id") == "call-words"
        if tag == "style":
            self.style_elements += 1
        if "style" in named:
            self.styled.append(tag)
        self.handlers += [name for name in named if name.startswith("on")]
        if named.get("id"):
            self.ids[str(named["id"])] = named

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_words = False

    def handle_data(self, data: str) -> None:
        if self._in_words:
            self.words_text += data


def parsed(text: str) -> _Page:
    page = _Page()
    page.feed(text)
    return page


def call_path(**query: str) -> str:
    address = f"/call/{uuid.uuid4()}"
    if query:
        address += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return address


def test_the_family_view_has_its_buttons_and_runs_nothing_inline(client: TestClient) -> None:
    answer = client.get(call_path(view="family", lang="zh_CN"))
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/html")
    csp = answer.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert answer.headers["cache-control"] == "no-store"
    page = parsed(answer.text)
    assert page.html_lang == "zh-CN"
    # Every script is a file of the center or a data block that never runs.
    assert all(s.get("src") or s.get("type") == "application/json" for s in page.scripts)
    assert {s.get("src") for s in page.scripts} >= {"/static/call.js"}
    assert page.styled == [] and page.style_elements == 0 and page.handlers == []
    for control in ("remote", "local", "camera-mark", "state-text", "hang-up", "mute"):
        assert control in page.ids, control
    assert "call-back" in page.ids and "hidden" in page.ids["call-back"]
    assert page.ids["remote"].get("aria-label") == "对方的画面"
    assert "通话" not in answer.text.split("<body", 1)[0].split("<title>")[1].split("</title>")[0]


def test_the_kiosk_view_has_only_the_videos_the_state_and_the_camera_mark(
    client: TestClient,
) -> None:
    answer = client.get(call_path(view="kiosk", lang="en_US"))
    assert answer.status_code == 200
    page = parsed(answer.text)
    assert page.html_lang == "en-US"
    assert "hang-up" not in page.ids and "mute" not in page.ids and "controls" not in page.ids
    assert {"remote", "local", "camera-mark", "state-text", "state-other"} <= set(page.ids)
    assert "Connecting…" in answer.text and "正在接通…" in answer.text  # both languages
    assert "<title>call:connecting</title>" in answer.text


def test_the_page_carries_its_words_as_data_in_both_languages(client: TestClient) -> None:
    answer = client.get(call_path(view="family", lang="en_US"))
    words = json.loads(parsed(answer.text).words_text)
    assert words == {"page": call_page.WORDS["en_US"], "other": call_page.WORDS["zh_CN"]}


@pytest.mark.parametrize(
    "address",
    [
        "/call/not-a-call",
        "/call/" + "1" * 36,
        call_path(view="admin"),
        call_path(view="kiosk" * 3),
        "/call/%00",
    ],
)
def test_a_wrong_address_gets_a_page_saying_so_and_no_script(
    client: TestClient, address: str
) -> None:
    answer = client.get(address)
    assert answer.status_code in (404, 422), answer.text
    if answer.status_code == 404:
        assert answer.headers["content-type"].startswith("text/html")
        assert "这个通话地址不对。" in answer.text
        page = parsed(answer.text)
        assert all(s.get("type") == "application/json" for s in page.scripts)
        assert "call:error:address" in answer.text


def test_an_unknown_language_is_shown_in_chinese(client: TestClient) -> None:
    answer = client.get(call_path(view="family", lang="fr_FR"))
    assert answer.status_code == 200
    assert parsed(answer.text).html_lang == "zh-CN"
    assert "正在接通…" in answer.text


def test_both_languages_have_the_same_words_and_places() -> None:
    chinese, english = call_page.WORDS["zh_CN"], call_page.WORDS["en_US"]
    assert set(chinese) == set(english)
    for key in chinese:
        places = set(re.findall(r"\{(\w+)\}", chinese[key]))
        assert places == set(re.findall(r"\{(\w+)\}", english[key])), key
        assert chinese[key].strip() and english[key].strip(), key


def test_every_end_reason_and_page_error_has_a_sentence() -> None:
    for reason in get_args(EndReason):
        assert f"reason.{reason}" in call_page.WORDS["en_US"], reason
    for error in PAGE_ERRORS:
        assert f"error.{error}" in call_page.WORDS["en_US"], error


def test_every_word_the_script_asks_for_exists() -> None:
    asked = set(re.findall(r'"((?:state|reason|error|notice|button|label)\.[a-z_]+)"', CALL_JS))
    assert {"error.network", "notice.no_camera", "state.peer_reconnecting"} <= asked
    missing = sorted(k for k in asked if k not in call_page.WORDS["en_US"])
    assert not missing, missing


def test_every_title_the_script_sets_is_one_the_kiosk_reads() -> None:
    states = set(re.findall(r'setState\("([a-z_:]+)"[,)]', CALL_JS))
    states |= {"ended:" + r for r in get_args(EndReason)}  # "ended:" + the server's reason
    assert {"connecting", "waiting", "connected", "reconnecting", "error:permission"} <= states
    for state in states:
        read = page_state("call:" + state)
        assert read is not None, state
        assert read.kind in ("ended", "error") or read.detail == "", state
        if read.kind in ("ended", "error"):
            assert read.detail, f"{state}: the kiosk would not know why"


def test_the_scripts_name_no_address_outside_the_center() -> None:
    for script in (CALL_JS, FAMILY_JS):
        assert not re.search(r"https?://", script)
        assert "eval(" not in script and "innerHTML" not in script


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("call.js", "text/javascript"),
        ("call.css", "text/css"),
        ("family_live.js", "text/javascript"),
        ("family_live.css", "text/css"),
        ("chime.wav", "audio/wav"),
    ],
)
def test_the_pages_static_files_are_served(client: TestClient, name: str, kind: str) -> None:
    answer = client.get(f"/static/{name}")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith(kind)
    assert answer.content == (STATIC / name).read_bytes()
    assert "max-age" in answer.headers["cache-control"]


@pytest.mark.parametrize(
    "name",
    ["nothing.js", "..%2Fcall_page.py", "call.py", "CALL.JS", "a" * 60 + ".js", "%2e%2e", "x.html"],
)
def test_nothing_else_is_served_from_static(client: TestClient, name: str) -> None:
    answer = client.get(f"/static/{name}")
    assert answer.status_code in (404, 422)
    assert b"import" not in answer.content
