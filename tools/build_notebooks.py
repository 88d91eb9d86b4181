#!/usr/bin/env python3
"""Write the lesson notebooks in ``notebooks/`` from the lesson texts below, without outputs.

    python tools/build_notebooks.py            (all lessons defined here)
    python tools/build_notebooks.py 01 04      (only the lessons whose names start so)

Each lesson is a list of cells: a string starting with ``"%%code\\n"`` is a code cell, any other string
is Markdown. Lessons are Chinese first with a one-line English gloss under each heading.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
CODE = "%%code\n"


def code(src: str) -> str:
    return CODE + src.strip("\n")


START = [
    """# 从这里开始：认识学习资料语料
*Start here: meet the study corpus*

**学习目标 / Learning goals**
- 知道随附的学习资料是什么、包含哪些文章
- 会运行笔记本中的代码单元
- 知道后面每一课学什么，会加载自己的文本文件夹

**预计时间 / Estimated time:** 10 分钟

**怎样使用 / How to use:** 点一下代码单元，按 `Shift+Enter` 运行它并跳到下一个单元。
也可以用菜单 *Run → Run All Cells* 一次运行全部。""",
    """## 1. 载入语料
*Load the corpus*

随附的语料是一份 2024 年 1—2 月的月度学习资料汇编：领导人讲话和重要文章的摘要、会议报道、地方和民主党派的学习活动。
原件是 PDF 导出的文字，studykit 在载入时把它重新切分成一篇篇文章，并找出标题、来源、日期和要点。
不写路径时，`load_corpus()` 读取这份资料；结果是一个“语料”，里面是一篇篇文章。""",
    code("""import studykit
corpus = studykit.load_corpus()
len(corpus)"""),
    """## 2. 文章一览
*The articles at a glance*

每行一篇文章（最左边是编号 id）：标题、来源、日期、要点数和字数（汉字数）。`title_inferred` 为 True 的标题是从正文推断的。
原文没有注明的来源或日期显示为 —。`corpus.to_frame()` 还有一列 `file`（文章出自哪个文件）。""",
    code("""columns = ["title", "title_inferred", "source", "date", "key_points", "chars"]
corpus.to_frame().set_index("id")[columns].fillna("—")"""),
    """## 3. 读一篇文章
*Read one article*

`corpus[编号]` 取出一篇文章；`render.article_html` 把它排成适合投影的大字版式。""",
    code("""from IPython.display import HTML
from studykit import render
HTML(render.article_html(corpus[corpus.ids[0]]))"""),
    """## 4. 后面的课
*The lessons that follow*

| 笔记本 | 学什么 / what you learn |
|---|---|
| `01_browse_articles` | 筛选、阅读文章，看关键词前后文 / filter, read, keywords in context |
| `02_repeated_passages` | 找出反复出现的段落并对照阅读 / passages that repeat, side by side |
| `03_word_clouds` | 词云：整个语料、一篇文章、一段时间 / word clouds |
| `04_theme_timelines` | 主题随时间的变化 / themes over time |
| `05_review` | 用语料出题、复习、导出卡片 / review questions, flashcards, hand-outs |
| `06_your_own_corpus` | 用自己的文本文件夹做以上一切 / all of it on your own folder |""",
    """## 5. 载入自己的文件夹
*Load your own folder*

把 `.txt` 文件放进一个文件夹（例如每年一个文件，文件名写年份：`2022.txt`、`2023.txt`），再把路径交给 `load_corpus`：

```python
mine = studykit.load_corpus("我的文本")
```

第 `06_your_own_corpus` 课一步步演示，没有自己的文本也能练习。""",
    """## 试一试 / Try it

1. 找出字数最多的文章。提示：`corpus.to_frame().sort_values("chars", ascending=False).head(3)`。
2. 把第 3 步里的编号换成另一篇文章的编号，再运行一次。""",
    """## 教师提示 / Teacher notes

