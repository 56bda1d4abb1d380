from __future__ import annotations

from django import forms

from gongkai.org.models import UnitKind

MAX_IMPORT_BYTES = 5 * 1024 * 1024


class UnitForm(forms.Form):
    code = forms.CharField(
        label="代码",
        max_length=32,
        help_text="统一社会信用代码或本平台配置的机构代码，用于生成索引号",
    )
    name = forms.CharField(label="名称", max_length=120)
    short_name = forms.CharField(label="简称", max_length=60, required=False)
    kind = forms.ChoiceField(label="类型", choices=UnitKind.choices)
    parent = forms.CharField(
        label="上级代码", max_length=32, required=False, help_text="顶级机构留空"
    )
    sort_order = forms.IntegerField(label="排序", min_value=0, initial=0)
    office_address = forms.CharField(label="公开办公地址", max_length=200, required=False)
    office_hours = forms.CharField(label="办公时间", max_length=120, required=False)
    phone = forms.CharField(label="联系电话", max_length=60, required=False)
    fax = forms.CharField(label="传真", max_length=60, required=False)
    email = forms.EmailField(
        label="电子邮箱", required=False, error_messages={"invalid": "电子邮箱格式不对"}
    )
    postcode = forms.CharField(label="邮政编码", max_length=10, required=False)
    reconsideration_body = forms.CharField(
        label="行政复议机关",
        max_length=120,
        required=False,
        help_text="答复书救济告知中写明的复议机关",
    )
    court = forms.CharField(
        label="管辖法院", max_length=120, required=False, help_text="答复书救济告知中写明的人民法院"
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: object, editing: bool = False, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if editing:
            self.fields["code"].disabled = True
        for field in self.fields.values():
            field.error_messages.setdefault("required", "此项不能为空")
            field.error_messages["required"] = f"“{field.label}”不能为空"


class FileImportForm(forms.Form):
    file = forms.FileField(label="文件", error_messages={"required": "请选择要导入的文件"})
    source = forms.CharField(label="来源通知", required=False, max_length=300)
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean_file(self):  # type: ignore[no-untyped-def]
        f = self.cleaned_data["file"]
        if f.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError("文件超过 5 MB，请拆分后导入")
        return f


class StaffForm(forms.Form):
    username = forms.CharField(
        label="用户名", max_length=150, help_text="登录用，字母、数字或 @.+-_"
    )
    full_name = forms.CharField(label="姓名", max_length=60)
    unit = forms.ChoiceField(label="所属机构")
    roles = forms.MultipleChoiceField(
        label="角色",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="主管可查看本机构及下级机构；负责人可批准延期答复",
    )
    password = forms.CharField(
        label="初始密码",
        widget=forms.PasswordInput(render_value=False),
        required=False,
        help_text="新建时必填，至少 8 位；编辑时留空表示不修改",
    )
    is_active = forms.BooleanField(label="启用", required=False, initial=True)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args: object, units: list[tuple[str, str]], editing: bool = False, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        from gongkai.org.models import Role

        unit_field = self.fields["unit"]
        roles_field = self.fields["roles"]
        assert isinstance(unit_field, forms.ChoiceField)
        assert isinstance(roles_field, forms.MultipleChoiceField)
        unit_field.choices = units
        roles_field.choices = Role.choices
        if editing:
            self.fields["username"].disabled = True
        for field in self.fields.values():
            field.error_messages["required"] = f"“{field.label}”不能为空"
