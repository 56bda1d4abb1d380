"""办事指南 are search records (issue 18): a saved guide is found by the site search after the
search's tick, an edit is found by its new words, a withdrawn one disappears."""

from __future__ import annotations

import copy

from django.utils import timezone

from gongkai.banshi.search_source import all_records, changes
from gongkai.banshi.services import one_thing_save, service_save, service_withdraw
from gongkai.search.services import search_index_rebuild, search_sync_tick

SERVICE = {
    "code": "11310101MB-GG-901",
    "name": "残疾人两项补贴申领",
    "list_kind": "公共服务事项",
    "kind": "行政给付",
    "basis": "《国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见》",
    "conditions": "持有第二代残疾人证的本区户籍居民",
    "materials": "1. 补贴申请表\n2. 残疾人证（原件）",
    "process": "街道受理—区残联审核—发放",
    "time_limit": "20个工作日",
    "channel": "街道社区事务受理服务中心",
    "contact": "021-60009999",
}


def _found(client, q: str) -> str:
    return client.get("/search/", {"q": q}).content.decode()


def test_a_saved_guide_is_found_and_a_withdrawn_one_disappears(
    world, client, embedded_search
) -> None:
    search_index_rebuild(actor=None)
    item = service_save(actor=world.clerk, unit=world.office, raw=SERVICE)
    guide = f'href="/banshi/{item.code}/"'
    assert guide not in _found(client, "残疾人两项补贴")  # not before the tick

    search_sync_tick(timezone.now())
    html = _found(client, "残疾人两项补贴")
    assert guide in html
    assert "办事指南" in html  # its content type
    # the guide's text is searchable, not only its name
    assert guide in _found(client, "第二代残疾人证")

    edited = copy.deepcopy(SERVICE)
    edited["conditions"] = "持有残疾人证且领取最低生活保障的居民"
    item = service_save(actor=world.clerk, unit=world.office, raw=edited, version=item.version)
    search_sync_tick(timezone.now())
    assert guide in _found(client, "领取最低生活保障")

    service_withdraw(actor=world.clerk, item=item, version=item.version)
    search_sync_tick(timezone.now())
    assert guide not in _found(client, "残疾人两项补贴")


def test_a_one_thing_guide_is_a_record_and_follows_its_steps(world) -> None:
    first = service_save(actor=world.clerk, unit=world.office, raw=SERVICE)
    second = service_save(
        actor=world.clerk,
        unit=world.office,
        raw={**SERVICE, "code": "11310101MB-GG-902", "name": "残疾人辅助器具适配"},
    )
    thing = one_thing_save(
        actor=world.clerk,
        unit=world.office,
        title="残疾人一件事",
        summary="补贴与辅具一次办。",
        codes=[first.code, second.code],
    )
    handed = dict(changes())
    assert list(changes()) == []  # handed over once
    [record] = handed[f"banshi:thing:{thing.pk}"]
    assert record.url == f"/banshi/yijianshi/{thing.pk}/"
    assert record.metadata["content_type"] == "办事指南"
    assert record.metadata["organ"] == world.office.name
    assert "第1步：残疾人两项补贴申领" in record.body
    assert "第2步：残疾人辅助器具适配" in record.body
    # editing a step hands over the 一件事 guide again, with the new name
    service_save(
        actor=world.clerk,
        unit=world.office,
        raw={**SERVICE, "name": "困难残疾人生活补贴申领"},
        version=first.version,
    )
    handed = dict(changes())
    assert set(handed) == {f"banshi:item:{first.code}", f"banshi:thing:{thing.pk}"}
    assert "第1步：困难残疾人生活补贴申领" in handed[f"banshi:thing:{thing.pk}"][0].body
    # a rebuild hands over every guide
    groups = {r.group for r in all_records()}
    assert groups == {
        f"banshi:item:{first.code}",
        f"banshi:item:{second.code}",
        f"banshi:thing:{thing.pk}",
    }