- 先在投影上运行一遍，让学生看到每个单元的结果；出错时从出错的单元重新运行即可。
- 命令行也能得到同样的表格：`studykit articles`。
- 语料文件只会被读取，不会被修改；缓存可以随时删除（见 README）。""",
]

BROWSE = [
    """# 浏览文章：筛选、阅读、看关键词前后文
*Browse articles: filter, read, and see keywords in context*

**学习目标 / Learning goals**
- 按来源、日期和关键词筛选文章
- 阅读一篇文章，找到每条要点在正文中的出处
- 用“关键词前后文”（KWIC）比较一个提法在不同文章中的用法

**预计时间 / Estimated time:** 20 分钟

**怎样使用 / How to use:** 运行全部单元，然后操作下面的控件：点列表里的标题，或点“上一篇 / 下一篇”。
投影时可以用演示模式 `studykit present 01_browse_articles`：那里不显示代码，方向键在列表中上下移动，`Tab` 跳到下一个控件。
（在 JupyterLab 里，方向键留给在单元之间移动。）""",
    """## 1. 载入语料
*Load the corpus*""",
    code("""import studykit
from studykit.widgets import ArticleBrowser
corpus = studykit.load_corpus()"""),
    """## 2. 打开文章浏览器
*Open the article browser*

上面是筛选条件（来源、起止日期、搜索），中间是文章列表，下面是阅读区：搜索词用黄色标出。
点“标出要点”后面的数字，正文里对应的那句话会用蓝色框标出。""",
    code("""browser = ArticleBrowser(corpus)
browser"""),
    """## 3. 关键词前后文
*Keywords in context*

在浏览器最下面的“KWIC 词”框里输入一个词并按回车，就能看到它在本文（或列表中所有文章）里的每一处，
左右各若干字。“排序”可以按关键词左边或右边的字排列，相同的搭配就会排在一起；
“打开其中的文章”把一篇有这个词的文章放进上面的阅读区。
也可以在代码里填写：""",
    code("""browser.kwic_scope.value = "listed"
browser.kwic_term.value = "高质量发展"
"""),
    """## 4. 把前后文做成表格
*KWIC as a table*

`studykit.kwic` 返回同样的结果，是一张可以排序、筛选、保存的表格。""",
    code("""table = studykit.kwic(corpus, "新质生产力", width=15)
table.head(10)"""),
    """## 5. 从代码打开一篇文章
*Open an article from code*

`browser.show(编号)` 打开指定文章（必要时清除筛选条件），上面的浏览器会跟着变。""",
    code("browser.show(corpus.ids[-1])"),
    """## 试一试 / Try it

1. 在搜索框输入“新质生产力”：列表里还剩几篇？每篇里出现几次？（看“上一篇 / 下一篇”旁边的数字）
2. 选一篇有要点的文章，依次点要点编号：要点是原文的哪一句？有没有改动？
3. 把 KWIC 范围切换为“列表中的文章”，比较“高质量发展”前后常跟哪些词。""",
    """## 教师提示 / Teacher notes

- 投影时把浏览器窗口放大即可，文字会自动换行，不需要左右滚动；字太小时用浏览器缩放（`Ctrl` 和 `+`，Mac 上 `⌘` 和 `+`），控件和图会跟着变大。
- 标题后面标着“推断标题”的文章，原文没有明确标题，是从正文第一句推断的，讨论时可以提醒学生。
- 同样的 KWIC 结果在命令行里也能得到（`studykit kwic 新质生产力`），适合课前准备讲义；
  `table.to_csv("kwic.csv")` 可以存成表格文件。""",
]

REPEATS = [
    """# 反复出现的段落：哪些话说了又说，怎样改写
*Repeated passages: what is said again, and how the wording changes*

**学习目标 / Learning goals**
- 找出在几篇文章中重复出现的段落和提法
- 对照阅读两个版本，看出删改了哪些字句
- 从一处重复跳回原文，理解它的上下文

**预计时间 / Estimated time:** 25 分钟

**怎样使用 / How to use:** 运行全部单元，然后在对照工具里选文章或提法，再从列表里选一对段落。""",
    """## 1. 载入语料
