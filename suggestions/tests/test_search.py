"""Chinese full-text search (jieba tokens) and the similarity list used for 并案."""

from conftest import client_for
from suggestions import search, workflow
from suggestions.tests import factories as f

TOPICS = [
    ("关于加快老旧小区改造的建议", "老旧小区外墙脱落、管网老化，建议加快改造进度，加装电梯。"),
    ("关于增加公交线路的建议", "新建住宅区居民出行不便，建议增开公交线路，延长末班车时间。"),
    ("关于加强校园周边交通安全的建议", "学校门口上下学时段拥堵，建议设置护学岗和临时停车区。"),
    ("关于完善社区养老服务的建议", "社区老年人口增多，建议建设日间照料中心，提供助餐服务。"),
    ("关于治理河道污染的建议", "河道存在生活污水直排现象，建议加快截污纳管，定期清淤。"),
]
ORIGINAL = (
    "关于改善夜间照明的建议",
    "东湖社区多条道路的路灯经常不亮，居民夜间出行存在安全隐患，建议排查更换损坏灯具，增设照明设施。",
)


def test_search_finds_two_character_word_in_content(congress, clerk, deputy):
    for title, content in TOPICS:
        f.submitted(congress, deputy, title=title, content=content)
    target = f.submitted(congress, deputy, title=ORIGINAL[0], content=ORIGINAL[1])
    body = client_for(clerk).get("/suggestions/list/", {"q": "路灯"}).content.decode()
    assert ORIGINAL[0] in body
    assert all(t not in body for t, _ in TOPICS)
    assert list(search.filter_text(type(target).objects.all(), "路灯")) == [target]
    assert set(search.filter_text(type(target).objects.all(), "小区")) != {target}


def test_similarity_ranks_lightly_edited_copy_first(congress, clerk, deputy, co_signer):
    for title, content in TOPICS:
        f.submitted(congress, deputy, title=title, content=content)
    earlier = f.submitted(congress, deputy, title=ORIGINAL[0], content=ORIGINAL[1])
    copy = workflow.create_draft(
        actor=co_signer,
        congress=congress,
        lead_deputy=co_signer.deputy,
        title="关于改善社区夜间照明的建议",
        content="东湖社区多条道路路灯经常不亮，居民晚上出行有安全隐患，建议尽快排查更换损坏灯具。",
    )
    copy = workflow.submit(actor=co_signer, suggestion=copy)
    ranked = search.similar(copy)
    assert ranked[0][0].pk == earlier.pk
    assert ranked[0][1] > 0.5 and all(score < ranked[0][1] for _, score in ranked[1:])
    page = client_for(clerk).get(f"/suggestions/{copy.pk}/").content.decode()
    assert 'id="similar"' in page and ORIGINAL[0] in page


def test_merge_from_similar_list(congress, clerk, deputy, co_signer):
    earlier = f.registered(congress, deputy, clerk, title=ORIGINAL[0], content=ORIGINAL[1])
    copy = f.submitted(congress, co_signer, title="路灯", content=ORIGINAL[1])
    r = client_for(clerk).post(f"/suggestions/{copy.pk}/merge/", {"into": earlier.pk})
    assert r.status_code == 302
    copy.refresh_from_db()
    assert copy.status == "merged" and copy.merged_into == earlier
    # the merged item's deputy follows the handling on the target
    assert client_for(co_signer).get(f"/suggestions/{earlier.pk}/").status_code == 200
