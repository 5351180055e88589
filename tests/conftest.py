"""Shared pytest plugins; fixtures live in tests/helpers/."""

pytest_plugins = ["tests.helpers.domain_fixtures"]
