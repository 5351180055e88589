"""The page a terminal shows when it cannot work at all (its database is damaged or cannot be
opened).

Nothing can be saved, so it offers nothing to tap. First come the numbers to phone, the
center's and the emergency number, in large type; then what to do instead, in the terminal's
language and below it in the other one, since nobody can sign in to choose theirs. It says
the center's staff have been told only once the center answered the terminal's report
(:meth:`OutOfServiceWindow.tell_center`); until then it asks the reader to tell them. Where
large type does not leave room for all of it, the rest is a tap on "More" away, as on every
screen.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QLocale, Qt, QTimer, QTranslator
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from i18n import build
from ui.layout.pager import Pager
from ui.tasks import TaskRunner
from ui.theme import Theme
from ui.widgets.phoneline import PhoneLine

log = logging.getLogger(__name__)

# The name of the texts in the language that is not installed.
OTHER_LANGUAGE = "other_language"
# Tries to reach the center: the first at once, then after 15 s, doubling to 10 minutes.
RETRY_FIRST_S, RETRY_MAX_S = 15, 600

Translate = Callable[[str, str], str]


@dataclass(frozen=True)
class Words:
    """The page's words in one language."""

    title: str
    center: str
    emergency: str
    advice: str
    """What to do, for the language of the numbers' names."""
    advice_with_numbers: str
    """What to do, with the numbers in it, for the other language."""
    told: str
    not_told: str


def words(translate: Translate, center_phone: str, emergency_number: str) -> Words:
    """The page's words as ``translate`` gives them (the installed language or another)."""
    nothing_saved = translate("OutOfServiceWindow", "Nothing you do here can be saved.")
    return Words(
        title=translate("OutOfServiceWindow", "This terminal cannot be used right now."),
        center=translate("OutOfServiceWindow", "Community center: %1"),
        emergency=translate("OutOfServiceWindow", "Emergency: %1"),
        advice=join_sentences(
            nothing_saved,
            translate(
                "OutOfServiceWindow",
                "To order a service or ask for help, phone the center or ask a member of staff.",
            ),
        ),
        advice_with_numbers=join_sentences(
            nothing_saved,
            translate(
                "OutOfServiceWindow",
                "To order a service or ask for help, phone the center on %1 or ask a member of"
                " staff. In an emergency, phone %2.",
            )
            .replace("%1", center_phone)
            .replace("%2", emergency_number),
        ),
        told=translate(
            "OutOfServiceWindow",
            "The center's staff have been told that this terminal is not working.",
        ),
        not_told=translate(
            "OutOfServiceWindow", "Please tell the center that this terminal is not working."
        ),
    )


def join_sentences(*sentences: str) -> str:
    """Sentences as one text: Chinese ones run on, others with a space between."""
    text = ""
    for sentence in sentences:
        run_on = not text or text.endswith(("。", "！", "？"))
        text += sentence if run_on else " " + sentence
    return text


def is_chinese(text: str) -> bool:
    return any("\u4e00" <= character <= "\u9fff" for character in text)


def _name_of(template: str) -> str:
    """The words of "Community center: %1" before the number, without the colon."""
    return template.partition("%1")[0].strip().rstrip(":：").strip()


def other_language() -> str:
    """The language that is not installed: zh_CN or en_US."""
    return "en_US" if QLocale().name() == "zh_CN" else "zh_CN"


class Translation:
    """``translate`` in one language without installing it (English where it has no words)."""

    def __init__(self, language: str) -> None:
        self._translator = QTranslator()
        self._loaded = self._translator.load(str(build.qm_file(language)))

    def __call__(self, context: str, source: str) -> str:
        lookup = self._translator.translate
        return (lookup(context, source) if self._loaded else "") or source


