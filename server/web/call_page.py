"""The video call page (``GET /call/{id}``) and the pages' shared static files (``/static/``).

One page serves both ends of a call: the family member's browser (``?view=family``: the
videos, a big red hang-up button, mute, and "call back" after the end), a member of staff's
browser calling from the console (``?view=staff``: the same, calling back and rejoining
through the staff API, and back to the resident's calls page), and the kiosk's
QtWebEngine (``?view=kiosk``: only the videos, the state and the "camera on" mark; the kiosk
draws its own big buttons). The page asks for nothing but its address: the single-use ticket
that lets it into the call travels in the fragment (``#ticket=...``), which browsers never
send to a server, and the script (server/web/static/call.js) removes it from the address bar
at once. So the page is the same for every call id, names no one, and needs no sign-in.

The words of both languages are rendered into the page as a JSON data block (never run: the
Content-Security-Policy of server.headers lets only the center's own files run), so the
script shows every state in the page's language without a second request. How the page talks
to the signaling socket and to the kiosk (``document.title`` as ``call:<state>``,
``window.callControl``, ``window.callStats()``) is described in docs/CALLS.md and in
call.js's own header.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from typing import Annotated, Final

from fastapi import APIRouter, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, HTMLResponse, Response

from server.web.console import templates

router = APIRouter(include_in_schema=False)
STATIC: Final = Path(__file__).resolve().with_name("static")
# The types of the files the web pages may load from /static/; anything else is not served.
STATIC_TYPES: Final = {
    ".js": "text/javascript",
    ".css": "text/css",
    ".wav": "audio/wav",
    ".svg": "image/svg+xml",
}
STATIC_NAME: Final = re.compile(r"^[a-z0-9_]{1,40}\.(js|css|wav|svg)$")
VIEWS: Final = ("family", "staff", "kiosk")
CARD: Final = re.compile(r"^[0-9]{4,20}$")
LANGUAGES: Final = ("zh_CN", "en_US")

# Every sentence the call page can show, in both languages. ``state.*`` follow the states of
# ``document.title``; ``reason.*`` the end reasons of sync.call_protocol.EndReason.
WORDS: Final[dict[str, dict[str, str]]] = {
    "zh_CN": {
        "page.title": "视频通话",
        "camera_on": "● 摄像头开着",
        "state.connecting": "正在接通…",
        "state.waiting": "正在等对方…",
        "state.waiting_named": "正在等 {name}…",
        "state.connected": "已接通",
        "state.connected_named": "正在和 {name} 通话",
        "state.reconnecting": "网络断了，正在重新连接…",
        "state.peer_reconnecting": "对方的网络断了，正在等对方回来…",
        "state.ended": "通话结束了",
        "reason.hung_up": "通话结束了",
        "reason.declined": "对方没有接",
        "reason.no_answer": "对方没有接，可以稍后再打",
        "reason.busy": "对方正在通话中，请稍后再打",
        "reason.quiet_hours": "现在是休息时间，请稍后再打",
        "reason.blocked": "社区中心暂停了通话",
        "reason.no_device": "老人家里还没有平板",
        "reason.offline": "老人的平板现在没有联网",
        "reason.network": "网络断了，通话结束",
        "reason.cancelled": "通话取消了",
        "error.permission": "没有允许使用摄像头和麦克风，无法通话。请在浏览器设置里允许后再打。",
        "error.no_microphone": "找不到摄像头和麦克风，无法通话。",
        "error.ticket": "这个通话链接已经用过或者过期了，请重新拨打。",
        "error.network": "连不上服务器，请检查网络后再打。",
        "error.address": "这个通话地址不对。",
        "notice.no_camera": "找不到摄像头：对方听得到您，但看不到您。",
        "notice.no_microphone": "找不到麦克风：对方看得到您，但听不到您。",
        "notice.peer_camera_off": "对方的摄像头关着。",
        "notice.peer_microphone_off": "对方的麦克风关着。",
        "notice.tap_for_sound": "轻点这里打开声音",
        "button.hang_up": "挂断",
        "button.mute": "静音",
        "button.unmute": "打开声音",
        "button.call_back": "再打一次",
        "button.back": "返回",
        "label.remote": "对方的画面",
        "label.local": "我的画面",
    },
    "en_US": {
        "page.title": "Video call",
        "camera_on": "● Camera on",
        "state.connecting": "Connecting…",
        "state.waiting": "Waiting for the other side…",
        "state.waiting_named": "Waiting for {name}…",
        "state.connected": "Connected",
        "state.connected_named": "On a call with {name}",
        "state.reconnecting": "The connection dropped. Reconnecting…",
        "state.peer_reconnecting": "The other side's connection dropped. Waiting for them…",
        "state.ended": "The call has ended",
        "reason.hung_up": "The call has ended",
        "reason.declined": "They did not answer",
        "reason.no_answer": "No answer. You can try again later",
        "reason.busy": "The line is busy. Please call again later",
        "reason.quiet_hours": "It is rest time now. Please call again later",
        "reason.blocked": "The center has paused calls for now",
        "reason.no_device": "There is no tablet at home yet",
        "reason.offline": "The tablet at home is not online now",
        "reason.network": "The connection dropped and the call ended",
        "reason.cancelled": "The call was cancelled",
        "error.permission": (
            "The camera and microphone are not allowed, so the call cannot start. "
            "Allow them in the browser's settings and call again."
        ),
        "error.no_microphone": "No camera and no microphone were found, so there is no call.",
        "error.ticket": "This call link was used already or is too old. Please call again.",
        "error.network": "The server cannot be reached. Check the network and call again.",
        "error.address": "This call address is not right.",
        "notice.no_camera": "No camera found: they can hear you but not see you.",
        "notice.no_microphone": "No microphone found: they can see you but not hear you.",
        "notice.peer_camera_off": "Their camera is off.",
        "notice.peer_microphone_off": "Their microphone is off.",
        "notice.tap_for_sound": "Tap here to turn the sound on",
        "button.hang_up": "Hang up",
        "button.mute": "Mute",
        "button.unmute": "Unmute",
        "button.call_back": "Call again",
        "button.back": "Back",
        "label.remote": "The other side",
        "label.local": "Me",
    },
}


def language(requested: str | None) -> str:
    """The page's language: the one asked for if the page has its words, else Chinese."""
    return requested if requested in LANGUAGES else LANGUAGES[0]


