"""A realistic demo: a district government with its office, bureaus and streets, staff in
every role. Building it twice changes nothing."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from gongkai.org.models import Role, Unit, User
from gongkai.org.services import staff_create, unit_create

DEMO_PASSWORD = "gongkai-demo-2026"  # noqa: S105 - printed demo login, demo data only

RELIEF = {
    "reconsideration_body": "示范市人民政府",
    "court": "示范市铁路运输法院",
}

# (code, name, short name, kind, parent code, phone)
UNITS: list[tuple[str, str, str, str, str, str]] = [
    ("11310000MB0000000X", "示范市人民政府", "市政府", "government", "", "021-12345000"),
    (
        "11310101MB0001000A",
        "示范市示范区人民政府",
        "区政府",
        "government",
        "11310000MB0000000X",
        "021-60001000",
    ),
    (
        "11310101MB0001001B",
        "示范区人民政府办公室",
        "区府办",
        "office",
        "11310101MB0001000A",
        "021-60001001",
    ),
    (
        "11310101MB0001002C",
        "示范区发展和改革委员会",
        "区发改委",
        "department",
        "11310101MB0001000A",
        "021-60001002",
    ),
    (
        "11310101MB0001003D",
        "示范区教育局",
        "区教育局",
        "department",
        "11310101MB0001000A",
        "021-60001003",
    ),
    (
        "11310101MB0001004E",
        "示范区民政局",
        "区民政局",
        "department",
        "11310101MB0001000A",
        "021-60001004",
    ),
    (
        "11310101MB0001005F",
        "示范区规划和自然资源局",
        "区规划资源局",
        "department",
        "11310101MB0001000A",
        "021-60001005",
    ),
    (
        "11310101MB0001006G",
        "示范区人民政府东湖街道办事处",
        "东湖街道",
        "street",
        "11310101MB0001000A",
        "021-60001006",
    ),
    (
        "11310101MB0001007H",
        "示范区人民政府西岭街道办事处",
        "西岭街道",
        "street",
        "11310101MB0001000A",
        "021-60001007",
    ),
    (
        "11310101MB0001001B-01",
        "区府办政务公开科",
        "政务公开科",
        "division",
        "11310101MB0001001B",
        "021-60001011",
    ),
    (
        "11310101MB0001004E-01",
        "区民政局社会救助科",
        "社会救助科",
        "division",
        "11310101MB0001004E",
        "021-60001041",
    ),
]

OFFICE = "11310101MB0001001B"
CIVIL = "11310101MB0001004E"
EDU = "11310101MB0001003D"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    full_name: str
    unit_code: str
    roles: tuple[str, ...]


LOGINS: list[DemoLogin] = [
    DemoLogin("admin", "系统管理员", "11310101MB0001000A", (Role.ADMIN,)),
    DemoLogin("zhuguan", "周主管", "11310101MB0001000A", (Role.SUPERVISOR,)),
    DemoLogin("fuzeren", "吴负责人", OFFICE, (Role.HEAD,)),
    DemoLogin("shenhe", "郑审核", OFFICE, (Role.REVIEWER,)),
    DemoLogin("jingban", "王经办", OFFICE, (Role.CLERK,)),
    DemoLogin("minzheng", "李经办", CIVIL, (Role.CLERK,)),
    DemoLogin("minzheng-fzr", "赵负责人", CIVIL, (Role.HEAD,)),
    DemoLogin("jiaoyu", "陈经办", EDU, (Role.CLERK, Role.REVIEWER)),
    DemoLogin("jiaoyu-sh", "孙审核", EDU, (Role.REVIEWER,)),
]


def build_demo_data() -> tuple[int, int]:
    """Create what is missing; return (units created, staff created)."""
    units_created = staff_created = 0
    with transaction.atomic():
        for code, name, short, kind, parent, phone in UNITS:
            if Unit.objects.filter(code=code).exists():
                continue
            unit_create(
                actor=None,
                values={
                    "code": code,
                    "name": name,
                    "short_name": short,
                    "kind": kind,
                    "parent": parent,
                    "phone": phone,
                    "office_address": "示范市示范区人民路100号 政务服务中心2楼",
                    "office_hours": "工作日 9:00-11:30，13:30-17:00",
                    "fax": phone[:-1] + "9",
                    "email": "gongkai@example.gov.cn",
                    "postcode": "200000",
                    **RELIEF,
                },
                system=True,
            )
            units_created += 1
        for login in LOGINS:
            if User.objects.filter(username=login.username).exists():
                continue
            staff_create(
                actor=None,
                username=login.username,
                password=DEMO_PASSWORD,
                full_name=login.full_name,
                unit=Unit.objects.get(code=login.unit_code),
                roles=list(login.roles),
                system=True,
            )
            staff_created += 1
    from gongkai.documents.demo import build_demo_documents

    build_demo_documents()  # agency documents per Art. 20 item
    build_demo_library()  # the laws: a reference library beside them, not their documents
    from gongkai.applications.demo import build_demo_applications

    build_demo_applications(OFFICE, "jingban", "shenhe", "fuzeren")  # one case per stage
    from gongkai.participation.demo import build_demo_participation

    build_demo_participation(OFFICE, "jingban", "shenhe")  # a decision at each stage
    build_demo_guide()
    from gongkai.demo.hooks import run_demo_builders

    run_demo_builders()  # the capabilities' own demo data (demo.hooks)
    from django.apps import apps

    if apps.is_installed("gongkai.faq"):
        from gongkai.faq.demo import build_demo_faq

        build_demo_faq()  # FAQ entries on several policy pages
    from gongkai.interaction.demo import build_demo_messages

    build_demo_messages(OFFICE, CIVIL, EDU)  # 政民互动: every channel and state, statistics
    return units_created, staff_created


DEMO_GUIDE = """
<h2>一、主动公开</h2>
<p>本机关主动公开的政府信息，在本平台“政府信息公开”专栏按《政府信息公开条例》第二十条各项及本机关
目录编排，可检索、查阅、下载。信息自形成或者变更之日起 20 个工作日内公开。</p>
<h2>二、依申请公开</h2>
<p>公民、法人或者其他组织可以通过本平台在线提交申请，或以当面递交、邮寄、传真方式提交书面申请。
能够当场答复的当场答复；不能当场答复的，自收到申请之日起 20 个工作日内答复；需要延长的，
经负责人同意并告知申请人，延长期限最长不超过 20 个工作日。</p>
<h2>三、收费</h2>
<p>依申请提供政府信息不收费；申请数量、频次明显超过合理范围的，按国办函〔2020〕109号收取信息处理费。</p>
<h2>四、监督和救济</h2>
<p>认为本机关在政府信息公开工作中侵犯其合法权益的，可以向上一级行政机关或者政府信息公开工作主管部门投诉、
举报，也可以依法申请行政复议或者提起行政诉讼。</p>
"""


def demo_laws_file() -> Path:
    """The laws the demo loads: GONGKAI_DEMO_LAWS when set (the full corpus, say), else the
    small sample shipped in gongkai/library/data (no machine's absolute path in the code)."""
    from gongkai.library.management.commands.library import SAMPLE

    chosen = os.environ.get("GONGKAI_DEMO_LAWS", "").strip()
    return Path(chosen) if chosen else SAMPLE


def build_demo_library() -> None:
    """Load the laws into the 法律法规库 (a second run changes nothing) and index what changed."""
    from django.apps import apps

    if not apps.is_installed("gongkai.library"):
        return
    from gongkai.library import search_source
    from gongkai.library.models import Law
    from gongkai.library.services import library_load
    from gongkai.search.services import search_index_rebuild
    from gongkai.search.sources import SearchSource

    library_load(actor=None, path=demo_laws_file())
    if Law.objects.filter(indexed=False).exists():  # in bulk, rather than by the first tick
        source = SearchSource(
            search_source.SOURCE, search_source.all_records, search_source.changes, kind="library"
        )
        search_index_rebuild(actor=None, sources=[source])


def build_demo_guide() -> None:
    """The district government's guide, written by its administrator (idempotent)."""
    from gongkai.portal.selectors import guide_for
    from gongkai.portal.services import guide_update

    unit = Unit.objects.get(code="11310101MB0001000A")
    if guide_for(unit) is None:
        guide_update(
            actor=User.objects.get(username="admin"), unit=unit, body=DEMO_GUIDE, version=0
        )