*Load the corpus*""",
    code("""import studykit
from studykit.widgets import PassageComparer
corpus = studykit.load_corpus()"""),
    """## 2. 一共有多少重复
*How much repeats*

`find_repeats` 比较所有文章，找出至少 20 个字相同（或基本相同）的段落。
类型：`repeat` 原样重复，`variant` 改写，`key_point` 要点与正文中的出处，`internal` 同一篇文章内的重复。""",
    code("""repeats = studykit.find_repeats(corpus)
repeats.pairs["kind"].value_counts()"""),
    """## 3. 对照阅读
*Compare side by side*

选一篇文章，列表按段落长短排列它的重复；选中一行，下方左右对照：
左边独有的字句标红并划掉（删），右边独有的字句标绿（增）；只在一边出现的整句用黄色块标出，并注明“左侧没有”或“右侧没有”。
上面的彩色条是这篇文章的全长：黄色的地方在别处也出现过，紫色的是要点的出处；鼠标停在上面会显示出现在哪里。“打开左边/右边的文章”在下面显示全文。
切换到“按提法”，可以看到出现三次以上的提法，以及每一处的上下文。""",
    code("""comparer = PassageComparer(corpus)
comparer"""),
    """## 4. 保存一份对照表
*Save a comparison*

`save_html` 把当前的对照存成一个网页文件，可以打印或发给同学。""",
    code("""print("已保存 saved:", studykit.save_html(comparer.view.value, "对照.html"))"""),
    """## 试一试 / Try it

1. 找一对“改写”（variant）：改动的是哪些词？改动让意思有变化吗？
2. 切换到“按提法”，选出现次数最多的提法：它在哪些文章里出现？前后文一样吗？
3. 把“最短字数”调到 60：还剩哪些重复？它们是转载的整段讲话吗？""",
    """## 教师提示 / Teacher notes

- 汇编里常把同一篇讲话的要点、摘要和全文放在一起，所以“要点”与“文内重复”会很多，这是正常的。
- “改写”最适合课堂讨论：让学生先猜改动的原因，再对照原文。
- 命令行：`studykit repeats` 列出同样的结果，加 `--json` 可以交给其他工具。""",
]

TIMELINES = [
    """# 主题时间线：一个提法什么时候多、什么时候少
*Theme timelines: when a theme rises and falls*

**学习目标 / Learning goals**
- 理解“主题”：几个说法不同、意思相同的词算作一个主题
- 按日、周、月、年画出主题的变化，并选择合适的度量
- 查看图上一个点背后的文章和原句

**预计时间 / Estimated time:** 25 分钟

**怎样使用 / How to use:** 运行全部单元；在时间线工具里选主题或输入自己的主题（词语用逗号分隔），按回车。""",
    """## 1. 载入语料
*Load the corpus*""",
    code("""import studykit
from studykit.widgets import TimelineExplorer
corpus = studykit.load_corpus()"""),
    """## 2. 随附的主题
*The bundled themes*

每个主题是一组词：例如“新质生产力”也包括“新兴产业”“未来产业”。""",
    code("""import pandas as pd
from studykit.themes import load_themes
themes = load_themes()
pd.DataFrame({"主题 theme": list(themes), "包括的词 terms": ["、".join(t) for t in themes.values()]})"""),
    """## 3. 打开时间线
*Open the timeline explorer*

上面选主题、时间单位和度量，中间是图，下面是所选时期里提到该主题的文章和原句。
图下方的柱子是每个时期的文章数：文章少的时期，数字容易大起大落。
选一篇文章，点“在阅读器中打开”，就能读全文，主题词用黄色标出。""",
    code("""explorer = TimelineExplorer(corpus)
explorer"""),
    """## 4. 输入自己的主题
*Type your own theme*

在“输入主题”框里写几个词，用逗号分开，按回车；也可以在代码里填写：""",
    code("""explorer.custom.value = "新质生产力,新兴产业,未来产业"
"""),
    """## 5. 数字表格
*The numbers as a table*

