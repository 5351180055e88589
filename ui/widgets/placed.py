"""A widget without a layout that places its own parts."""

from __future__ import annotations


class PlacesItsParts:
    """Mixin, listed before the Qt class: ``_place`` runs again whenever the widget is resized
    or shown (the style sheet's fonts are known only once it is polished)."""

    def _place(self) -> None:
        raise NotImplementedError

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)  # type: ignore[misc]
        self._place()

    def showEvent(self, event) -> None:
        super().showEvent(event)  # type: ignore[misc]
        self._place()
