"""Ordering the community services: a tile per service on the home screen, its choices, the
confirmation with the resident's price, and the result."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ui.features import Feature, HomeEntry

if TYPE_CHECKING:
    from app.delivery import Changes
    from ui.context import AppContext
    from ui.navigator import Navigator
    from ui.screen import Screen

# At most nine primary choices on the home screen (ELDER_UX.md, Screens).
MAX_TILES = 9


def _entries(ctx: AppContext) -> list[HomeEntry]:
    language = ctx.language
    return [
        HomeEntry(
            key=service.id,
            label=service.name.get(language),
            description=service.description.get(language),
            icon=service.icon,
            intent=f"service.{service.id}",
            primary=True,
            # A center's own services (and renamed ones) are said by the name on their tile.
            phrases=(service.name.get(language),),
            args={"service_id": service.id},
        )
        for service in ctx.catalog.services[:MAX_TILES]
    ]


def _open(
    ctx: AppContext, nav: Navigator, *, service_id: str, picked: dict[str, str] | None = None
) -> Screen:
    """The order flow of ``service_id``; ``picked``: answers said ahead (by voice)."""
    from ui.services.flow import start_order

    service = ctx.catalog.service(service_id)
    if service is None:
        raise KeyError(f"no service {service_id!r} in the catalog")
    return start_order(ctx, nav, service, picked)


def _on_changes(ctx: AppContext, nav: Navigator, changes: Changes) -> None:
    """A new catalog from the center shows on the home screen; open flows finish as they
    were."""
    if changes.catalog is not None:
        ctx.catalog = changes.catalog
        nav.renew_home()


FEATURE = Feature(
    name="services",
    open=_open,
    home_entries=_entries,
    needs_resident=True,
    on_changes=_on_changes,
    settings=("center_phone",),
)