class OutOfServiceWindow(QWidget):
    def __init__(
        self,
        theme: Theme,
        center_phone: str,
        emergency_number: str,
        *,
        center_name: str = "",
    ) -> None:
        super().__init__()
        self.setObjectName("OutOfService")
        self.setStyleSheet(theme.stylesheet())
        self.setWindowTitle(self.tr("Out of service"))
        self.staff_told = False
        layout = QVBoxLayout(self)
        # The sides as narrow as the kiosk window's: a long number in 40 pt type at 200 %
        # needs nearly the whole width of a tablet.
        side, top = theme.mm(3), theme.mm(8)
        layout.setContentsMargins(side, top, side, top)
        here = words(QCoreApplication.translate, center_phone, emergency_number)
        there = words(Translation(other_language()), center_phone, emergency_number)
        self._words = (here, there)
        self.pager = Pager(theme)
        self.pager.add_stretch()
        # The numbers come first, in large type, then what happened; the center by its own
        # name where that is in this language ("社区养老服务中心：" on a Chinese terminal).
        center = here.center
        if center_name and is_chinese(center_name) == (QLocale().name() == "zh_CN"):
            center = center.replace(_name_of(center), center_name, 1)
        self.phone_lines = [
            PhoneLine(center, center_phone, theme, centred=True),
            PhoneLine(here.emergency, emergency_number, theme, centred=True),
        ]
        for line in self.phone_lines:
            line.setAccessibleName(line.text())
            self.pager.add_block(line)
        title = QLabel(here.title)
        title.setWordWrap(True)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title.setProperty("role", "title")
        title.setAccessibleName(here.title)
        self.pager.add_block(title)
        self.pager.keep_together([*self.phone_lines, title])
        # What to do, in this language and then the other (with the numbers, as the names
        # above are not in it); whether the center's staff know, in both.
        self.advice: list[QLabel] = []
        self.staff_lines: list[QLabel] = []
        for advice, language_words in ((here.advice, here), (there.advice_with_numbers, there)):
            self.advice.append(self.pager.add_text(advice, "heading"))
            self.staff_lines.append(self.pager.add_text(language_words.not_told, "heading"))
        for label in (self.advice[1], self.staff_lines[1]):
            label.setObjectName(OTHER_LANGUAGE)  # on purpose (and so the audit knows)
        self.pager.add_stretch()
        layout.addWidget(self.pager, 1)
        self._title = title
        self._send: Callable[[], bool] | None = None
        self._runner: TaskRunner | None = None
        self._retry_s = RETRY_FIRST_S
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self._try_center)

    # -- what the center knows ---------------------------------------------------------------

    def tell_center(self, send: Callable[[], bool], runner: TaskRunner) -> None:
        """Report this terminal out of service with ``send`` (run off the UI thread): it
        returns True once the center answered, False when the center can never be told (no
        token, refused), and raises to be tried again later. Only after True does the page
        say that staff have been told."""
        self._send, self._runner = send, runner
        self._try_center()

    def _try_center(self) -> None:
        if self._send is None or self._runner is None or self.staff_told:
            return
        self._runner.run(self._send, self._center_answered, self._center_unreachable)

    def _center_answered(self, heard: bool) -> None:
        if heard:
            self.set_staff_told(True)
        else:
            log.warning("the center cannot be told that this terminal is out of service")

    def _center_unreachable(self, error: BaseException) -> None:
        log.info(
            "the center could not be told yet (%s); trying again in %d s", error, self._retry_s
        )
        self._retry.start(self._retry_s * 1000)
        self._retry_s = min(RETRY_MAX_S, self._retry_s * 2)

    def set_staff_told(self, told: bool) -> None:
        self.staff_told = told
        for label, language_words in zip(self.staff_lines, self._words, strict=True):
            self.pager.set_text(label, language_words.told if told else language_words.not_told)

    def spoken_text(self) -> str:
        here = self._words[0]
        return " ".join(
            [
                here.title,
                *(line.text() for line in self.phone_lines),
                here.advice,
                here.told if self.staff_told else here.not_told,
            ]
        )
