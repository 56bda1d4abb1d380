"""Personal data typed into public text is found and masked before anything is published."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.core.privacy import (
    find_personal_data,
    highlight_personal_data,
    id_check_digit_ok,
    mask_personal_data,
)


def _with_check_digit(first17: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return (
        first17 + "10X98765432"[sum(int(c) * w for c, w in zip(first17, weights, strict=True)) % 11]
    )


@pytest.mark.parametrize(
    ("text", "kind", "found"),
    [
        ("电话13812345678谢谢", "mobile", "13812345678"),
        ("手机 138 1234 5678 。", "mobile", "138 1234 5678"),
        ("手机+86 139-1234-5678", "mobile", "+86 139-1234-5678"),
        ("手机１３８１２３４５６７８", "mobile", "１３８１２３４５６７８"),
        ("座机021-64381234转", "landline", "021-64381234"),
        ("座机(021)64381234", "landline", "(021)64381234"),
        ("联系电话：021—60001001。", "landline", "021—60001001"),
        ("电话 010 - 12345678，", "landline", "010 - 12345678"),
        ("Tel +86 21 6000 1001.", "landline", "+86 21 6000 1001"),
        ("电话0571－87654321", "landline", "0571－87654321"),
        ("身份证号11010519491231002X。", "id_number", "11010519491231002X"),
        ("老证号110105491231002", "id_number", "110105491231002"),
        ("邮箱 zhang.san@example.com.cn 联系", "email", "zhang.san@example.com.cn"),
        ("车牌沪A12345违停", "plate", "沪A12345"),
        ("新能源车粤B·D12345", "plate", "粤B·D12345"),
        ("卡号6222 0202 0000 0000 006", "bank_card", "6222 0202 0000 0000 006"),
        ("住在幸福路12号3栋501室，", "address", "幸福路12号3栋501室"),
        ("我家在阳光花园5栋2单元301", "address", "阳光花园5栋2单元301"),
        ("家住长宁区延安西路1234弄5号601室", "address", "长宁区延安西路1234弄5号601室"),
    ],
)
def test_it_finds_each_kind_of_personal_data(text: str, kind: str, found: str) -> None:
    findings = find_personal_data(text)
    assert [(f.kind, f.text) for f in findings] == [(kind, found)]
    masked = mask_personal_data(text)
    assert found not in masked.text
    assert f"【{findings[0].label}已隐去】" in masked.text


@pytest.mark.parametrize(
    "text",
    [
        "本办法自2026年1月1日起施行，共30条。",
        "预算安排1234567.89万元，同比增长12.5%。",
        "沪府发〔2026〕12号文件第十二条",
        "索引号 G0001-2026-00012，邮政编码200000",
        "第三十三条规定的20个工作日",
        "项目编号2026-310105-47-01-001234",
    ],
)
def test_ordinary_official_text_is_left_alone(text: str) -> None:
    assert find_personal_data(text) == []
    assert mask_personal_data(text).text == text


def test_known_names_are_masked_wherever_they_appear() -> None:
    m = mask_personal_data("张三反映：张三家门口的路灯坏了", names=["张三", ""])
    assert "张三" not in m.text
    assert m.kinds == ["name"]


def test_several_findings_keep_the_rest_of_the_text_in_order() -> None:
    text = "我是李四，电话13912345678，邮箱li@qq.com，车牌浙A88888。"
    m = mask_personal_data(text, names=["李四"])
    assert m.text == (
        "我是【姓名已隐去】，电话【手机号码已隐去】，邮箱【电子邮箱已隐去】，车牌【车牌号码已隐去】。"
    )
    assert m.kinds == ["name", "mobile", "email", "plate"]


def test_the_check_digit_follows_gb_11643() -> None:
    assert id_check_digit_ok("11010519491231002X")
    assert not id_check_digit_ok("110105194912310021")
    wrong = find_personal_data("110105194912310021")
    assert wrong[0].kind == "id_number"
    assert not wrong[0].checked  # a mistyped number is still masked


def test_the_reviewer_sees_each_finding_marked_and_the_rest_escaped() -> None:
    html = str(highlight_personal_data("<b>13812345678</b>"))
    assert "&lt;b&gt;" in html
    assert '<mark class="pii" title="手机号码">13812345678' in html


@given(
    area=st.integers(110000, 659999),
    year=st.integers(1900, 2025),
    month=st.integers(1, 12),
    day=st.integers(1, 28),
    seq=st.integers(0, 999),
    before=st.text(alphabet="您好反映情况的是", max_size=8),
    after=st.text(alphabet="谢谢请尽快处理。", max_size=8),
)
def test_any_valid_id_number_in_any_sentence_is_masked(
    area: int, year: int, month: int, day: int, seq: int, before: str, after: str
) -> None:
    number = _with_check_digit(f"{area}{year}{month:02d}{day:02d}{seq:03d}")
    masked = mask_personal_data(before + number + after)
    assert number not in masked.text
    assert masked.text == before + "【身份证号码已隐去】" + after


@given(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True), st.sampled_from(["", " ", "：", "是"]))
def test_any_mobile_number_is_masked(number: str, lead: str) -> None:
    assert number not in mask_personal_data(f"联系{lead}{number}。").text
