"""Paging for large type: one pure pagination function (:mod:`ui.layout.paginate`, no Qt) and
the Qt side that measures widgets for it and places what it decides (:mod:`ui.layout.pager`).

Screens declare what belongs together (a question and its answers, an action and its cost, a
name and its phone number) and the engine keeps it together; no screen fits its own words.
"""
