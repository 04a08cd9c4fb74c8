//! The punct stage on its own (`--steps punct`), and through the default pipeline:
//! punctuation between CJK text made fullwidth, everything else left as it is.

use hanfix::{replay, Cleaner, Options, RecordLevel, Stage, StageSet};
use proptest::prelude::*;

fn punct_only() -> Cleaner {
    Cleaner::new(
        Options::builder()
            .stages(StageSet::NONE.with(Stage::Punct))
            .record(RecordLevel::Full)
            .build(),
    )
}

/// The stage alone on one line; checks that its changes replay and all belong to it.
fn punct(input: &str) -> String {
    let cleaned = punct_only().clean_field(input);
    assert_eq!(replay(input, cleaned.report.changes()), cleaned.text);
    assert!(cleaned
        .report
        .changes()
        .iter()
        .all(|change| change.stage == Stage::Punct));
    assert_eq!(cleaned.is_changed(), cleaned.text != input);
    cleaned.text.into_owned()
}

/// The rule of each change the stage makes to `input`.
fn rules(input: &str) -> Vec<&'static str> {
    let cleaned = punct_only().clean_field(input);
    cleaned.report.changes().iter().map(|c| c.rule).collect()
}

#[test]
fn ascii_punctuation_after_han_becomes_fullwidth() {
    assert_eq!(punct("日,2023年"), "日，2023年");
    assert_eq!(punct("来源:冠县在线"), "来源：冠县在线");
    assert_eq!(punct("严格把控;锤炼一流技术"), "严格把控；锤炼一流技术");
    assert_eq!(punct("立即关注!获取新闻"), "立即关注！获取新闻");
    assert_eq!(punct("你好吗?我很好。"), "你好吗？我很好。");
    assert_eq!(punct("真的吗?!"), "真的吗？！");
    assert_eq!(
        rules("甲,乙:丙;丁!戊?"),
        [
            "punct/cjk-comma",
            "punct/cjk-colon",
            "punct/cjk-semicolon",
            "punct/cjk-exclamation",
            "punct/cjk-question"
        ]
    );
}

#[test]
fn punctuation_after_latin_words_in_chinese_text_needs_han_after_it() {
    assert_eq!(punct("版本 3.0,不仅仅是"), "版本 3.0，不仅仅是");
    assert_eq!(punct("（MTA,参见第 6.3 节）"), "（MTA，参见第 6.3 节）");
    assert_eq!(punct("时间为12:30,地点在北京"), "时间为12:30，地点在北京");
    assert_eq!(punct("%s:无效的参数"), "%s：无效的参数");
    // Nothing but Latin after it, or the end of the line: real text writes these.
    for line in [
        "什么是 Perl?",
        "帮助 ID:",
        "标签位置(_L):",
        "将其 “Depends:” 列表中的软件包选上",
        "用 Dialog::draw 返回",
    ] {
        assert_eq!(punct(line), line);
    }
}

