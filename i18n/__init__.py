"""Translations: Qt Linguist sources (.ts) and the step that compiles them to .qm."""