`theme_timeline` 返回同样的数字：每个时期、每个主题一行，`articles` 是该时期的文章数。
没有文章的周 `articles` 为 0（图上是空白），这里只列出有文章的时期；最后的 `undated` 行是没有日期的文章。""",
    code("""from studykit.timeline import theme_timeline
timeline = theme_timeline(corpus, ["高质量发展", "中国式现代化"], by="week")
table = timeline.table
table[table["articles"] > 0]"""),
    """## 试一试 / Try it

1. 把度量从“次数”换成“每万字”：哪个时期的排名变了？为什么？
2. 输入一个自己关心的提法（例如“安全,风险”），找出它最多的一周，读一读那几篇文章。
3. 把时间单位换成“日”：为什么有些点是空的？""",
    """## 教师提示 / Teacher notes

- 三种度量：次数（受文章长短和篇数影响）、每万字次数（比较长短不一的时期）、文章比例（多少篇文章提到它）。
- 没有日期的文章计入表格中的 `undated` 行，图上会注明，不会悄悄丢掉。
- 命令行：`studykit timeline`，可以导出 CSV 和图片，方便做讲义。""",
]

CLOUDS = [
    """# 词云：一眼看出常说什么
*Word clouds: what is said most, at a glance*

**学习目标 / Learning goals**
- 画出整个语料、一篇文章、一段时间、一个来源或一个主题的词云
- 并排比较两个词云，说出它们的异同
- 去掉不想看的常用词，保存图片用于讲义

**预计时间 / Estimated time:** 20 分钟

**怎样使用 / How to use:** 运行全部单元；在词云工具里给左右两边各选一个范围。""",
    """## 1. 载入语料
*Load the corpus*""",
    code("""import studykit
from studykit.widgets import CloudExplorer
corpus = studykit.load_corpus()"""),
    """## 2. 一个词云
*One word cloud*

词越大，出现越多。“新质生产力”这样的提法作为一个整体来数，不会被拆开；“的”“和”等停用词不计。""",
    code("""from studykit.cloud import word_cloud
word_cloud(corpus, max_words=80)"""),
    """## 3. 两个词云并排
*Two clouds side by side*

左边默认是全部文章，右边是一篇文章。每边都可以换成“日期”“来源”或“主题”。""",
    code("""explorer = CloudExplorer(corpus)
explorer"""),
    """## 4. 去掉常见词
*Leave out common words*

在“去掉的词”框里输入不想看的词（用逗号分开），按回车；也可以在代码里填写：""",
    code("""explorer.stopwords.value = "发展，坚持"
"""),
    """## 5. 保存图片
*Save the picture*

每边的“保存 PNG / SVG”按钮把词云存到笔记本所在的文件夹；代码也可以：""",
    code("""print("已保存 saved:", explorer.left.save("png"))"""),
    """## 试一试 / Try it

1. 两边都点“日期 dates”，左边“从”“到”都选 `2024-01 整月`，右边都选 `2024-02 整月`：哪些词只在一边很大？
2. 右边选主题“新质生产力”：提到它的文章还常说什么？
3. 把“最多词数”调到 30，再调到 200：哪一个更适合投影？""",
    """## 教师提示 / Teacher notes

- 词云只看频率，不看语境：用它提出问题，再回到原文（第 01 课的 KWIC）找答案。
- 中文用随附字体显示，不会出现方框；同样的输入总是画出同样的图，方便课前准备。
- 命令行：`studykit cloud`，可以直接输出 PNG 或 SVG。""",
]

OWN = [
    """# 用自己的文本：一个文件夹就够了
*Your own corpus: a folder of text files is enough*

**学习目标 / Learning goals**
- 把自己的 `.txt` 文件整理成一个文件夹并载入
- 用前几课的工具研究自己的文本

**预计时间 / Estimated time:** 20 分钟

**怎样使用 / How to use:** 没有自己的文本也可以：第 1 步会在临时文件夹里生成一个小练习文件夹。""",
    """## 1. 准备一个文件夹
*Prepare a folder*

