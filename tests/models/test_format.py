"""The format description matches the official 2021 template, label for label."""

import json

from models.format.blocks import Column, ColumnGroup, Row, RowGroup
from models.format.gov_2021 import FORMAT_2021
from tests.conftest import main_py

# Typed here from the official template (国办公开办函〔2021〕30号) as an independent oracle.
OFFICIAL_LABELS = {
    "active": [
        "第二十条第（一）项",
        "第二十条第（五）项",
        "第二十条第（六）项",
        "第二十条第（八）项",
        "信息内容",
        "本年制发件数",
        "本年废止件数",
        "现行有效件数",
        "本年处理决定数量",
        "本年收费金额（单位：万元）",
        "规章",
        "行政规范性文件",
        "行政许可",
        "行政处罚",
        "行政强制",
        "行政事业性收费",
    ],
    "applications": [
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
        "申请人情况",
        "自然人",
        "法人或其他组织",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
        "总计",
        "一、本年新收政府信息公开申请数量",
        "二、上年结转政府信息公开申请数量",
        "三、本年度办理结果",
        "（一）予以公开",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        "（三）不予公开",
        "1.属于国家秘密",
        "2.其他法律行政法规禁止公开",
        "3.危及“三安全一稳定”",
        "4.保护第三方合法权益",
        "5.属于三类内部事务信息",
        "6.属于四类过程性信息",
        "7.属于行政执法案卷",
        "8.属于行政查询事项",
        "（四）无法提供",
        "1.本机关不掌握相关政府信息",
        "2.没有现成信息需要另行制作",
        "3.补正后申请内容仍不明确",
        "（五）不予处理",
        "1.信访举报投诉类申请",
        "2.重复申请",
        "3.要求提供公开出版物",
        "4.无正当理由大量反复申请",
        "5.要求行政机关确认或重新出具已获取信息",
        "（六）其他处理",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "3.其他",
        "（七）总计",
        "四、结转下年度继续办理",
    ],
    "litigation": [
        "行政复议",
        "行政诉讼",
        "未经复议直接起诉",
        "复议后起诉",
        "结果维持",
        "结果纠正",
        "其他结果",
        "尚未审结",
        "总计",
    ],
}


def _labels(nodes):
    for node in nodes:
        yield node.label
        if isinstance(node, (ColumnGroup, RowGroup)):
            yield from _labels(node.children)


def _template_labels(block):
    """Every label a block prints: title, corner, column headers, row labels."""
    return {block.title, block.corner, *_labels(block.columns), *_labels(block.rows)} - {""}


def test_template_json_contains_every_official_label():
    out = main_py("template", "--json", check=True).stdout
    data = json.loads(out)
    printed = json.dumps(data, ensure_ascii=False)
    for labels in OFFICIAL_LABELS.values():
        for label in labels:
            assert f'"{label}"' in printed, label
    assert data["rules"], "the template lists the rules"


def test_each_table_prints_exactly_the_official_labels():
    for table in FORMAT_2021.tables():
        printed = set().union(*(_template_labels(b) for b in table.blocks))
        assert printed == set(OFFICIAL_LABELS[table.id]), table.id


def test_applications_table_has_the_official_shape():
    table = FORMAT_2021.table("applications")
    (block,) = table.blocks
    assert [c.label for c in block.leaf_columns()] == [
        "自然人",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
        "总计",
    ]
    assert len(block.leaf_rows()) == 25
    assert block.header_depth() == 3  # 申请人情况 / 法人或其他组织 / 商业企业…
    assert block.label_depth() == 3  # 三、本年度办理结果 / （三）不予公开 / 1.属于国家秘密
    (group,) = block.columns
    assert isinstance(group, ColumnGroup) and group.label == "申请人情况"
    legal_persons = group.children[1]
    assert legal_persons.label == "法人或其他组织" and len(legal_persons.children) == 5


def test_litigation_table_has_three_groups_of_five():
    (block,) = FORMAT_2021.table("litigation").blocks
    columns = block.leaf_columns()
    assert len(columns) == 15 and len(block.leaf_rows()) == 1
    assert [c.label for c in columns].count("总计") == 3
    assert all(c.is_total == (c.label == "总计") for c in columns)


def test_only_totals_are_computed_and_only_the_fee_is_an_amount():
    computed = {ref.key for ref in FORMAT_2021.cells.values() if ref.is_total}
    assert len(computed) == 25 + 6 + 3  # 总计 column, （七）总计 row, three 表四 totals
    amounts = [ref.key for ref in FORMAT_2021.cells.values() if ref.value_type.value == "amount"]
    assert amounts == ["active.fees.amount"]


def test_ids_are_ascii_and_unique():
    for key in FORMAT_2021.cells:
        assert key.isascii() and key.replace(".", "").replace("_", "").isalnum(), key
    for table in FORMAT_2021.tables():
        ids = [r.id for b in table.blocks for r in b.leaf_rows()]
        assert len(ids) == len(set(ids))
    assert isinstance(FORMAT_2021.cells["litigation.cases.review_total"].column, Column)
    assert isinstance(FORMAT_2021.cells["active.fees.amount"].row, Row)
