"""Loading the kiosk's and Qt's own translations for the chosen language."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from i18n import build

log = logging.getLogger(__name__)

_installed: list[QTranslator] = []


def install_language(language: str) -> bool:
    """Install translators for ``language`` (zh_CN or en_US); False if ours could not load."""
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("create the QApplication first")
    if build.stale():
        import subprocess

        try:
            build.release()
        except (OSError, subprocess.CalledProcessError):
            log.warning("could not compile translations", exc_info=True)
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    QLocale.setDefault(QLocale(language))
    qt_translator = QTranslator(app)
    qt_path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt_translator.load(QLocale(language), "qtbase", "_", qt_path):
        app.installTranslator(qt_translator)
        _installed.append(qt_translator)
    ours = QTranslator(app)
    loaded = ours.load(str(build.qm_file(language)))
    if loaded:
        app.installTranslator(ours)
        _installed.append(ours)
    elif language != "en_US":
        log.warning("translation %s is missing; showing English", build.qm_file(language))
    return loaded
