"""Debian's Firefox ESR in tests, driven over WebDriver BiDi (the protocol Firefox speaks
natively): no geckodriver, no Selenium, no browser downloaded.

:func:`launch` starts ``firefox-esr --headless --remote-debugging-port=0`` on a fresh
profile whose ``user.js`` gives it a fake camera and microphone with no permission prompt,
lets WebRTC use loopback addresses (everything here is on 127.0.0.1) and lets sound play
without a tap. Firefox prints the address of its BiDi socket on stderr; :class:`Firefox`
opens a session there and drives the one tab of the browser: navigate, evaluate script
(promises awaited), wait for a condition (polled inside the page, so the test never
sleeps), click like a mouse, fill form fields, set the viewport, take screenshots.
:meth:`Firefox.close` ends the session, kills the process if it lingers and removes the
profile. The ``firefox`` fixture is one such browser per test.

Every page gets a preload script recording Content-Security-Policy violations
(``securitypolicyviolation`` events), read with :meth:`Firefox.csp_violations`, so a test
can assert that nothing was refused.
"""

from __future__ import annotations

import base64
import contextlib
import json
import queue
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

FIREFOX = Path("/usr/bin/firefox-esr")
START_TIMEOUT_S = 60.0
COMMAND_TIMEOUT_S = 30.0
WAIT_TIMEOUT_S = 20.0
CLOSE_GRACE_S = 10.0
LISTENING = "WebDriver BiDi listening on "

# Preferences of the test profile. Firefox's remote agent adds its own recommended ones
# (no first-run pages, no update checks ...) when it starts.
PREFS: dict[str, bool | int | str] = {
    # A fake camera (moving colours) and microphone (a tone), and no prompt for them.
    "media.navigator.streams.fake": True,
    "media.navigator.permission.disabled": True,
    # Firefox leaves loopback addresses out of ICE by default; both browsers are on 127.0.0.1.
    "media.peerconnection.ice.loopback": True,
    # Real host addresses instead of mDNS names, which need a multicast resolver.
    "media.peerconnection.ice.obfuscate_host_addresses": False,
    # The call's sound plays without a tap, as in chromium's --autoplay-policy flag.
    "media.autoplay.default": 0,
    "media.autoplay.blocking_policy": 0,
    # Nothing reaches out for the network: there is none but loopback.
    "network.captive-portal-service.enabled": False,
    "network.connectivity-service.enabled": False,
    "browser.safebrowsing.update.enabled": False,
}

CSP_RECORDER = """() => {
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (event) => {
    window.__cspViolations.push(event.violatedDirective + ' ' + (event.blockedURI || ''));
  });
}"""

# Polls a condition inside the page until it is true or the time is up (resolving to
# {ok: false} then, so that the test names what did not happen).
WAIT_FOR = """async (source, timeoutMs, intervalMs) => {
  const condition = eval('(' + source + ')');
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    let value;
    try {
      value = await condition();
    } catch (error) {
      value = false;
    }
    if (value) return {ok: true, value};
    if (performance.now() > deadline) return {ok: false};
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}"""


class BiDiError(RuntimeError):
    """Firefox answered a command with an error, or a script threw."""


class Navigated(BiDiError):
    """A new document replaced the page while a script waited in it: Firefox drops such a
    script's promise without an answer, so the wait is over for this page."""


def installed() -> bool:
    return FIREFOX.exists() and shutil.which(str(FIREFOX)) is not None


def write_profile(folder: Path, prefs: dict[str, bool | int | str]) -> None:
    lines = [
        f"user_pref({json.dumps(name)}, {json.dumps(value)});" for name, value in prefs.items()
    ]
    (folder / "user.js").write_text("\n".join(lines) + "\n", encoding="utf-8")


