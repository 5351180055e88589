"""The feature seam: features register themselves, the home screen and the window learn of
them only from the registry, and screens reach other features by name through the navigator.
"""

from __future__ import annotations

import grimp
import pytest

from tests.helpers.kiosk_fixtures import KioskFactory
from tests.ui.signin.test_signin import tap_digits
from ui.features import FEATURE_MODULES, Feature, FeatureRegistry, HomeEntry, load_features
from ui.home.screen import HomeScreen
from ui.placeholder.screen import ComingSoonScreen
from ui.screen import Screen
from ui.services.choice import ChoiceScreen
from ui.signin.screen import SignInScreen


class _NewsScreen(Screen):
    def title(self) -> str:
        return "News"


def _news_feature(*, needs_resident: bool = False) -> Feature:
    return Feature(
        name="news",
        open=lambda ctx, nav: _NewsScreen(ctx, nav),
        home_entries=lambda ctx: [HomeEntry("news", "News", "What is on today", "learn", "news")],
        needs_resident=needs_resident,
    )


def test_every_feature_registers_once_with_its_entries_and_roles() -> None:
    registry = load_features()
    assert [f.name for f in registry] == [
        "services",
        "orders",
        "health",
        "privacy",
        "learn",
        "volunteer",
        "call",
        "sos",
        "signin",
        "admin",
    ]
    emergency, sign_in = registry.with_role("emergency"), registry.with_role("sign_in")
    assert emergency is not None and emergency.name == "sos"
    assert sign_in is not None and sign_in.name == "signin"
    assert len(FEATURE_MODULES) == len(set(FEATURE_MODULES))


def test_a_feature_is_registered_only_once_and_a_place_filled_only_once() -> None:
    registry = FeatureRegistry([_news_feature()])
    with pytest.raises(ValueError, match="twice"):
        registry.register(_news_feature())
    registry.register(Feature(name="alarm", role="emergency"))
    with pytest.raises(ValueError, match="emergency"):
        registry.register(Feature(name="other_alarm", role="emergency"))
    with pytest.raises(KeyError, match="weather"):
        registry.get("weather")


def test_a_new_feature_is_one_registration_and_shows_on_home_by_tap_and_voice(
    kiosk_factory: KioskFactory,
) -> None:
    features = load_features()
    features.register(_news_feature())
    kiosk = kiosk_factory(features=features)
    home = kiosk.current()
    assert isinstance(home, HomeScreen)
    assert "news" in home.entries and "news" in home.voice_commands()
    home.pager.show_widget(home.entries["news"])  # a page of its own where room is short
    kiosk.tap(home.entries["news"])
    assert isinstance(kiosk.current(), _NewsScreen)
    assert kiosk.window.title_label.text() == "News"
    kiosk.window.home()
    home.voice_commands()["news"]()
    assert isinstance(kiosk.current(), _NewsScreen)


