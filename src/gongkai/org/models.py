"""Units (机构) in a tree, staff users and their roles."""

from __future__ import annotations

import unicodedata

from django.contrib.auth.models import AbstractUser
from django.db import models


def normalize_username(raw: str) -> str:
    """The one normalisation of a typed user name, wherever user names are stored or looked up:
    NFKC (as Django's login form does: full-width ｊｉａｏｙｕ is jiaoyu) and trimmed."""
    return unicodedata.normalize("NFKC", raw or "").strip()


def username_key(raw: str) -> str:
    """The key a user name is counted under (the login throttle): normalised and case-folded,
    so no spelling of one name (full-width, upper case) gets its own fresh attempts."""
    return normalize_username(raw).casefold()


class UnitKind(models.TextChoices):
    GOVERNMENT = "government", "人民政府"
    OFFICE = "office", "办公室"
    DEPARTMENT = "department", "委办局"
    STREET = "street", "街道（镇）"
    DIVISION = "division", "内设机构"
    OTHER = "other", "其他"


class Unit(models.Model):
    """A government body or one of its divisions. ``code`` is the 统一社会信用代码 or a configured
    prefix; it is the first part of every 索引号 the unit issues."""

    code = models.CharField("代码", max_length=32, unique=True)
    name = models.CharField("名称", max_length=120)
    short_name = models.CharField("简称", max_length=60, blank=True)
    kind = models.CharField("类型", max_length=20, choices=UnitKind.choices, default=UnitKind.OTHER)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级机构",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    sort_order = models.PositiveIntegerField("排序", default=0)
    # The disclosure office (政府信息公开工作机构), used by the 指南 (条例 Art. 12) and by letters.
    office_address = models.CharField("公开办公地址", max_length=200, blank=True)
    office_hours = models.CharField("办公时间", max_length=120, blank=True)
    phone = models.CharField("联系电话", max_length=60, blank=True)
    fax = models.CharField("传真", max_length=60, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    postcode = models.CharField("邮政编码", max_length=10, blank=True)
    # Relief notices (条例 Art. 51): the bodies named in every reply letter.
    reconsideration_body = models.CharField("行政复议机关", max_length=120, blank=True)
    court = models.CharField("管辖法院", max_length=120, blank=True)
    version = models.PositiveIntegerField("版本", default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "机构"
        verbose_name_plural = "机构"
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


class Role(models.TextChoices):
    CLERK = "clerk", "经办人"
    REVIEWER = "reviewer", "审核人"
    HEAD = "head", "负责人"
    SUPERVISOR = "supervisor", "主管"
    ADMIN = "admin", "系统管理员"


class User(AbstractUser):
    """A staff member. Applicants act without an account (条例 Art. 29 requires no registration)."""

    unit = models.ForeignKey(
        Unit,
        verbose_name="所属机构",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
    )
    full_name = models.CharField("姓名", max_length=60, blank=True)
    phone = models.CharField("电话", max_length=40, blank=True)
    # Optimistic concurrency for staff edits (org.services.staff_update).
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        verbose_name = "工作人员"
        verbose_name_plural = "工作人员"

    def __str__(self) -> str:
        return self.full_name or self.username


class RoleAssignment(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField("角色", max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = "角色"
        verbose_name_plural = "角色"
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="org_role_unique_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"