/// A mark after a Latin word or a placeholder at the line's end, before an opening bracket,
/// a comma between Latin words, a colon between placeholders: real text writes these ASCII
/// as often as fullwidth, so they convert only in a line that shows its fullwidth marks were
/// made ASCII (an ASCII mark right after or before Han text, or a pair around Han text).
#[test]
fn weak_positions_convert_only_in_a_line_with_evidence() {
    // No evidence: properly punctuated lines, kept as they are.
    for line in [
        "您是否要立即迁移至 Firebird?",
        "段落樣式(_S):",
        "不能打开 %s:%s",
        "無效 URI:「%1$S」",
        "%s:「endif」而不需吻合中「ifdef」或「ifndef」",
        "帮助 ID:「」",
        "光盘存储（CD/DVD,CD/DVD-R）",
        "查找 = [<>],替换 = 留空",
    ] {
        assert_eq!(punct(line), line, "{line}");
    }
    // Evidence: an ASCII mark after Han text, before it, or a pair around Han text.
    assert_eq!(
        punct("您是否,迁移至 Firebird?"),
        "您是否，迁移至 Firebird？"
    );
    assert_eq!(punct("请选择段落樣式(_S):"), "请选择段落樣式(_S):");
    assert_eq!(punct("请选择,段落樣式(_S):"), "请选择，段落樣式(_S)：");
    assert_eq!(punct("错误:%s:%s"), "错误：%s：%s");
    assert_eq!(punct("%s:无法创建目录 %s:%s"), "%s：无法创建目录 %s：%s");
    assert_eq!(
        punct("(默认)无效 URI:「%1$S」"),
        "（默认）无效 URI：「%1$S」"
    );
    assert_eq!(punct("无效,URI:「%1$S」"), "无效，URI：「%1$S」");
    assert_eq!(
        punct("100年:光盘存储（CD/DVD,CD/DVD-R）"),
        "100年：光盘存储（CD/DVD，CD/DVD-R）"
    );
    assert_eq!(
        punct("相关命令,如test(1),stat(1)和readlink(1)。"),
        "相关命令，如test(1)，stat(1)和readlink(1)。"
    );
    assert_eq!(
        punct("* Bacula,Amanda 和 BackupPC 是备份套件,主要用于联网。"),
        "* Bacula，Amanda 和 BackupPC 是备份套件，主要用于联网。"
    );
    assert_eq!(
        punct("后设置:查找 = [<>],替换 = 留空"),
        "后设置：查找 = [<>]，替换 = 留空"
    );
    assert_eq!(
        punct("路径太长（%d 字符,SHA1:%s）:%s"),
        "路径太长（%d 字符，SHA1：%s）：%s"
    );
    assert_eq!(
        punct("错误的地址,不是(reg+disp):"),
        "错误的地址，不是(reg+disp)："
    );
    // Even then, numbers, formulas, file and line, times and C++ names stay.
    for (line, expected) in [
        ("共计1,000元,约", "共计1,000元，约"),
        (
            "例如输入,「=SUM(A1,B1,C1)」",
            "例如输入，「=SUM(A1,B1,C1)」",
        ),
        ("树检查:于 %s:%d", "树检查：于 %s:%d"),
        ("时间,等于 %H:%M", "时间，等于 %H:%M"),
        (
            "%<typename %T::%D%>指定了%q#T,但",
            "%<typename %T::%D%>指定了%q#T，但",
        ),
        (
            "他说:Hello, world! 然后离开。",
            "他说：Hello, world! 然后离开。",
        ),
        ("网址:http://a.b/c?x=1", "网址：http://a.b/c?x=1"),
    ] {
        assert_eq!(punct(line), expected, "{line}");
    }
}

/// A quotation in `“”` opened after Han text ends a CJK clause: the mark after it converts
/// unless whitespace and something other than Han follow.
#[test]
fn a_mark_after_a_quotation_opened_after_han_text_converts() {
    assert_eq!(
        punct("在服务缓存中重新加载“%s”!"),
        "在服务缓存中重新加载“%s”！"
    );
    assert_eq!(punct("重新在缓存中加载 “%s” !"), "重新在缓存中加载 “%s” ！");
    assert_eq!(punct("加载“%s”,“%s”"), "加载“%s”，“%s”");
    // Opened after CJK punctuation: Han text after the mark makes it CJK.
    assert_eq!(
        punct("由于违反下列指令:“%1$S”,页面设置"),
        "由于违反下列指令：“%1$S”，页面设置"
    );
    for line in [
        "它們相當於 Logo 指令 “FORWARD 10”, “BACK 10”。",
        "试一试，“ls lR /” :)",
        "加载“Hello”?x=1",
    ] {
        assert_eq!(punct(line), line, "{line}");
    }
}

/// Cleaning a line whose weak positions were converted changes nothing more: the marks that
/// gave the evidence are fullwidth then, and every mark still ASCII reads the same text on
/// its left.
#[test]
fn a_line_converted_on_evidence_stays_as_it_is() {
    for line in [
        "错误:%s:%s",
        "请选择,段落樣式(_S):",
        "100年:光盘存储（CD/DVD,CD/DVD-R）",
        "后设置:查找 = [<>],替换 = 留空",
        "中文 a:,中",
        "版本,见 Firebird?!",
        "(锻造)产业 Firebird?",
    ] {
        let once = punct(line);
        assert_ne!(once, line, "{line}");
        assert_eq!(punct(&once), once, "{line}");
    }
    assert_eq!(punct("(锻造)产业 Firebird?"), "（锻造）产业 Firebird？");
}