def other_language(lang: str) -> str:
    return LANGUAGES[1] if lang == LANGUAGES[0] else LANGUAGES[0]


@router.get("/call/{call_id}", response_class=HTMLResponse)
def call_page(
    request: Request,
    call_id: str,
    view: Annotated[str, Query(max_length=10)] = "family",
    lang: Annotated[str, Query(max_length=10)] = "zh_CN",
    resident: Annotated[str, Query(max_length=20)] = "",
) -> Response:
    """The call page of call ``call_id`` for one side; its ticket comes in the fragment."""
    if not _is_call_id(call_id) or view not in VIEWS:
        # A mistyped address: say so plainly in a page, not in JSON meant for programs.
        return templates.TemplateResponse(
            request,
            "call.html",
            _context(language(lang), call_id="", view="family", broken=True, back="/family"),
            status_code=404,
        )
    return templates.TemplateResponse(
        request,
        "call.html",
        _context(
            language(lang), call_id=call_id, view=view, broken=False, back=back_to(view, resident)
        ),
    )


def back_to(view: str, resident: str) -> str:
    """Where the page's "back" goes: the family pages, or the console's calls of the
    resident the staff member called."""
    if view != "staff":
        return "/family"
    if CARD.fullmatch(resident):
        return f"/console/residents/{resident}/calls"
    return "/console/residents"


def _is_call_id(text: str) -> bool:
    try:
        return len(text) == 36 and str(uuid.UUID(text)) == text.lower()
    except ValueError:
        return False


def _context(lang: str, *, call_id: str, view: str, broken: bool, back: str) -> dict[str, object]:
    words = WORDS[lang]
    other = other_language(lang)
    return {
        "lang": lang,
        "html_lang": lang.replace("_", "-"),
        "other_html_lang": other.replace("_", "-"),
        "call_id": call_id,
        "view": view,
        "broken": broken,
        "back": back,
        "w": words,
        "other_w": WORDS[other],
        "words": {"page": words, "other": WORDS[other]},
    }


@router.get("/static/{name}")
def static_file(name: Annotated[str, PathParam(max_length=50)]) -> Response:
    """A script, style sheet, sound or icon of the web pages, from server/web/static."""
    path = STATIC / name
    if not STATIC_NAME.fullmatch(name) or not path.is_file():
        return Response("not found\n", status_code=404, media_type="text/plain")
    return FileResponse(
        path,
        media_type=STATIC_TYPES[path.suffix],
        headers={"Cache-Control": "public, max-age=300"},
    )