文件名里写上日期（例如 `2023.txt`、`2024-01-15_讲话.txt`），studykit 就能把日期读出来。
有自己的文件夹时，把下面的 `folder` 换成它的路径，跳过第 2 步。""",
    code("""import tempfile, pathlib
import studykit
folder = pathlib.Path(tempfile.mkdtemp()) / "我的文本"
folder.mkdir()"""),
    """## 2. 生成练习文件
*Write practice files*

把随附语料中的文章按日期写成一个个 `.txt` 文件（每篇一个，标题在第一行）。""",
    code("""for a in studykit.load_corpus():
    name = f"{a.date or '未注日期'}_{a.id:03d}.txt"
    (folder / name).write_text(a.title + "\\n" + a.text + "\\n", encoding="utf-8")
sorted(p.name for p in folder.iterdir())[:5]"""),
    """## 3. 载入文件夹
*Load the folder*""",
    code("""mine = studykit.load_corpus(folder)
mine.to_frame()"""),
    """## 4. 浏览自己的文章
*Browse your own articles*""",
    code("""from studykit.widgets import ArticleBrowser, CloudExplorer, PassageComparer, TimelineExplorer
ArticleBrowser(mine)"""),
    """## 5. 重复的段落
*Repeated passages*

哪些段落在你的文本里反复出现？（第 02 课）""",
    code("PassageComparer(mine)"),
    """## 6. 词云
*Word clouds*

左边是全部文本，右边是一篇。（第 03 课）""",
    code("CloudExplorer(mine)"),
    """## 7. 主题时间线
*Theme timelines*

文件名里的日期就是时间轴。每年一个文件时，把时间单位换成“年”。（第 04 课）""",
    code("""TimelineExplorer(mine, by="month")"""),
    """## 试一试 / Try it

1. 在自己电脑上建一个文件夹，放进两三个 `.txt` 文件（例如每年一篇工作报告，文件名 `2022.txt`、`2023.txt`），把第 1 步的 `folder` 改成它的路径，从第 3 步开始运行。
2. 载入时如有警告（编码、空文件），看看 `mine.warnings` 说了什么。
3. 在时间线里输入一个你的文本里常见的提法，看它在哪一年最多。""",
    """## 教师提示 / Teacher notes

- 文件最好是 UTF-8 编码；其他编码也能读，但会在 `mine.warnings` 里提示。
- 原始文件只会被读取，不会被修改。练习文件夹在临时目录里，关机后会被清理。""",
]

REVIEW = [
    """# 复习：用自己的语料出题、练习、导出
*Review: questions from your own corpus — practise, track progress, export*

**学习目标 / Learning goals**
- 从文章的要点和提法句子自动生成填空题和提法卡片（“四个意识”包括哪四个？）
- 在复习控件里一题一题作答、核对，看答案出自哪篇文章、哪一天
- 知道学习进度保存在哪里，答错的题为什么会先回来
- 把题目导出为 Anki 卡片和可打印的复习单，把一篇文章导出为学习单

**预计时间 / Estimated time:** 25 分钟

**怎样使用 / How to use:** 运行全部单元，然后在第 3 步的控件里答题。所有题目都来自语料原文，答案都能在原句中找到。""",
    """## 1. 载入语料
*Load the corpus*""",
    code("""
import studykit
from IPython.display import HTML
corpus = studykit.load_corpus()
"""),
    """## 2. 从文本生成题目
*Build questions from the texts*

填空题（cloze）来自要点和含有提法的句子：空出的是一个提法或关键词，选项也都是语料里出现过的词。
提法卡片（flashcard）来自带数字的提法：原文列出了各项，或词表里有它的各项。""",
    code("""
questions = studykit.build_questions(corpus)
studykit.questions_frame(questions).head(10)
"""),
    """## 3. 一题一题地练
*Practise one question at a time*

选一个答案（或输入答案），点“检查 Check”；点“答案 Reveal”看原句、文章、来源和日期。
右上角是本次得分。上面的下拉框按文章、月份或主题筛选题目。""",
    code("""
