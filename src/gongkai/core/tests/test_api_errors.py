"""API input errors are answered in plain Chinese, naming the field as the caller sent it."""

from __future__ import annotations

import json
from typing import Literal

import pytest
from django.test import Client
from pydantic import BaseModel, Field, ValidationError, field_validator

from gongkai.api import _chinese_message

pytestmark = pytest.mark.django_db
TRACK = "/api/public/applications/track"


def test_a_body_that_is_not_json_is_refused_in_chinese():
    response = Client().post(TRACK, data="{code: 1", content_type="application/json")
    assert response.status_code == 400
    assert "请求正文不是有效的 JSON" in response.json()["detail"]


def test_missing_and_mistyped_body_fields_are_named_as_sent():
    response = Client().post(TRACK, data=json.dumps({"code": 7}), content_type="application/json")
    assert response.status_code == 422
    message = response.json()["message"]
    assert "缺少“secret”，请填写" in message
    assert "“code”应为文字" in message
    assert "body" not in message  # neither the source nor the parameter's Python name


class Sample(BaseModel):
    sort: Literal["relevance", "date"] = "relevance"
    code: str = Field("", min_length=3)
    when: str = ""

    @field_validator("when")
    @classmethod
    def _when(cls, v: str) -> str:
        if v == "bad":
            raise ValueError("日期超出范围")
        return v


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"sort": "random"}, "“sort”只能取：relevance、date"),
        ({"code": "ab"}, "“code”至少 3 个字符"),
        ({"when": "bad"}, "“when”不正确：日期超出范围"),
    ],
)
def test_each_kind_of_error_reads_as_chinese(data, expected):
    with pytest.raises(ValidationError) as exc:
        Sample(**data)
    err = dict(exc.value.errors()[0])
    err["loc"] = ("body", "payload", *err["loc"])
    assert _chinese_message(err) == expected
