"""The order flow of one service: at most two choice screens, then the confirm screen; or,
where the service cannot be ordered now (not offered today, past its cut-off), a screen
saying so and what to do instead."""

from __future__ import annotations

from app.catalog import Service, availability, valid_answers
from ui.screen import Screen


def start_order(ctx, nav, service: Service, picked: dict[str, str] | None = None) -> Screen:
    """The first screen of ordering ``service``: the first question not answered ahead in
    ``picked`` (answers past their cut-off are asked again), or the confirm screen's
    read-back when all were."""
    now = ctx.clock()
    available = availability(service, now)
    if not available.open:
        from ui.services.closed import OrderClosedScreen
        from ui.wording import service_closed

        name = service.name.get(ctx.language)
        message = service_closed(name, service, available)
        return OrderClosedScreen(ctx, nav, service, available, message=message)
    return next_step(ctx, nav, service, valid_answers(service, picked or {}, now))


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
