from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from gongkai.core.middleware import acting_through
from gongkai.demo.data import DEMO_PASSWORD, LOGINS, build_demo_data
from gongkai.org.models import Role


class Command(BaseCommand):
    help = "载入演示数据：示范区政府及其办公室、委办局、街道，各角色工作人员；重复运行不产生变化"

    def handle(self, *args: Any, **opts: Any) -> None:
        with acting_through("cli"):
            units, staff = build_demo_data()
        self.stdout.write(f"演示数据：新增机构 {units} 个，新增人员 {staff} 个。")
        labels = dict(Role.choices)
        self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
        for login in LOGINS:
            roles = "、".join(labels[r] for r in login.roles)
            self.stdout.write(f"  {login.username:<14} {login.full_name}（{roles}）")
