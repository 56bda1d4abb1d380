"""Topic votes count once per visitor and topic (review finding: one address could stuff the
count by clearing its cookies). The page and the service are tested as the public uses them."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from gongkai.audit.models import AuditEvent
from gongkai.core.errors import ValidationFailed
from gongkai.participation import selectors, services
from gongkai.participation.models import TopicProposal, TopicVote

URL = "/juece/activities/topics/"
ALREADY = "您已为这个主题投过票：每位访问者对每个主题只能投一票。"


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture
def topic(world) -> TopicProposal:
    from gongkai.moderation.models import ModerationItem
    from gongkai.moderation.services import moderation_decide

    t = services.topic_submit(unit=world.office, year=2025, text="开放城市污水处理厂")
    item = ModerationItem.objects.get(kind=services.TOPIC_KIND, object_id=str(t.pk))
    moderation_decide(
        actor=world.reviewer, item_id=item.pk, decision="published", version=item.version
    )
    return t


def _vote(client: Client, topic: TopicProposal, ip: str) -> Any:
    return client.post(URL, {"action": "vote", "topic": str(topic.pk)}, REMOTE_ADDR=ip)


def _votes(topic: TopicProposal) -> int:
    topic.refresh_from_db()
    return topic.votes


def test_the_same_client_counts_once_and_is_told_why(topic):
    visitor = Client()
    first = _vote(visitor, topic, "203.0.113.7")
    assert first.status_code == 302
    page = visitor.get(first.url, REMOTE_ADDR="203.0.113.7")
    assert "您的一票已计入" in page.content.decode()
    assert "您已投票" in page.content.decode()

    second = _vote(visitor, topic, "203.0.113.7")
    assert second.status_code == 409
    html = second.content.decode()
    assert ALREADY in html
    assert 'role="alert"' in html
    assert _votes(topic) == 1

    other = _vote(Client(), topic, "198.51.100.20")
    assert other.status_code == 302
    assert _votes(topic) == 2


def test_clearing_cookies_or_changing_network_does_not_vote_again(topic):
    first = Client()
    assert _vote(first, topic, "203.0.113.7").status_code == 302
    # the same address in a fresh browser (cookies cleared, a private window, a script)
    assert _vote(Client(), topic, "203.0.113.7").status_code == 409
    # the same browser (its signed cookie) from another network
    assert _vote(first, topic, "198.51.100.20").status_code == 409
    # an IPv6 household: any address in the same /64 is the same visitor
    assert _vote(Client(), topic, "2001:db8:1:2::10").status_code == 302
    assert _vote(Client(), topic, "2001:db8:1:2:abcd::99").status_code == 409
    assert _votes(topic) == 2


def test_a_forged_cookie_is_ignored_not_trusted(topic):
    from gongkai.participation.views import VOTER_COOKIE

    visitor = Client()
    visitor.cookies[VOTER_COOKIE] = "someone-elses-id"  # not signed by the site
    assert _vote(visitor, topic, "203.0.113.7").status_code == 302
    signed = visitor.cookies[VOTER_COOKIE].value
    assert signed != "someone-elses-id"
    assert ":" in signed


def test_no_raw_address_is_kept_with_the_vote(topic):
    _vote(Client(), topic, "203.0.113.7")
    row = TopicVote.objects.get(topic=topic)
    stored = f"{row.address_key} {row.browser_key}"
    assert "203.0.113.7" not in stored
    assert row.address_key == selectors.vote_key(topic.pk, "address", "203.0.113.7")
    # keyed per topic: the same address gives another digest on another topic
    assert row.address_key != selectors.vote_key(topic.pk + 1, "address", "203.0.113.7")
    event = AuditEvent.objects.filter(action="participation.topic.vote").get()
    assert event.object_id == str(topic.pk)
    assert event.after == {"votes": 1}


def test_the_service_refuses_a_second_vote_from_the_same_browser(topic):
    services.topic_vote(topic_id=topic.pk, address="203.0.113.7", browser_id="b1")
    with pytest.raises(services.AlreadyVoted):
        services.topic_vote(topic_id=topic.pk, address="198.51.100.1", browser_id="b1")
    with pytest.raises(services.AlreadyVoted):
        services.topic_vote(topic_id=topic.pk, address="203.0.113.7", browser_id="b2")
    with pytest.raises(ValidationFailed):
        services.topic_vote(topic_id=topic.pk, address=" ", browser_id="b3")
    assert _votes(topic) == 1
    assert AuditEvent.objects.filter(action="participation.topic.vote").count() == 1


def test_the_hourly_limit_of_an_address_still_applies(topic):
    from gongkai.participation import views

    for _ in range(views.VOTES_PER_HOUR):
        _vote(Client(), topic, "203.0.113.9")
    limited = _vote(Client(), topic, "203.0.113.9")
    assert limited.status_code == 429
    assert "同一网络地址投票过于频繁" in limited.content.decode()
    assert _votes(topic) == 1


def test_the_refusal_is_in_english_on_the_english_page(topic):
    visitor = Client()
    visitor.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert _vote(visitor, topic, "203.0.113.7").status_code == 302
    again = _vote(visitor, topic, "203.0.113.7")
    assert again.status_code == 409
    html = again.content.decode()
    assert "You have already voted for this topic" in html
    assert ALREADY not in html
