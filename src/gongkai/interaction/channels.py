"""The channels people write through (政民互动), with their defaults, stated once.

Every channel is a row of ``models.Channel`` (its reply limit and visibility are editable by an
administrator); these are the rows a fresh installation starts with. The reply limits are the
platform's defaults in working days, chosen in docs/decisions/0013-interaction.md: no national
statute fixes them (they are local service commitments, e.g. 上海市 12345 热线 answers most
工单 within 5 working days), so each is configurable per channel.
"""

from __future__ import annotations

from dataclasses import dataclass


class ChannelKind:
    FORM = "form"  # a public form of its own (政策咨询, 领导信箱, 网上咨询, 建议, 投诉)
    BOARD = "board"  # 政策留言板: the form under each published policy document
    IMPORTED = "imported"  # 12345, 国办转办: tickets imported from another system

    CHOICES = (
        (FORM, "在线表单"),
        (BOARD, "政策留言板"),
        (IMPORTED, "外部导入"),
    )


@dataclass(frozen=True)
class ChannelDefault:
    slug: str
    name: str
    kind: str
    reply_working_days: int
    order: int
    unit_label: str = "受理部门"
    intro: str = ""


ZXZX = "zxzx"
BOARD = "lyb"
HOTLINE = "12345"
GBZB = "gbzb"

DEFAULT_CHANNELS: tuple[ChannelDefault, ...] = (
    ChannelDefault(
        ZXZX,
        "政策咨询",
        ChannelKind.FORM,
        5,
        10,
        unit_label="咨询部门",
        intro="对本区政策文件有疑问，可向制定或执行政策的部门咨询。",
    ),
    ChannelDefault(
        BOARD,
        "政策留言板",
        ChannelKind.BOARD,
        5,
        20,
        intro="每份已发布的政策文件和政策解读下方均可留言。",
    ),
    ChannelDefault(
        "ldxx", "领导信箱", ChannelKind.FORM, 10, 30, intro="向区政府及各部门领导反映意见建议。"
    ),
    ChannelDefault(
        "wszx", "网上咨询", ChannelKind.FORM, 5, 40, intro="咨询办事流程、材料和其他事项。"
    ),
    ChannelDefault("jy", "建议", ChannelKind.FORM, 15, 50, intro="对政府工作提出意见和建议。"),
    ChannelDefault(
        "ts", "投诉", ChannelKind.FORM, 10, 60, intro="反映行政机关及其工作人员的问题。"
    ),
    ChannelDefault(HOTLINE, "12345", ChannelKind.IMPORTED, 5, 70, intro="12345 市民服务热线工单。"),
    ChannelDefault(
        GBZB, "国办转办", ChannelKind.IMPORTED, 10, 80, intro="国务院办公厅转办的网民留言。"
    ),
)

# After the reply the writer may rate it (满意/基本满意/不满意) for this many working days; then
# the message is closed unrated (decision 0013).
SATISFACTION_WORKING_DAYS = 10
# A message counts as due soon when its reply deadline is this many working days away or less.
DUE_SOON_WORKING_DAYS = 2
