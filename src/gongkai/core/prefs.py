"""适老化 display preferences (larger text, high contrast), kept in cookies so they persist."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest

TEXT_SIZE_COOKIE = "gk_text"
CONTRAST_COOKIE = "gk_contrast"
TEXT_SIZES = ("normal", "large", "xlarge")


@dataclass(frozen=True)
class DisplayPrefs:
    text_size: str
    high_contrast: bool

    @property
    def css_classes(self) -> str:
        classes = [f"text-{self.text_size}"]
        if self.high_contrast:
            classes.append("high-contrast")
        return " ".join(classes)


def display_prefs(request: HttpRequest) -> DisplayPrefs:
    size = request.COOKIES.get(TEXT_SIZE_COOKIE, "normal")
    if size not in TEXT_SIZES:
        size = "normal"
    return DisplayPrefs(text_size=size, high_contrast=request.COOKIES.get(CONTRAST_COOKIE) == "on")
