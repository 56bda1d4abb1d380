"""The matcher on a small knowledge base (quality is measured in bench/faq.py, not here)."""

from __future__ import annotations

from gongkai.faq.matcher import FaqMatcher, KbRow

KB = [
    KbRow(1, "城乡居民最低生活保障怎么申请？", "低保 申请", "向户籍所在地街道办事处提出书面申请。"),
    KbRow(
        2,
        "个体工商户如何办理营业执照？",
        "个体工商户 营业执照",
        "可在政务服务网在线申请，也可到窗口办理。",
    ),
    KbRow(3, "公务员考试报名时间", "公务员 考试", "报名时间以招录公告为准。"),
    KbRow(4, "", "土地承包经营权；收回", "承包期内发包方不得收回承包地，农户成员去世不影响承包。"),
]


def test_the_closest_entry_comes_first():
    m = FaqMatcher(KB)
    assert m.search("我想办个体工商户的营业执照，怎么弄？")[0].id == 2
    assert m.search("公务员什么时候报名")[0].id == 3


def test_synonyms_of_the_search_app_reach_official_terms():
    # 低保 ↔ 最低生活保障 is in the search app's synonym table
    m = FaqMatcher([KbRow(1, "低保怎么办", "低保", "到街道申请。"), KB[2]])
    assert m.search("最低生活保障")[0].id == 1


def test_answers_and_keywords_are_matched_when_there_is_no_question():
    m = FaqMatcher(KB)
    assert m.search("家里老人去世了，村里能否收回承包地")[0].id == 4


def test_nothing_in_common_gives_nothing_and_limits_hold():
    m = FaqMatcher(KB)
    assert m.search("   ") == []
    assert m.search("qwertyuiop") == []
    assert len(m.search("申请办理", limit=2)) <= 2
    assert FaqMatcher([]).search("低保") == []
