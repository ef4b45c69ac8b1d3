"""Citations render the way a secretary cites a clause in a report."""

from __future__ import annotations


def test_citation_of_a_numbered_item(corp) -> None:
    cite = corp.citation(corp.by_id["wenzhou-3"])
    assert cite.render() == (
        "《中共温州市委关于贯彻〈中国共产党党和国家机关基层组织工作条例〉的实施意见》（2012）二、3．合理设置机关基层党组织"
    )
    assert cite.render(short=True) == "《中共温州市委关于贯彻〈…工作条例〉的实施意见》（2012）二、3．合理设置机关基层党组织"


def test_citation_of_nested_and_sectioned_clauses(corp) -> None:
    assert corp.citation(corp.by_id["shaoxing-4"]).render().endswith("的实施意见》二、（二）4．切实加强基层党组织建设")
    sub = corp.resolve("编办 三、（十四）6．（4）").clause
    assert corp.citation(sub).render() == "《市编办党支部工作制度》三、（十四）6．（4）支部委员会报告审议情况及意见"
    assert corp.citation(corp.by_id["wenzhou-closing"]).render().endswith("（2012）附则")


def test_document_names(corp) -> None:
    assert corp.document_named("温州市").id == "wenzhou"
    assert corp.document_named("编办").id == "bianban"
    assert corp.document_named("杭州") is None
    assert corp.documents["bianban"].city is None