#[test]
fn numbers_times_urls_emails_and_code_stay() {
    for line in [
        "共计1,000元，约12:30到达。",
        "1,000",
        "12:30",
        "比例为3:2，共3,500人",
        "详见 http://a.b/c?x=1 。",
        "详见http://a.b/c?x=1",
        "联系 a@b.cn 获取",
        "printf(\"%d,%d\", a, b);",
        "printf(\"你好,%s\", name);",
        "msg = \"你好,世界\"",
        "{\"城市\": \"北京\", \"人口\": 2189}",
        "int l_linger; /* 延时多长时间:秒 */",
        "if (a == b) { return \"是:否\"; }",
        "并&#30185;心促成",
        "经济日?qǐng)?bào)",
        "见 http://例子.中国/查询?x=1",
        "并&#x7661;心与&amp;符号",
    ] {
        assert_eq!(punct(line), line, "{line}");
    }
}

#[test]
fn latin_sentences_inside_chinese_text_stay() {
    for line in [
        "Hello, world!",
        "他说 Hello, world! 然后离开。",
        "The capital is 北京, which is large.",
        "Note: this is English; really? Yes!",
        "他在信中写道：Dear Sir, thank you.",
    ] {
        assert_eq!(punct(line), line, "{line}");
    }
}

/// Japanese writes `、` where Chinese writes `，`: kana are no Chinese context.
#[test]
fn kana_are_not_chinese_context() {
    for line in ["ありがとうです!", "すみません,はい"] {
        assert_eq!(punct(line), line, "{line}");
    }
}

#[test]
fn quotes_and_parentheses_around_han_text_become_fullwidth() {
    assert_eq!(punct("轴承(锻造)产业"), "轴承（锻造）产业");
    assert_eq!(punct("破解\"卡脖子\"难题"), "破解“卡脖子”难题");
    assert_eq!(punct("关注\"中国锻压网\",获取"), "关注“中国锻压网”，获取");
    assert_eq!(punct("(锻造),产业"), "（锻造），产业");
    assert_eq!(punct("(\"中文\")"), "（“中文”）");
    assert_eq!(rules("(锻造)"), ["punct/cjk-parens", "punct/cjk-parens"]);
    assert_eq!(rules("\"锻造\""), ["punct/cjk-quotes", "punct/cjk-quotes"]);
    for line in [
        "中國(guó)",
        "函数 f(x) 的值",
        "北京(Beijing)是首都",
        "(2023)年",
        "图(a)所示",
        "Click \"确定\" now",
        "屏幕 15.6\" 高清",
    ] {
        assert_eq!(punct(line), line, "{line}");
    }
}

#[test]
fn fullwidth_letters_and_digits_become_halfwidth() {
    assert_eq!(punct("使用１个字节给 ７ bit"), "使用1个字节给 7 bit");
    assert_eq!(punct("ＡＢＣ公司"), "ABC公司");
    assert_eq!(rules("ＡＢＣ公司"), ["punct/fullwidth-ascii"]);
}

#[test]
fn nothing_is_nfkc_folded() {
    let line = "，：；！？（）…㈠①　「」『』【】《》﹏～￥";
    assert_eq!(punct(line), line);
}

#[test]
fn a_space_between_a_sentence_and_the_next_han_one_goes() {
    assert_eq!(punct("致辞。 副省长"), "致辞。副省长");
    assert_eq!(punct("探讨。 来源:冠县"), "探讨。来源：冠县");
    assert_eq!(punct("会议, 县委"), "会议，县委");
    assert_eq!(rules("致辞。 副省长"), ["punct/space-after-cjk-punct"]);
    for line in [
        "CNAS 实验室",
        "致辞。 CNAS 主任",
        "第一句。\t第二句",
        "中文 ，中文",
    ] {
        assert_eq!(punct(line), line, "{line}");
    }
}

#[test]
fn clean_text_is_returned_borrowed() {
    let text = "中文，测试。\n1,000 12:30\n（锻造）“卡脖子”\n";
    let cleaned = punct_only().clean_str(text);
    assert!(!cleaned.is_changed());
    assert!(matches!(cleaned.text, std::borrow::Cow::Borrowed(t) if std::ptr::eq(t, text)));
}

#[test]
fn the_default_pipeline_converts_then_normalizes() {
    let cleaned = Cleaner::default().clean_str("會議,縣委\r\n(鍛造)產業  \r\n");
    assert_eq!(cleaned.text, "会议，县委\n（锻造）产业\n");
}

