"""Colour palettes of the light and the high-contrast dark theme, with contrast arithmetic.

Pairs of text and background are chosen for at least 7:1 (WCAG 2.2 AAA); the theme tests
check every pair with :func:`contrast_ratio`.
"""

from __future__ import annotations

from typing import NamedTuple


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(hex_colour: str) -> float:
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(a: str, b: str) -> float:
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


class Palette(NamedTuple):
    name: str
    background: str
    surface: str
    text: str
    text_muted: str
    border: str
    focus: str
    primary: str
    on_primary: str
    sos: str
    on_sos: str
    pressed: str
    tile_pressed: str
    on_pressed: str
    warning: str
    on_warning: str
    # Status chips: background and text for each order state.
    chip_waiting: str
    chip_sent: str
    chip_accepted: str
    chip_on_the_way: str
    chip_done: str
    chip_cancelled: str
    chip_error: str
    on_chip: str
    # What a health reading means (ui/health): a background behind its word and icon, one per
    # level, never the only sign of it. Named chip_* so every one is held to 7:1 with on_chip.
    chip_level_very_low: str
    chip_level_low: str
    chip_level_normal: str
    chip_level_a_bit_high: str
    chip_level_high: str
    chip_level_very_high: str
    chip_level_unsure: str

    def text_pairs(self) -> list[tuple[str, str, str]]:
        """(name, foreground, background) of every text colour on every background it meets."""
        pairs = [
            ("text on background", self.text, self.background),
            ("text on surface", self.text, self.surface),
            ("muted text on background", self.text_muted, self.background),
            ("muted text on surface", self.text_muted, self.surface),
            ("primary label", self.on_primary, self.primary),
            ("SOS label", self.on_sos, self.sos),
            ("pressed label", self.on_pressed, self.pressed),
            ("text on pressed tile", self.text, self.tile_pressed),
            ("warning text", self.on_warning, self.warning),
            # Saying no to someone calling: red words in a red outline on the background.
            ("decline label", self.sos, self.background),
        ]
        for name in self._fields:
            if name.startswith("chip_"):
                pairs.append((name, self.on_chip, getattr(self, name)))
        return pairs

    def control_pairs(self) -> list[tuple[str, str, str]]:
        """(name, colour, background) of borders, icons and focus rings (4.5:1 floor)."""
        return [
            ("border on background", self.border, self.background),
            ("border on surface", self.border, self.surface),
            ("focus ring on background", self.focus, self.background),
            ("SOS button on background", self.sos, self.background),
            ("primary button on background", self.primary, self.background),
        ]


LIGHT = Palette(
    name="light",
    background="#F5F2EA",
    surface="#FFFFFF",
    text="#141414",
    text_muted="#303030",
    border="#2E3B4A",
    focus="#0040A0",
    primary="#0B5233",
    on_primary="#FFFFFF",
    sos="#9E0B0B",
    on_sos="#FFFFFF",
    pressed="#1F3A5C",
    tile_pressed="#D3E3F7",
    on_pressed="#FFFFFF",
    warning="#FFE08A",
    on_warning="#141414",
    chip_waiting="#FFE08A",
    chip_sent="#CFE2FF",
    chip_accepted="#CDEFD8",
    chip_on_the_way="#CDEFD8",
    chip_done="#E2E2E2",
    chip_cancelled="#E2E2E2",
    chip_error="#FFD3D3",
    on_chip="#141414",
    chip_level_very_low="#AFCBFF",
    chip_level_low="#CFE2FF",
    chip_level_normal="#CDEFD8",
    chip_level_a_bit_high="#FFE08A",
    chip_level_high="#FFC08A",
    chip_level_very_high="#FFB0B0",
    chip_level_unsure="#E2E2E2",
)

DARK = Palette(
    name="dark",
    background="#000000",
    surface="#161616",
    text="#FFFFFF",
    text_muted="#E8E8E8",
    border="#FFFFFF",
    focus="#6CB4FF",
    primary="#FFD60A",
    on_primary="#000000",
    sos="#FF6B6B",
    on_sos="#000000",
    pressed="#6CB4FF",
    tile_pressed="#23395C",
    on_pressed="#000000",
    warning="#FFD60A",
    on_warning="#000000",
    chip_waiting="#5A4300",
    chip_sent="#0E3566",
    chip_accepted="#0B4A2A",
    chip_on_the_way="#0B4A2A",
    chip_done="#333333",
    chip_cancelled="#333333",
    chip_error="#6B0F0F",
    on_chip="#FFFFFF",
    chip_level_very_low="#10306E",
    chip_level_low="#0E3566",
    chip_level_normal="#0B4A2A",
    chip_level_a_bit_high="#5A4300",
    chip_level_high="#6B3300",
    chip_level_very_high="#7A0F0F",
    chip_level_unsure="#333333",
)

PALETTES = {"light": LIGHT, "dark": DARK}