from studykit.widgets import ReviewWidget
ReviewWidget(questions=questions)
"""),
    """## 4. 提法卡片
*Flashcards for numbered formulations*

每张卡片：正面是提法（term），背面是它的各项（answer）和出处。
`origin` 为 text 表示各项取自原文的列举，为 lexicon 表示取自随附的提法词表。""",
    code("""
cards = [q for q in questions if q.kind == "flashcard"]
studykit.questions_frame(cards)[["term", "answer", "origin", "article", "date"]]
"""),
    """## 5. 学习进度
*Your progress*

每次核对的答案都存在本机的用户数据目录（可用环境变量 `STUDYKIT_DATA_DIR` 改位置），关掉笔记本也不会丢。
复习按“莱特纳盒子”安排：答对一次，卡片升一盒，隔 1、3、7、21 天再出现；答错回到第 1 盒，马上再练。""",
    code("""
store = studykit.ProgressStore()
store.score(), store.boxes()
"""),
    """## 6. 导出 Anki 卡片和复习单
*Export Anki cards and a printable review sheet*

点链接保存文件。CSV 可在 Anki 中用“文件 → 导入”读入（正面、背面、标签，标签里有来源和日期）；
HTML 复习单用浏览器打印，答案在最后一页。""",
    code("""
from studykit import sheets
HTML(sheets.download_link(studykit.anki_csv(questions), "复习卡片.csv") + " · "
     + sheets.download_link(studykit.review_sheet(questions), "复习单.html"))
"""),
    """## 7. 一篇文章的学习单
*A study sheet of one article*

标题、来源、日期、要点，文中用到的提法及其在整个语料中的次数，正文里要点对应的句子用黄色标出。适合 A4 打印。""",
    code("""
first = corpus.ids[0]
HTML(sheets.download_link(studykit.export_article(corpus, first), f"学习单_{first}.html"))
"""),
    """## 试一试 / Try it

1. 在控件里选一个主题（例如“高质量发展”），连续答五题，看得分怎样变化。
2. 故意答错一题，再运行第 3 步：答错的题是不是排在最前面？
3. 换一篇文章导出学习单：把第 7 步里的 `corpus.ids[0]` 改成另一个编号。""",
    """## 教师提示 / Teacher notes

- 上课投影可以只显示控件、不显示代码：在终端运行 `studykit present 05_review`，把打印出的地址在浏览器里打开。
- 不开笔记本也能出题：`studykit review --csv 卡片.csv` 导出 Anki 卡片，`studykit review --html 复习单.html` 导出复习单，
  `studykit export 3 -o 学习单.html` 导出第 3 篇文章的学习单；加上文件夹路径就用自己的语料。
- 题目完全来自原文：答案一定出现在所给的原句里，选项也都是语料中的词，不会凭空编造。
- 每个学生的进度按电脑登录用户分别保存；同一台电脑多人轮流使用时，写上名字：`ReviewWidget(questions=questions, user="小王")`。""",
]

LESSONS = {
    "00_start_here": START,
    "01_browse_articles": BROWSE,
    "02_repeated_passages": REPEATS,
    "03_word_clouds": CLOUDS,
    "04_theme_timelines": TIMELINES,
    "05_review": REVIEW,
    "06_your_own_corpus": OWN,
}


def build(cells: list[str]) -> nbformat.NotebookNode:
    """A notebook (no outputs) from a list of cell texts."""
    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    for c in cells:
        if c.startswith(CODE):
            nb.cells.append(nbformat.v4.new_code_cell(c[len(CODE):]))
        else:
            nb.cells.append(nbformat.v4.new_markdown_cell(c))
    for i, cell in enumerate(nb.cells):
        cell.id = f"c{i:02d}"
    return nb


def main(argv: list[str]) -> None:
    for name, cells in LESSONS.items():
        if argv and not any(name.startswith(a) for a in argv):
            continue
        path = ROOT / "notebooks" / f"{name}.ipynb"
        nbformat.write(build(cells), path)
        print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main(sys.argv[1:])