def from_remote(remote: dict[str, Any]) -> Any:
    """A BiDi RemoteValue as a Python value (nodes and other handles stay as they come)."""
    kind = remote.get("type")
    value = remote.get("value")
    if kind in ("undefined", "null"):
        return None
    if kind in ("string", "boolean"):
        return value
    if kind == "number":
        special = {"NaN": float("nan"), "-0": -0.0, "Infinity": float("inf")}
        special["-Infinity"] = float("-inf")
        return special[value] if isinstance(value, str) else value
    if kind == "bigint":
        return int(str(value))
    if kind in ("array", "set"):
        return [from_remote(item) for item in value or []]
    if kind in ("object", "map"):
        return {
            (key if isinstance(key, str) else str(from_remote(key))): from_remote(item)
            for key, item in value or []
        }
    return remote


def to_local(value: Any) -> dict[str, Any]:
    """A Python value as a BiDi LocalValue (strings, numbers, booleans, None, lists, dicts)."""
    if value is None:
        return {"type": "null"}
    if isinstance(value, bool):
        return {"type": "boolean", "value": value}
    if isinstance(value, int | float):
        return {"type": "number", "value": value}
    if isinstance(value, str):
        return {"type": "string", "value": value}
    if isinstance(value, list | tuple):
        return {"type": "array", "value": [to_local(item) for item in value]}
    if isinstance(value, dict):
        return {"type": "object", "value": [[str(k), to_local(v)] for k, v in value.items()]}
    raise TypeError(f"cannot send {type(value).__name__} to the page")