def test_without_a_feature_its_entry_and_its_place_are_gone(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory(features=load_features(["ui.services", "ui.orders"]))
    home = kiosk.current()
    assert isinstance(home, HomeScreen)
    assert set(home.entries) == {"orders"}
    assert len(home.tiles) == 9
    assert not kiosk.window.sos_button.isVisible()
    kiosk.window.start_sos()  # nothing fills the emergency place: nothing happens
    assert kiosk.current() is home


def test_a_feature_that_needs_a_resident_asks_for_a_card_on_a_shared_kiosk(
    kiosk_factory: KioskFactory,
) -> None:
    features = load_features()
    features.register(_news_feature(needs_resident=True))
    kiosk = kiosk_factory(mode="kiosk", features=features)
    home = kiosk.current()
    assert isinstance(home, HomeScreen)
    home.pager.show_widget(home.entries["news"])
    kiosk.tap(home.entries["news"])
    signin = kiosk.current()
    assert isinstance(signin, SignInScreen)
    tap_digits(kiosk, signin, "10002")
    kiosk.tap(signin.pad.buttons["ok"])
    kiosk.wait_screen(_NewsScreen)


def test_a_placeholder_feature_opens_its_own_page(kiosk_factory: KioskFactory) -> None:
    from ui.placeholder import coming_soon_feature

    title = "视频通话"
    features = [f for f in load_features() if f.name != "call"]
    placeholder = coming_soon_feature(
        "call", lambda: title, lambda: "", icon="video", intent="video_call"
    )
    kiosk = kiosk_factory(features=FeatureRegistry([*features, placeholder]))
    home = kiosk.current()
    kiosk.tap(home.entries["call"])  # type: ignore[attr-defined]
    screen = kiosk.current()
    assert isinstance(screen, ComingSoonScreen)
    assert screen.title() == title
    assert kiosk.window.title_label.text() == title
    assert title in screen.spoken_text()


def test_screens_reach_other_features_by_name(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory()
    kiosk.window.open_feature("services", service_id="meals")
    assert isinstance(kiosk.current(), ChoiceScreen)
    with pytest.raises(KeyError, match="weather"):
        kiosk.window.open_feature("weather")


def _ui_graph() -> grimp.ImportGraph:
    return grimp.build_graph("ui", "app", "voice", "sync", exclude_type_checking_imports=True)


def test_no_ui_module_but_the_window_builder_imports_the_main_window() -> None:
    graph = _ui_graph()
    importers = graph.find_modules_that_directly_import("ui.shell")
    assert importers == {"ui.window"}


def test_no_feature_imports_another_features_screens() -> None:
    graph = _ui_graph()
    features = {name.split(".")[1] for name in FEATURE_MODULES}
    offenders = []
    for module in graph.modules:
        parts = module.split(".")
        if len(parts) < 2 or parts[0] != "ui" or parts[1] not in features:
            continue
        for imported in graph.find_modules_directly_imported_by(module):
            other = imported.split(".")
            if len(other) > 2 and other[1] in features and other[1] != parts[1]:
                offenders.append(f"{module} -> {imported}")
    assert not offenders, offenders


def test_the_orders_feature_says_when_the_center_moves_an_order_on(
    kiosk_factory: KioskFactory,
) -> None:
    from app.delivery import Changes
    from app.orders import OrderStatus, apply_status, place_order
    from app.people import find_by_card
    from tests.helpers.kiosk_fixtures import HOME_RESIDENT_CARD

    kiosk = kiosk_factory(language="en_US")
    meals = kiosk.ctx.catalog.service("meals")
    assert meals is not None
    picks = {c.id: c.options[0].id for c in meals.choices}
    mine = place_order(kiosk.store, find_by_card(kiosk.store, HOME_RESIDENT_CARD), meals, picks)
    other = place_order(kiosk.store, find_by_card(kiosk.store, "10003"), meals, picks)
    for order in (mine, other):
        apply_status(kiosk.store, order.id, OrderStatus.ACCEPTED, by="center")
    changes = Changes(orders={mine.id: "accepted", other.id: "accepted"})
    kiosk.ctx.sync.sig_changes.emit(changes)
    said = kiosk.wait_spoken("your Meals order")
    assert said == "The center accepted your Meals order."
    kiosk.wait_idle()
    assert sum("order" in text for text in kiosk.spoken) == 1  # not the other resident's


def test_no_ui_modules_import_each_other_in_a_loop() -> None:
    graph = _ui_graph()
    modules = sorted(m for m in graph.modules if m.split(".")[0] == "ui")
    loops = []
    for module in modules:
        for imported in graph.find_modules_directly_imported_by(module):
            if imported.split(".")[0] != "ui" or imported == module:
                continue
            if graph.chain_exists(importer=imported, imported=module):
                loops.append(f"{module} <-> {imported}")
    assert not loops, loops


@pytest.mark.slow
def test_features_register_before_qt_is_loaded() -> None:
    """Start-up registers the features before Qt (ui/features.py): their screens, and Qt,
    load later, so registering must not import Qt."""
    import subprocess
    import sys

    from tests.helpers.paths import REPO_ROOT

    code = (
        "import sys\n"
        "from ui.features import load_features\n"
        "names = [f.name for f in load_features()]\n"
        "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt was imported'\n"
        "print(' '.join(names))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [name.split(".")[-1] for name in FEATURE_MODULES]


def test_only_features_and_the_window_builder_import_feature_modules() -> None:
    graph = _ui_graph()
    features = {name for name in FEATURE_MODULES}
    allowed = {"ui.window", "ui.gallery", "ui.screenshots", *features}
    offenders = []
    for module in graph.modules:
        if module.split(".")[0] != "ui" or any(
            module == a or module.startswith(a + ".") for a in allowed
        ):
            continue
        for imported in graph.find_modules_directly_imported_by(module):
            if any(imported == f or imported.startswith(f + ".") for f in features):
                offenders.append(f"{module} -> {imported}")
    assert not offenders, offenders


def test_parts_the_first_frame_does_not_need_are_attached_once_after_it(
    kiosk_factory: KioskFactory, qtbot
) -> None:
    from ui.window import build_window

    attached: list[str] = []

    def attach(name: str):
        return lambda ctx, nav: attached.append(name) or name

    registry = FeatureRegistry(
        [
            Feature(name="early", attach=attach("early")),
            Feature(name="later", attach=attach("later"), attach_later=True),
        ]
    )
    kiosk = kiosk_factory(features=FeatureRegistry())
    window = build_window(kiosk.ctx, features=registry, attach_later=True)
    qtbot.add_widget(window)
    assert attached == ["early"]
    with pytest.raises(KeyError):
        window.part("later")
    window.attach_parts()
    window.attach_parts()
    assert attached == ["early", "later"]
    assert window.part("later") == "later"
    # Built for the tests, the gallery and the benchmarks: everything at once.
    attached.clear()
    at_once = build_window(kiosk.ctx, features=registry)
    qtbot.add_widget(at_once)
    assert attached == ["early", "later"]


def test_the_kiosks_later_parts_are_the_ones_no_first_frame_shows() -> None:
    later = {feature.name for feature in load_features() if feature.attach_later}
    assert later == {"admin", "call", "learn", "sos"}
