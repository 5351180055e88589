"""The service catalog: the shipped file, and center files with mistakes in them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from app.catalog import (
    MAX_CHOICE_LISTS,
    MAX_OPTIONS,
    SHIPPED_CATALOG,
    TIERS,
    Catalog,
    CatalogError,
    CatalogProblem,
    load_catalog,
    parse_catalog,
)
from app.paths import ASSETS_DIR

SHIPPED_IDS = [
    "meals",
    "cleaning",
    "bathing",
    "medical",
    "escort",
    "urgent",
    "companionship",
    "errands",
    "legal",
]
SOURCE = Path("center/catalog.toml")


# -- a small TOML writer for test catalogs -------------------------------------------------------


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a valid TOML basic string
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(value)


def service(service_id: str, *, drop: tuple[str, ...] = (), **fields: Any) -> str:
    """One [[services]] entry, valid unless ``fields`` or ``drop`` spoil it."""
    data: dict[str, Any] = {
        "id": service_id,
        "icon": "meals.svg",
        "name_zh": "助餐",
        "name_en": "Meals",
        "description_zh": "送餐上门",
        "description_en": "Meals brought home",
        "choices": ["when"],
        "price_fen": {"full": 1500, "subsidised": 800, "free": 0},
    }
    data.update(fields)
    lines = [f"{key} = {toml_value(value)}" for key, value in data.items() if key not in drop]
    return "\n[[services]]\n" + "\n".join(lines) + "\n"


def choice_list(list_id: str, option_ids: list[str], *, quantity: bool | None = None) -> str:
    lines = [f"[choices.{list_id}]", 'title_zh = "选一个"', 'title_en = "Pick one"']
    if quantity is not None:
        lines.append(f"quantity = {toml_value(quantity)}")
    options = [{"id": oid, "zh": f"选项{oid}", "en": f"Option {oid}"} for oid in option_ids]
    lines.append(f"options = {toml_value(options)}")
    return "\n" + "\n".join(lines) + "\n"


def catalog_text(*parts: str, version: int = 1) -> str:
    """A catalog with the 'when' choice list, the given parts and one good service."""
    return (
        f"version = {version}\n"
        + choice_list("when", ["now", "today"])
        + "".join(part for part in parts if part.lstrip().startswith("[choices"))
        + service("good")
        + "".join(part for part in parts if part.lstrip().startswith("[[services]]"))
    )


def problems_at(catalog: Catalog, where: str) -> list[CatalogProblem]:
    return [p for p in catalog.problems if where in p.where]


# -- the shipped catalog -------------------------------------------------------------------------


def test_the_shipped_catalog_has_the_nine_services(catalog: Catalog) -> None:
    assert [s.id for s in catalog.services] == SHIPPED_IDS
    assert catalog.source == SHIPPED_CATALOG
    assert catalog.problems == []


@pytest.mark.parametrize("service_id", SHIPPED_IDS)
def test_each_shipped_service_is_complete(catalog: Catalog, service_id: str) -> None:
    found = catalog.service(service_id)
    assert found is not None

    assert (ASSETS_DIR / "icons" / found.icon).is_file(), f"icon {found.icon} is missing"
    assert set(found.price_fen) == set(TIERS)
    assert all(isinstance(p, int) and p >= 0 for p in found.price_fen.values())
    assert found.price_fen["free"] <= found.price_fen["subsidised"] <= found.price_fen["full"]
    assert len(found.choices) <= MAX_CHOICE_LISTS
    for text in (found.name, found.description):
        assert text.zh and text.en
        assert text.get("zh_CN") == text.zh
        assert text.get("en_US") == text.en
    for choices in found.choices:
        assert 1 <= len(choices.options) <= MAX_OPTIONS
        assert choices.title.zh and choices.title.en


def test_meals_ask_which_meal_and_how_many_portions(catalog: Catalog) -> None:
    meals = catalog.service("meals")
    assert meals is not None

    assert [c.id for c in meals.choices] == ["meal", "portions"]
    portions = meals.choices[1]
    assert portions.is_quantity
    assert [o.id for o in portions.options] == ["1", "2", "3"]
    assert catalog.service("no-such-service") is None


# -- center catalogs with mistakes ---------------------------------------------------------------

BAD_CATALOGS = [
    pytest.param(catalog_text(version=2), str(SOURCE), "'version'", ["good"], id="wrong-version"),
    pytest.param(
        catalog_text(service("broken", drop=("name_en",))),
        "service 'broken'",
        "'name_en'",
        ["good"],
        id="missing-name-en",
    ),
    pytest.param(
        catalog_text(service("broken", icon="broken.png")),
        "service 'broken'",
        "'icon'",
        ["good"],
        id="icon-not-svg",
    ),
    pytest.param(
        catalog_text(service("broken", choices=["colour"])),
        "service 'broken'",
        "'colour'",
        ["good"],
        id="unknown-choice-list",
    ),
    pytest.param(
        catalog_text(service("broken", price_fen={"full": -100, "subsidised": 0, "free": 0})),
        "service 'broken'",
        "price_fen.full",
        ["good"],
        id="negative-price",
    ),
    pytest.param(
        catalog_text(service("broken", price_fen={"full": 100, "free": 0})),
        "service 'broken'",
        "price_fen.subsidised",
        ["good"],
        id="missing-tier-price",
    ),
    pytest.param(
        catalog_text(service("broken", price_fen={"full": 12.5, "subsidised": 0, "free": 0})),
        "service 'broken'",
        "price_fen.full",
        ["good"],
        id="fractional-price",
    ),
    pytest.param(
        catalog_text(service("good", name_en="Meals again"), service("other")),
        "service 'good'",
        "repeats",
        ["good", "other"],
        id="duplicate-id",
    ),
    pytest.param(
        catalog_text(
            choice_list("many", [f"o{n}" for n in range(MAX_OPTIONS + 1)]),
            service("broken", choices=["many"]),
        ),
        "choices.many",
        f"at most {MAX_OPTIONS} options",
        ["good"],
        id="too-many-options",
    ),
    pytest.param(
        catalog_text(
            choice_list("portions", ["one", "two"], quantity=True),
            service("broken", choices=["portions"]),
        ),
        "choices.portions",
        "quantity",
        ["good"],
        id="quantity-not-numbers",
    ),
    pytest.param(
        catalog_text(
            choice_list("portions", ["0", "100"], quantity=True),
            service("broken", choices=["portions"]),
        ),
        "choices.portions",
        "quantity",
        ["good"],
        id="quantity-out-of-range",
    ),
    pytest.param(
        catalog_text(choice_list("twice", ["a", "a"]), service("broken", choices=["twice"])),
        "choices.twice",
        "'a' repeats",
        ["good"],
        id="repeated-option-id",
    ),
    pytest.param(
        catalog_text(
            choice_list("more", ["x"]),
            choice_list("most", ["y"]),
            service("broken", choices=["when", "more", "most"]),
        ),
        "service 'broken'",
        f"at most {MAX_CHOICE_LISTS} choice lists",
        ["good"],
        id="three-choice-lists",
    ),
    pytest.param(
        catalog_text(service("", name_en="Nameless")),
        "services[2]",
        "'id'",
        ["good"],
        id="empty-id",
    ),
    pytest.param(
        catalog_text(*[service(f"extra{n}") for n in range(9)]),
        str(SOURCE),
        "more than 9 services",
        ["good", *[f"extra{n}" for n in range(8)]],
        id="ten-services",
    ),
]


@pytest.mark.parametrize(("text", "where", "field", "loaded_ids"), BAD_CATALOGS)
def test_a_mistake_is_named_and_the_good_services_still_load(
    text: str, where: str, field: str, loaded_ids: list[str]
) -> None:
    parsed = parse_catalog(text, SOURCE)

    named = [p for p in problems_at(parsed, where) if field in p.message]
    assert named, [str(p) for p in parsed.problems]
    assert all(where in str(p) and field in str(p) for p in named)
    assert [s.id for s in parsed.services] == loaded_ids


def test_a_duplicate_keeps_the_first_service() -> None:
    parsed = parse_catalog(catalog_text(service("good", name_en="Meals again")), SOURCE)

    good = parsed.service("good")
    assert good is not None
    assert good.name.en == "Meals"


def test_text_that_is_not_toml_is_refused() -> None:
    with pytest.raises(CatalogError) as excinfo:
        parse_catalog('version = 1\n[[services]\nid = "meals"\n', SOURCE)

    assert len(excinfo.value.problems) == 1
    assert excinfo.value.problems[0].where == str(SOURCE)
    assert "not valid TOML" in excinfo.value.problems[0].message


def test_a_file_without_usable_services_is_refused() -> None:
    text = "version = 1\n" + service("broken", drop=("name_zh", "price_fen"), choices=[])

    with pytest.raises(CatalogError) as excinfo:
        parse_catalog(text, SOURCE)

    messages = [str(p) for p in excinfo.value.problems]
    assert any("'name_zh'" in m for m in messages)
    assert any("price_fen" in m for m in messages)


def test_a_file_without_services_is_refused() -> None:
    with pytest.raises(CatalogError, match="services"):
        parse_catalog("version = 1\n", SOURCE)


@pytest.mark.parametrize(
    "choices_value",
    [
        pytest.param([{"name": "when"}], id="table-in-choices"),
        pytest.param([["when"]], id="list-in-choices"),
    ],
)
def test_a_choice_name_of_the_wrong_type_is_a_problem_not_a_crash(choices_value: Any) -> None:
    parsed = parse_catalog(catalog_text(service("broken", choices=choices_value)), SOURCE)

    assert problems_at(parsed, "service 'broken'")
    assert [s.id for s in parsed.services] == ["good"]


def test_quantity_ids_in_other_scripts_digits_are_a_problem_not_a_crash() -> None:
    # A superscript "²" counts as a digit for str.isdigit(), but int() cannot read it.
    text = catalog_text(
        choice_list("portions", ["1", "²"], quantity=True),
        service("broken", choices=["portions"]),
    )

    parsed = parse_catalog(text, SOURCE)

    assert problems_at(parsed, "choices.portions")
    assert [s.id for s in parsed.services] == ["good"]


# -- loading a center's file ---------------------------------------------------------------------


def assert_fell_back(loaded: Catalog, center_file: Path, reason: str) -> None:
    assert loaded.source == SHIPPED_CATALOG
    assert [s.id for s in loaded.services] == SHIPPED_IDS
    about_center = [str(p) for p in loaded.problems if p.where == str(center_file)]
    assert any(reason in m for m in about_center), about_center
    assert any("not used" in m for m in about_center), about_center


def test_without_a_center_file_the_shipped_catalog_loads(tmp_path: Path) -> None:
    for center_file in (None, tmp_path / "catalog.toml"):
        loaded = load_catalog(center_file)
        assert loaded.source == SHIPPED_CATALOG
        assert loaded.problems == []


def test_a_usable_center_file_replaces_the_shipped_catalog(tmp_path: Path) -> None:
    center_file = tmp_path / "catalog.toml"
    center_file.write_text(
        catalog_text(service("other"), service("broken", drop=("icon",))), encoding="utf-8"
    )

    loaded = load_catalog(center_file)

    assert loaded.source == center_file
    assert [s.id for s in loaded.services] == ["good", "other"]
    assert [p.where for p in loaded.problems] == ["service 'broken'"]


def test_a_center_file_that_is_not_toml_falls_back(tmp_path: Path) -> None:
    center_file = tmp_path / "catalog.toml"
    center_file.write_text("version = 1\n[[services]\n", encoding="utf-8")

    assert_fell_back(load_catalog(center_file), center_file, "not valid TOML")


def test_a_center_file_with_no_usable_service_falls_back(tmp_path: Path) -> None:
    center_file = tmp_path / "catalog.toml"
    center_file.write_text("version = 1\n" + service("broken", drop=("name_en",)))

    loaded = load_catalog(center_file)

    assert loaded.source == SHIPPED_CATALOG
    assert [s.id for s in loaded.services] == SHIPPED_IDS
    assert any("'name_en'" in str(p) for p in loaded.problems)
    assert any("not used" in str(p) for p in loaded.problems)


def test_a_folder_in_place_of_the_center_file_falls_back(tmp_path: Path) -> None:
    center_file = tmp_path / "catalog.toml"
    center_file.mkdir()

    assert_fell_back(load_catalog(center_file), center_file, "cannot be read")


def test_a_center_file_that_is_not_utf8_falls_back(tmp_path: Path) -> None:
    center_file = tmp_path / "catalog.toml"
    content = catalog_text().encode("utf-8").replace(b"Meals", b"M\xe9als")
    center_file.write_bytes(content)

    assert_fell_back(load_catalog(center_file), center_file, "cannot be read")
    assert center_file.read_bytes() == content


def test_a_center_file_with_a_choice_name_of_the_wrong_type_still_gives_services(
    tmp_path: Path,
) -> None:
    center_file = tmp_path / "catalog.toml"
    center_file.write_text(catalog_text(service("broken", choices=[{"name": "when"}])))

    loaded = load_catalog(center_file)

    assert "good" in [s.id for s in loaded.services]
    assert any("broken" in str(p) for p in loaded.problems)