class Firefox:
    """One headless Firefox with a BiDi session, driving its first tab."""

    def __init__(
        self,
        process: subprocess.Popen[bytes],
        profile: Path,
        stderr_reader: threading.Thread,
        address: str,
    ) -> None:
        self.process = process
        self.profile = profile
        self.stderr_reader = stderr_reader
        self._open = contextlib.ExitStack()
        self.socket: ClientConnection = self._open.enter_context(
            connect(address + "/session", max_size=None, open_timeout=COMMAND_TIMEOUT_S)
        )
        self.events: list[dict[str, Any]] = []
        self._next_id = 0
        self.command("session.new", {"capabilities": {"alwaysMatch": {}}})
        self.command("session.subscribe", {"events": ["log.entryAdded", "script.realmCreated"]})
        self.command("script.addPreloadScript", {"functionDeclaration": CSP_RECORDER})
        tree = self.command("browsingContext.getTree", {"maxDepth": 0})
        self.context: str = tree["contexts"][0]["context"]

    # -- the protocol ------------------------------------------------------------------------

    def command(
        self,
        method: str,
        params: dict[str, Any],
        timeout: float = COMMAND_TIMEOUT_S,
        *,
        page_bound: bool = False,
    ) -> dict[str, Any]:
        """Send one command and wait for its answer (events meanwhile go to ``events``).
        ``page_bound``: the answer depends on the page staying; raise :class:`Navigated`
        when a new document comes instead."""
        self._next_id += 1
        sent = self._next_id
        self.socket.send(json.dumps({"id": sent, "method": method, "params": params}))
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise BiDiError(f"{method}: no answer from Firefox in {timeout:.0f} s")
            try:
                message = json.loads(self.socket.recv(timeout=left))
            except TimeoutError:
                continue
            except ConnectionClosed as closed:
                raise BiDiError(f"{method}: Firefox closed its socket ({closed})") from closed
            if message.get("type") == "event":
                self.events.append(message)
                if page_bound and self._is_new_document(message):
                    raise Navigated(f"{method}: the page was replaced while it ran")
            elif message.get("id") == sent:
                if message.get("type") == "error":
                    raise BiDiError(f"{method}: {message.get('error')}: {message.get('message')}")
                return dict(message["result"])

    def _is_new_document(self, event: dict[str, Any]) -> bool:
        params = event.get("params", {})
        return bool(
            event.get("method") == "script.realmCreated"
            and params.get("context") == self.context
            and params.get("type") == "window"
        )

    def _result(self, answer: dict[str, Any]) -> Any:
        if answer.get("type") == "exception":
            details = answer.get("exceptionDetails", {})
            raise BiDiError(f"the page's script threw: {details.get('text')}")
        return from_remote(answer["result"])

    # -- pages -------------------------------------------------------------------------------

    def goto(self, url: str) -> None:
        self.command(
            "browsingContext.navigate", {"context": self.context, "url": url, "wait": "complete"}
        )

    def set_viewport(self, width: int, height: int, pixel_ratio: float = 1.0) -> None:
        self.command(
            "browsingContext.setViewport",
            {
                "context": self.context,
                "viewport": {"width": width, "height": height},
                "devicePixelRatio": pixel_ratio,
            },
        )

    def evaluate(self, expression: str, timeout: float = COMMAND_TIMEOUT_S) -> Any:
        """The value of a JavaScript expression in the page (a promise is awaited)."""
        answer = self.command(
            "script.evaluate",
            {
                "expression": expression,
                "target": {"context": self.context},
                "awaitPromise": True,
                "resultOwnership": "none",
            },
            timeout,
        )
        return self._result(answer)

    def call(
        self,
        function: str,
        *arguments: Any,
        timeout: float = COMMAND_TIMEOUT_S,
        page_bound: bool = False,
    ) -> Any:
        """Call a JavaScript function declaration in the page with these arguments."""
        answer = self.command(
            "script.callFunction",
            {
                "functionDeclaration": function,
                "arguments": [to_local(argument) for argument in arguments],
                "target": {"context": self.context},
                "awaitPromise": True,
                "resultOwnership": "none",
            },
            timeout,
            page_bound=page_bound,
        )
        return self._result(answer)

    def wait_for(
        self, condition: str, *, what: str, timeout: float = WAIT_TIMEOUT_S, interval_ms: int = 100
    ) -> Any:
        """Wait until the JavaScript function ``condition`` (may be async) returns something
        true; that value. A navigation meanwhile is waited through: the condition is then
        checked again on the new page."""
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                answer = self.call(
                    WAIT_FOR,
                    condition,
                    left * 1000,
                    interval_ms,
                    timeout=left + COMMAND_TIMEOUT_S,
                    page_bound=True,
                )
            except Navigated:
                continue  # the condition is checked again on the new page
            if answer["ok"]:
                return answer["value"]
        raise AssertionError(f"waited {timeout:.0f} s in Firefox for {what}; it did not happen")

    def title(self) -> str:
        return str(self.evaluate("document.title"))

    def wait_for_title(self, title: str, timeout: float = WAIT_TIMEOUT_S) -> None:
        self.wait_for(
            f"() => document.title === {json.dumps(title)}",
            what=f"the title {title!r} (it is {self.title()!r})",
            timeout=timeout,
        )

    def fill(self, selector: str, text: str) -> None:
        """Put text in a form field, with the input and change events typing would give."""
        self.call(
            """(selector, text) => {
              const field = document.querySelector(selector);
              if (!field) throw new Error('no field ' + selector);
              field.focus();
              field.value = text;
              field.dispatchEvent(new Event('input', {bubbles: true}));
              field.dispatchEvent(new Event('change', {bubbles: true}));
            }""",
            selector,
            text,
        )

    def click(self, selector: str) -> None:
        """Click the element in its middle with the mouse, as a person would (after
        scrolling it into view): the page's own handlers and default actions run."""
        found = self.command(
            "script.callFunction",
            {
                "functionDeclaration": """(selector) => {
                  const element = document.querySelector(selector);
                  if (element) element.scrollIntoView({block: 'center', inline: 'center'});
                  return element;
                }""",
                "arguments": [to_local(selector)],
                "target": {"context": self.context},
                "awaitPromise": False,
                "resultOwnership": "root",
            },
        )
        element = found.get("result", {})
        if element.get("type") != "node":
            raise BiDiError(f"nothing on the page matches {selector!r}")
        self.command(
            "input.performActions",
            {
                "context": self.context,
                "actions": [
                    {
                        "type": "pointer",
                        "id": "mouse",
                        "parameters": {"pointerType": "mouse"},
                        "actions": [
                            {
                                "type": "pointerMove",
                                "x": 0,
                                "y": 0,
                                "origin": {
                                    "type": "element",
                                    "element": {"sharedId": element["sharedId"]},
                                },
                            },
                            {"type": "pointerDown", "button": 0},
                            {"type": "pointerUp", "button": 0},
                        ],
                    }
                ],
            },
        )
        self.command("input.releaseActions", {"context": self.context})

    def screenshot(self, path: Path, *, full_page: bool = True) -> Path:
        """A PNG of the page (the whole document, or what the viewport shows)."""
        answer = self.command(
            "browsingContext.captureScreenshot",
            {"context": self.context, "origin": "document" if full_page else "viewport"},
        )
        path.write_bytes(base64.b64decode(answer["data"]))
        return path

    def csp_violations(self) -> list[str]:
        """What the Content-Security-Policy refused on the current page."""
        return list(self.evaluate("window.__cspViolations || []"))

    def console_errors(self) -> list[str]:
        """The text of errors logged so far (script errors and console.error)."""
        return [
            str(event["params"].get("text"))
            for event in self.events
            if event.get("method") == "log.entryAdded" and event["params"].get("level") == "error"
        ]

    # -- ending ------------------------------------------------------------------------------

    def close(self) -> None:
        """End the browser, kill it if it lingers, and remove its profile."""
        with contextlib.suppress(BiDiError, OSError, ConnectionClosed):
            self.command("browser.close", {}, timeout=CLOSE_GRACE_S)
        with contextlib.suppress(OSError):
            self._open.close()
        stop(self.process, self.stderr_reader)
        shutil.rmtree(self.profile, ignore_errors=True)


