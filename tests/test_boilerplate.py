"""Boilerplate: footers found in most files, lines found in most stories, datelines and credits are left
out of the text (kept in ``Article.boilerplate``, reported once), never date an article, and stay with
``keep_boilerplate``; what recurs but is text (titles, salutations, headings) stays."""

from __future__ import annotations

import json
import subprocess
import sys
import warnings

from studykit.boilerplate import CREDIT, DATELINE
from studykit.counts import frequencies
from studykit.repeats import find_repeats
from studykit.sources import load_corpus

FOOTER = ["本文件依照开放许可发布，任何人可以自由复制、传播和演绎，但须注明原始出处及作者姓名。",
          "该许可适用于一九三一年一月一日以后发表的全部作品，详情请参阅许可协议的完整文本及其附件说明。"]
TOPICS = ["城市绿化", "乡村道路", "社区养老", "职业教育", "水利设施", "文化惠民", "数字政务"]


def load(path, **options):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        corpus = load_corpus(path, **options)
    return corpus, [str(w.message) for w in caught]


def folder_with_footer(root, n=6, footer=FOOTER):
    """``n`` speeches on different topics, named without dates, each ending with the same footer."""
    root.mkdir()
    for i, topic in enumerate(TOPICS[:n]):
        lines = [f"关于{topic}工作的讲话", "同志们：", f"今年以来，{topic}工作取得明显成效，群众满意度不断提升。",
                 "一、主要工作", f"我们把{topic}作为重要任务，投入资金{i + 3}亿元，完成项目{i + 10}个。", *footer]
        (root / f"speech_{topic}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def test_a_shared_footer_is_left_out_reported_once_and_kept_in_the_record(tmp_path):
    corpus, msgs = load(folder_with_footer(tmp_path / "f"))
    reports = [m for m in msgs if m.startswith("boilerplate:")]
    assert reports == ['boilerplate: "本文件依照开放许可发布，任何…" (2 lines) in 6 of 6 files, left out']
    assert corpus.warnings.count(reports[0]) == 1
    for a in corpus:
        assert "许可" not in a.text and a.boilerplate == FOOTER
        assert a.date is None  # the date inside the footer dates nothing
        assert a.text.startswith("同志们：") and "一、主要工作" in a.text  # salutation and heading stay
    assert not any("许可" in p for p in find_repeats(corpus, min_chars=12).pairs["a_text"])
    assert "许可" not in set(frequencies(corpus)["term"])


def test_keep_boilerplate_keeps_it_everywhere(tmp_path):
    corpus, msgs = load(folder_with_footer(tmp_path / "f"), keep_boilerplate=True)
    assert not any(m.startswith("boilerplate:") for m in msgs)
    assert all(a.text.endswith(FOOTER[1]) and a.boilerplate == [] for a in corpus)


def test_fewer_than_five_files_have_no_recurring_boilerplate(tmp_path):
    corpus, msgs = load(folder_with_footer(tmp_path / "f", n=4))
    assert all(a.text.endswith(FOOTER[1]) for a in corpus) and not any("boilerplate" in m for m in msgs)


def test_a_footer_in_half_the_files_counts_but_not_in_fewer(tmp_path):
    root = folder_with_footer(tmp_path / "f", n=7, footer=[])
    for f in sorted(root.iterdir())[:3]:
        f.write_text(f.read_text(encoding="utf-8") + FOOTER[0] + "\n", encoding="utf-8")
    corpus, _ = load(root)
    assert sum(FOOTER[0] in a.text for a in corpus) == 3  # 3 of 7: not boilerplate
    (sorted(root.iterdir())[3]).write_text(sorted(root.iterdir())[3].read_text(encoding="utf-8") + FOOTER[0] + "\n",
                                           encoding="utf-8")
    corpus, _ = load(root)
    assert sum(FOOTER[0] in a.text for a in corpus) == 0 and sum(FOOTER[0] in a.boilerplate for a in corpus) == 4


def test_recurring_titles_stay_titles(tmp_path):
    root = tmp_path / "years"
    root.mkdir()
    for year in range(2018, 2024):
        (root / f"{year}.txt").write_text(f"年度工作总结\n{year}年，我们完成了第{year - 2000}批项目的建设任务。\n",
                                          encoding="utf-8")
    corpus, msgs = load(root)
    assert {a.title for a in corpus} == {"年度工作总结"} and not any("boilerplate" in m for m in msgs)


def day_file(day: int) -> str:
    """A day of transcripts: every story opens with a dateline, some end with a credit, each with a sign-off."""
    out = []
    for k, topic in enumerate(TOPICS):
        out += [f"{'各地' * (k % 3)}{topic}建设{'稳步推进' if k % 2 else ''}取得新进展",
                f"央视网消息（新闻联播）：记者从有关部门获悉，{topic}建设第{k + 1}阶段任务已经完成{day * 3 + k}%。",
                f"下一步，{topic}建设将聚焦群众急难愁盼问题，推出一批便民举措。",
                "感谢收看本条新闻，更多内容敬请关注。"]
        if k % 2:
            out.append(f"（视频编辑：编辑{k}号 文字编辑：编辑{day}号）")
    return "\n".join(out) + "\n"


def test_datelines_credits_and_lines_in_most_stories_are_boilerplate(tmp_path):
    (tmp_path / "2019-06-01.txt").write_text(day_file(1), encoding="utf-8")
    corpus, msgs = load(tmp_path)
    assert len(corpus) == len(TOPICS)
    assert any(m.startswith("boilerplate: 7 datelines such as \"央视网消息（新闻联播）：\"") for m in msgs)
    assert any(m.startswith("boilerplate: 3 credits such as") for m in msgs)
    assert any(m.startswith('boilerplate: "感谢收看本条新闻，更多内容敬…" in 7 of 7 stories') for m in msgs)
    for a in corpus:
        assert a.text.startswith("记者从有关部门获悉") and "编辑" not in a.text and "感谢收看" not in a.text
        assert a.boilerplate[0] == "央视网消息（新闻联播）："
    top = set(frequencies(corpus).head(30)["term"])
    assert not top & {"央视网", "新闻联播", "编辑", "消息", "收看"}


def test_dateline_and_credit_shapes():
    for line in ["新华社北京3月5日电（记者 某某）国家主席出席会议。", "本报讯（通讯员 某某）近日，", "本台消息：今天",
                 "中新网杭州9月2日电 记者从", "　　新华社华盛顿１月３日电"]:
        assert DATELINE.match(line), line
    for line in ["国家电网电力供应充足。", "这一消息（见下图）令人振奋。", "新华网的报道说", "本报3月5日电话会议"]:
        assert not DATELINE.match(line), line
    for line in ["会议强调要抓好落实。（责任编辑：某某）", "【编辑：甲 审核：乙】", "责任编辑：丁某", "（央视记者 某某 某某）"]:
        assert CREDIT.search(line), line
    for line in ["他写下一篇记者手记（记者手记）", "编辑部收到了来信。", "（完）"]:
        assert not CREDIT.search(line), line


def test_keep_boilerplate_on_the_command_line(tmp_path):
    root = folder_with_footer(tmp_path / "f")
    run = [sys.executable, "-m", "studykit", "articles", str(root), "--json"]
    out = subprocess.run(run, capture_output=True, text=True, check=True)
    records = json.loads(out.stdout)
    assert all(r["boilerplate"] == FOOTER and "许可" not in r["text"] for r in records)
    assert out.stderr.count("studykit: boilerplate:") == 1
    kept = json.loads(subprocess.run([*run, "--keep-boilerplate"], capture_output=True, text=True, check=True).stdout)
    assert all(r["boilerplate"] == [] and FOOTER[0] in r["text"] for r in kept)
