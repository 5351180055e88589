"""The order flow of one service: at most two choice screens, then the confirm screen."""

from __future__ import annotations

from app.catalog import Service, valid_answers
from ui.screen import Screen


def start_order(ctx, nav, service: Service, picked: dict[str, str] | None = None) -> Screen:
    """The first screen of ordering ``service``: the first question not answered ahead in
    ``picked``, or the confirm screen's read-back when all were."""
    return next_step(ctx, nav, service, valid_answers(service, picked or {}))


def next_step(ctx, nav, service: Service, picked: dict[str, str]) -> Screen:
    """The choice screen for the first unanswered question, or the confirm screen."""
    from ui.services.choice import ChoiceScreen
    from ui.services.confirm import ConfirmScreen

    for choice_list in service.choices:
        if choice_list.id not in picked:
            return ChoiceScreen(
                ctx,
                nav,
                service,
                choice_list,
                picked,
                then=lambda answers: next_step(ctx, nav, service, answers),
            )
    return ConfirmScreen(ctx, nav, service, picked)