def stop(process: subprocess.Popen[bytes], stderr_reader: threading.Thread) -> None:
    """Wait for Firefox to exit (kill it if it does not), then close its stderr pipe."""
    try:
        process.wait(timeout=CLOSE_GRACE_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=CLOSE_GRACE_S)
    # Its children may hold the pipe a moment longer; the reader ends when they let go.
    stderr_reader.join(timeout=CLOSE_GRACE_S)
    if process.stderr is not None and not stderr_reader.is_alive():
        process.stderr.close()


def _read_lines(stream: IO[bytes], lines: queue.Queue[str]) -> None:
    """Hand stderr's lines over (and keep draining it, so that Firefox never blocks on it)."""
    for raw in stream:
        lines.put(raw.decode("utf-8", "replace").rstrip())


def launch(prefs: dict[str, bool | int | str] | None = None) -> Firefox:
    """A headless Firefox ESR on a fresh profile with :data:`PREFS` (and ``prefs``)."""
    if not installed():
        raise FileNotFoundError(f"{FIREFOX} is not installed")
    profile = Path(tempfile.mkdtemp(prefix="firefox-profile-"))
    write_profile(profile, {**PREFS, **(prefs or {})})
    process = subprocess.Popen(
        [
            str(FIREFOX),
            "--headless",
            "--no-remote",
            "--remote-debugging-port=0",
            "--profile",
            str(profile),
            "about:blank",
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    assert process.stderr is not None
    lines: queue.Queue[str] = queue.Queue()
    reader = threading.Thread(target=_read_lines, args=(process.stderr, lines), daemon=True)
    reader.start()
    said: list[str] = []
    deadline = time.monotonic() + START_TIMEOUT_S
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or process.poll() is not None:
                raise RuntimeError(
                    f"Firefox did not open its BiDi socket in {START_TIMEOUT_S:.0f} s; "
                    "it said:\n" + "\n".join(said[-20:])
                )
            try:
                line = lines.get(timeout=min(left, 1.0))
            except queue.Empty:
                continue
            said.append(line)
            if LISTENING in line:
                address = line.split(LISTENING, 1)[1].strip()
                return Firefox(process, profile, reader, address)
    except BaseException:
        process.kill()
        stop(process, reader)
        shutil.rmtree(profile, ignore_errors=True)
        raise


@pytest.fixture
def firefox() -> Iterator[Firefox]:
    """A fresh headless Firefox ESR for one test (skipped, saying why, without one)."""
    if not installed():
        pytest.skip("Debian's firefox-esr is not installed (installer/setup.sh --test installs it)")
    browser = launch()
    yield browser
    browser.close()
