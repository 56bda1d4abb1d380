"""Forms: the public application, paper registration, and the fields each action asks for."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from gongkai.applications.files import check_identity_proof
from gongkai.applications.intake import PAPER_CHANNELS, Channel
from gongkai.applications.models import DeliveryWay, IdType, ProvisionForm
from gongkai.applications.outcomes import REPLY_OUTCOMES, ApplicantType, ReliefKind, ReliefOutcome
from gongkai.applications.services import applicant_format_problems
from gongkai.applications.unitmatch import encode_keys, unit_keys
from gongkai.core.errors import ValidationFailed
from gongkai.core.widgets import ChineseNamesSelect
from gongkai.org.models import Unit
from gongkai.org.selectors import unit_tree

_REQ = "请填写此项"


class UnitSearchSelect(ChineseNamesSelect):
    """The agency list of the public form: each option carries its search keys (``data-keys``,
    see ``unitmatch``), which unit-filter.js matches against what the applicant types."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.search_keys: dict[str, str] = {}

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        keys = self.search_keys.get(str(option["value"]))
        if keys:
            option["attrs"]["data-keys"] = keys
        return option


def unit_choices(units: list[Unit]) -> list[tuple[str, str]]:
    return [
        (n.unit.code, "　" * n.depth + ("└ " if n.depth else "") + n.unit.name)
        for n in unit_tree(units)
    ]


def _translated(choices: list[tuple[str, str]]) -> list[tuple[str, Any]]:
    """A vocabulary's choices with their labels in the visitor's language (the labels are
    msgids, marked with gettext_noop where the vocabulary is defined)."""
    return [(value, _(label)) for value, label in choices]