/// The seed article as the stages before punct are to leave it (`tests/data/
/// seed-before-punct.txt`: `samples/seed.txt` through decode, mojibake and script, then its
/// pinyin ruby residue, the lossy `日?qǐng)?bào)`, the trailing ` |`, the image stub line and the
/// WeChat footer removed by hand, as layout and boilerplate will) becomes the expected
/// output through punct and normalize alone.
#[test]
fn the_seed_article_is_punctuated_as_expected() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let input = std::fs::read_to_string(root.join("tests/data/seed-before-punct.txt")).unwrap();
    let expected = std::fs::read_to_string(root.join("samples/seed-expected.txt")).unwrap();
    let stages = StageSet::NONE.with(Stage::Punct).with(Stage::Normalize);
    let cleaner = Cleaner::new(
        Options::builder()
            .stages(stages)
            .record(RecordLevel::Counts)
            .build(),
    );
    let cleaned = cleaner.clean_str(&input);
    assert!(cleaned.text == expected, "{}", cleaned.text);
    let counts = cleaned.report.counts();
    assert_eq!(counts.get("punct/cjk-comma"), 97);
    assert_eq!(counts.get("punct/cjk-colon"), 1);
    assert_eq!(counts.get("punct/cjk-semicolon"), 4);
    assert_eq!(counts.get("punct/cjk-parens"), 24);
    assert_eq!(counts.get("punct/space-after-cjk-punct"), 5);
    assert_eq!(counts.get("punct/cjk-quotes"), 0);
}

/// Normalize, after the stage, removes controls and zero-width characters and composes
/// NFC (the Kelvin sign becomes `K`, U+0F73 two combining marks, `a` and U+0301 `á`): the
/// stage reads text through them as a second pass will read it without them.
#[test]
fn what_normalize_changes_next_does_not_change_the_decision() {
    let cleaner = Cleaner::default();
    for input in [
        "\u{212A}:一",
        ":\u{F73}一",
        "中\u{1},文",
        "中,\u{200B} 文",
        "。\u{200B} 中",
        "中\u{37E}文",
        "中, \u{3000}",
        "」!a\u{301}",
        "a\u{301} 豈, ,",
    ] {
        let once = cleaner.clean_field(input).text.into_owned();
        let twice = cleaner.clean_field(&once).text.into_owned();
        assert_eq!(once, twice, "{input:?}");
    }
    assert_eq!(cleaner.clean_field("中\u{1},文").text, "中，文");
    assert_eq!(cleaner.clean_field("中\u{37E}文").text, "中；文");
}

/// Characters that exercise the stage: the marks it converts and their fullwidth forms,
/// Han text, Latin letters and digits, spaces, and what normalize removes or composes.
const PUNCT_CHARS: &[char] = &[
    ',', ':', ';', '!', '?', '"', '(', ')', '[', ']', ' ', ' ', '.', '%', '/', '=', '{', '}', '\'',
    '#', '*', '，', '：', '。', '！', '？', '（', '）', '“', '”', '‘', '’', '「', '」', '…', '中',
    '文', '字', 'a', 'Z', '1', '0', 'Ａ', '１', '\u{37E}', '\u{232A}', '\u{2329}', '\u{200B}',
    '\u{200D}', '\u{FEFF}', '\u{1}', '\u{301}', '\u{3099}', 'か', '\t', '\u{3000}', '\u{A0}', '\r',
    '\n', '\u{F900}', '&', '<', '>', '@', '_', '-', 'x', '會', '議', '\u{212A}', '\u{1FEF}',
    '\u{F73}', '\u{2028}', '》', '《', '、', '～',
];

fn punct_text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PUNCT_CHARS), 0..40).prop_map(String::from_iter)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// The stage alone, and the whole pipeline, are idempotent on text dense in what the
    /// stage looks at, and their changes replay.
    #[test]
    fn cleaning_punctuation_twice_changes_nothing(input in punct_text()) {
        let pipeline = Cleaner::new(Options::builder().record(RecordLevel::Full).build());
        for cleaner in [punct_only(), pipeline] {
            let once = cleaner.clean_str(&input);
            prop_assert_eq!(&replay(&input, once.report.changes()), &once.text);
            let twice = cleaner.clean_str(&once.text);
            prop_assert!(!twice.is_changed(), "{:?} -> {:?} -> {:?}", input, once.text, twice.text);
        }
    }
}
