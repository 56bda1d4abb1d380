"""Form widgets shared by the public forms."""

from __future__ import annotations

from typing import Any

from django import forms


class ChineseNamesSelect(forms.Select):
    """A select whose options (other than the empty one) are Chinese names, e.g. units: each
    option says so (lang="zh-CN", WCAG 2.1 SC 3.1.2 Language of Parts), so that on the English
    pages a screen reader reads them with a Chinese voice."""

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        if option["value"]:
            option["attrs"]["lang"] = "zh-CN"
        return option