class ApplicantFields(forms.Form):
    applicant_type = forms.ChoiceField(
        label=_("申请人类型"),
        choices=[("", _("请选择"))]
        + [(ApplicantType.NATURAL, _("自然人"))]
        + [
            (c, format_lazy("{} — {}", _("法人或其他组织"), _(label)))
            for c, label in ApplicantType.choices
            if c != "natural"
        ],
        error_messages={"required": _("请选择申请人类型")},
    )
    name = forms.CharField(
        label=_("姓名或单位名称"),
        max_length=120,
        error_messages={"required": _("请填写姓名或单位名称")},
    )
    contact_person = forms.CharField(
        label=_("联系人（法人或其他组织填写）"), max_length=60, required=False
    )
    id_type = forms.ChoiceField(
        label=_("证件类型"),
        choices=[("", _("请选择")), *_translated(IdType.choices)],
        required=False,
    )
    id_number = forms.CharField(
        label=_("证件号码"),
        max_length=40,
        required=False,
        help_text=_("身份证号或统一社会信用代码等"),
    )
    phone = forms.CharField(
        label=_("联系电话"), max_length=40, required=False, help_text=_("查询办理进度时需要")
    )
    email = forms.EmailField(
        label=_("电子邮箱"),
        required=False,
        error_messages={"invalid": _("电子邮箱格式不对，例如 name@example.com")},
    )
    address = forms.CharField(label=_("通信地址"), max_length=200, required=False)
    postcode = forms.CharField(label=_("邮政编码"), max_length=10, required=False)
    information = forms.CharField(
        label=_("所需政府信息的名称、文号或描述"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        error_messages={"required": _("请写明所需政府信息的名称、文号或便于查询的描述")},
    )
    provision_form = forms.ChoiceField(
        label=_("获取信息的方式"),
        choices=_translated(ProvisionForm.choices),
        initial=ProvisionForm.PAPER,
    )
    delivery_way = forms.ChoiceField(
        label=_("获取信息的途径"),
        choices=_translated(DeliveryWay.choices),
        initial=DeliveryWay.POST,
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if not (data.get("phone") or data.get("email") or data.get("address")):
            raise forms.ValidationError(
                _("请至少填写一种联系方式（电话、电子邮箱或通信地址），以便送达答复")
            )
        if data.get("id_number") and not data.get("id_type"):
            self.add_error("id_type", _("填写了证件号码时，请同时选择证件类型"))
        if data.get("delivery_way") == DeliveryWay.POST and not data.get("address"):
            self.add_error("address", _("选择邮寄时，请填写通信地址"))
        if data.get("delivery_way") == DeliveryWay.EMAIL and not data.get("email"):
            self.add_error("email", _("选择电子邮件时，请填写电子邮箱"))
        # the service's own checks of phone, ID number and postcode, next to their fields and
        # in the same round as the checks above (not one round later, when the service runs)
        values = {
            k: str(data.get(k) or "").strip() for k in ("phone", "id_type", "id_number", "postcode")
        }
        for field, message in applicant_format_problems(values).items():
            if field not in self.errors:
                self.add_error(field, message)
        return data


class PublicApplicationForm(ApplicantFields):
    unit = forms.ChoiceField(
        label=_("申请向哪个机关公开"),
        error_messages={"required": _("请选择受理机关")},
        widget=UnitSearchSelect,
    )
    identity_proof = forms.FileField(
        label=_("身份证明（可选）"),
        required=False,
        help_text=_("身份证件或营业执照的照片或扫描件：PDF、JPG 或 PNG，不超过 20 MB"),
    )
    # Honeypot: hidden from sight and from assistive technology (aria-hidden, tabindex -1), so
    # keyboard and screen-reader users never meet it; bots that fill every field do.
    website = forms.CharField(
        label=_("请勿填写此项"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    field_order = ["unit", "applicant_type", "name", "contact_person", "id_type", "id_number"]

    def clean_identity_proof(self) -> object:
        """Checked here, with the other fields, rather than when the application is stored."""
        proof = self.cleaned_data.get("identity_proof")
        if proof:
            data = proof.read()
            proof.seek(0)
            try:
                check_identity_proof(proof.name, data)
            except ValidationFailed as exc:
                raise forms.ValidationError(exc.problems) from exc
        return proof

    def __init__(self, *args: object, units: list[Unit], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["unit"].choices = [("", _("请选择")), *unit_choices(units)]  # type: ignore[attr-defined]
        widget = self.fields["unit"].widget
        assert isinstance(widget, UnitSearchSelect)
        widget.search_keys = {u.code: encode_keys(unit_keys(u.name, u.short_name)) for u in units}


class PaperRegistrationForm(ApplicantFields):
    unit = forms.ChoiceField(label="受理机关")
    channel = forms.ChoiceField(
        label="收件渠道",
        choices=[(c, label) for c, label in Channel.choices if c in PAPER_CHANNELS],
    )
    submitted = forms.DateField(
        label="提交/寄出日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="当面提交：提交之日即收到之日（条例第三十一条）",
    )
    signed = forms.DateField(
        label="签收日期（挂号信/EMS）",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    confirmed = forms.DateField(
        label="与申请人确认日期（平常信函、传真、电子邮件）",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    field_order = ["unit", "channel", "submitted", "signed", "confirmed", "applicant_type"]

    def __init__(self, *args: object, units: list[Unit], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["unit"].choices = unit_choices(units)  # type: ignore[attr-defined]


class _MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class _MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", _MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class CorrectionForm(forms.Form):
    """The applicant's correction, submitted online from the tracking page (条例第三十条)."""

    content = forms.CharField(
        label=_("补正内容"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("按补正告知书的要求，写明所需信息的名称、文号、时间范围等"),
    )
    materials = _MultipleFileField(
        label=_("补正材料（可选，PDF、JPG 或 PNG，最多 5 个）"),
        required=False,
    )


class TrackForm(forms.Form):
    code = forms.CharField(
        label=_("查询码"),
        max_length=20,
        error_messages={"required": _("请填写提交申请时获得的查询码")},
    )
    secret = forms.CharField(
        label=_("联系电话，或证件号码后 4 位"),
        max_length=40,
        error_messages={"required": _("请填写申请时留下的联系电话或证件号码后 4 位")},
    )


# Fields each action asks for on the case page and in the API: (name, kind, label, required).
ACTION_FIELDS: dict[str, list[tuple[str, str, str, bool]]] = {
    "request_correction": [
        ("what", "textarea", "需要补正的事项", True),
        ("until", "date", "补正期限（不填则为 15 个工作日）", False),
    ],
    "receive_correction": [("note", "text", "补正内容摘要", False)],
    # "choice:…": a select of what this case allows (views.choice_options); the API takes the
    # unit's code and the handler's username, checked by the same rule (actions.assign)
    "assign": [
        ("unit", "choice:units", "承办机构", False),
        ("assignee", "choice:handlers", "承办人", False),
    ],
    "consult_internal": [
        ("note", "textarea", "会商内容", True),
        ("with", "text", "会商机构", False),
    ],
    "start_consultation": [
        (
            "party",
            "select:third_party=第三方|other_agency=其他机关|co_maker=共同制作机关",
            "征求对象",
            True,
        ),
        ("party_name", "text", "被征求意见方名称", True),
        ("question", "textarea", "征求意见事项", False),
    ],
    "end_consultation": [("opinion", "textarea", "意见内容（未答复可写“逾期未提出意见”）", False)],
    "extend": [
        ("days", "number", "延长工作日数（最多 20）", True),
        ("reason", "textarea", "延期理由", True),
    ],
    "fee_notice": [
        ("method", "select:per_piece=按件计收|per_volume=按量计收", "收费方式", True),
        ("pages", "number", "页数（按量计收时填写）", False),
        ("how_to_pay", "text", "缴费方式", False),
    ],
    "fee_paid": [("receipt_no", "text", "缴费凭证号", False)],
    "ask_reasons": [("question", "textarea", "需要申请人说明的事项", True)],
    "set_later_date": [
        ("later_date", "date", "确定的答复日期", True),
        ("reason", "textarea", "理由", True),
    ],
    "draft_reply": [
        (
            "outcome",
            "select:" + "|".join(f"{o.value}={o.label}" for o in REPLY_OUTCOMES),
            "答复类型",
            True,
        ),
        ("reply_text", "textarea", "答复正文", True),
        ("withheld", "textarea", "不予公开的内容及理由（部分公开时必填，每行“内容|理由”）", False),
        ("convert_suggested", "checkbox", "建议转为主动公开（条例第四十四条）", False),
    ],
    "return_draft": [("note", "textarea", "退回意见", True)],
    "approve_reply": [("note", "text", "审批意见", False)],
    "deliver": [
        (
            "way",
            "select:" + "|".join(f"{c}={label}" for c, label in DeliveryWay.choices),
            "送达方式",
            True,
        ),
        ("tracking_number", "text", "邮件单号（邮寄时必填）", False),
    ],
    "withdraw": [("note", "text", "撤回说明", False)],
}
DATED_ACTIONS = {
    "ask_reasons",
    "receive_correction",
    "request_correction",
    "start_consultation",
    "end_consultation",
    "fee_notice",
    "fee_paid",
    "send_reply",
    "deliver",
    "archive",
    "withdraw",
}


class ReliefForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=ReliefKind.choices)
    filed_on = forms.DateField(
        label="受理/立案日期", widget=forms.DateInput(attrs={"type": "date"})
    )
    body = forms.CharField(label="复议机关/法院", max_length=120, required=False)
    outcome = forms.ChoiceField(label="结果", choices=ReliefOutcome.choices)
    decided_on = forms.DateField(
        label="审结日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label="备注", max_length=300, required=False)


class CaseFileForm(forms.Form):
    kind = forms.ChoiceField(
        label="文件类型",
        choices=[
            ("released", "提供给申请人的文件（已作区分处理）"),
            ("original", "原件（不公开）"),
        ],
    )
    note = forms.CharField(label="说明", max_length=300, required=False)
    file = forms.FileField(label="文件", error_messages={"required": "请选择要上传的文件"})
