//! The stage on whole documents: what goes, what stays (hard negatives), where in a
//! document rules apply, the cap, user rules and their errors.

use super::*;
use crate::report::RecordLevel;

/// Runs the stage with the built-in rules; returns the output and the rules of its changes.
fn clean(text: &str) -> (String, Vec<&'static str>) {
    clean_with(BoilerplateRules::builtin(), text)
}

fn clean_with(rules: &BoilerplateRules, text: &str) -> (String, Vec<&'static str>) {
    let mut log = Changes::new(RecordLevel::Full);
    log.enter(crate::Stage::Boilerplate);
    let out = BoilerplateStage { rules }
        .apply(text, &mut log)
        .into_owned();
    let changes = log.into_parts().changes;
    assert_eq!(crate::replay(text, &changes), out, "the changes replay");
    // Cleaning the output again changes nothing.
    let mut again = Changes::new(RecordLevel::Off);
    let second = BoilerplateStage { rules }.apply(&out, &mut again);
    assert_eq!(second, out, "idempotent on {text:?}");
    (out, changes.iter().map(|change| change.rule).collect())
}

/// A paragraph of real article text (from the seed article), long enough to outweigh a
/// footer.
const PARAGRAPH: &str = "徐念沙在致辞中表示，聊城作为全国五大轴承产业集聚区之一，形成了以冠县轴承锻造、\
    东阿轴承滚动体、东昌府轴承保持器、临清成品轴承的全产业链发展格局，站到了探索可持续发展的新起点。";

#[test]
fn there_are_at_least_150_built_in_rules_and_their_regexes_compile() {
    assert!(BoilerplateRules::builtin().len() >= 150);
    BoilerplateRules::builtin().compile_all();
}

#[test]
fn the_seed_articles_traditional_wechat_footer_goes_and_its_content_stays() {
    let last =
        "與會領導、專家、企業代表還先後到山東中圓軸承有限公司進行參觀考察，並圍繞軸承產業高質量\
                發展進行了深入交流和探討。 來源:冠縣在線、經濟日報";
    let speech = "會上舉行了項目簽約儀式,部分軸承企業代表作了發言。";
    let footer = "中國鍛壓網官方微信:掃一掃,立即關注!\n關注\"中國鍛壓網\",獲取獨家行業新聞資訊。 \
                  添加方法1: 在“添加好友”中直接添加微信賬號:chinaforge 添加方法2: 微信中掃描左側的二維碼 |";
    let text = format!("{PARAGRAPH}\n{speech}\n{PARAGRAPH}\n{last}\n![]() |\n{footer}");
    let (out, rules) = clean(&text);
    assert_eq!(
        out,
        format!("{PARAGRAPH}\n{speech}\n{PARAGRAPH}\n{last}\n![]() |\n")
    );
    assert_eq!(rules.len(), 2);
    // The same footer in simplified script with fullwidth punctuation, as the pipeline's
    // script and punct stages may leave it.
    let simplified = "中国锻压网官方微信：扫一扫，立即关注！\n关注“中国锻压网”，获取独家行业新闻资讯。\
                      添加方法1：在“添加好友”中直接添加微信账号：chinaforge 添加方法2：微信中扫描左侧的二维码";
    let (out, _) = clean(&format!("{PARAGRAPH}\n{simplified}\n"));
    assert_eq!(out, format!("{PARAGRAPH}\n"));
}

#[test]
fn content_that_mentions_wechat_qr_codes_sharing_or_sources_stays() {
    let negatives = [
        "微信支付用户突破八亿",
        "部分轴承企业代表作了发言。",
        "这些数据来源于国家统计局的年度报告。",
        "警方已对此事展开调查。",
        "扫描二维码支付已经成为年轻人的日常习惯，商户也越来越多。",
        "他在朋友圈分享了自己的旅行照片。",
        "关注民生是政府工作的重中之重。",
        "记者：这次改革最大的难点在哪里？",
        "来源于民间的智慧往往最有生命力。",
        "代表作有《边城》《湘行散记》等。",
        "本报记者王慧敏",
        "点赞之交也是一种社交方式，值得研究。",
        "转载这篇论文的期刊后来撤回了它。",
        "二维码",
    ];
    for negative in negatives {
        // In the middle of a document, and at its end, where tail rules apply.
        let mut lines = vec![PARAGRAPH; 12];
        lines.insert(6, negative);
        let middle = lines.join("\n");
        let tail = format!("{PARAGRAPH}\n{PARAGRAPH}\n{negative}\n");
        if negative == "二维码" {
            // A line that is only the word is a QR code's label.
            assert_eq!(clean(&tail).0, format!("{PARAGRAPH}\n{PARAGRAPH}\n"));
            continue;
        }
        for text in [middle, tail] {
            let (out, rules) = clean(&text);
            assert_eq!(out, text, "{negative}: {rules:?}");
        }
    }
}

#[test]
fn a_phrase_alone_removes_a_line_only_in_the_head_or_tail() {
    let prompt = "欢迎点个在看，谢谢大家";
    let mut lines = vec![PARAGRAPH; 12];
    lines.insert(6, prompt);
    let middle = lines.join("\n");
    assert_eq!(clean(&middle).0, middle);
    let tail = format!("{PARAGRAPH}\n{PARAGRAPH}\n{prompt}\n");
    assert_eq!(clean(&tail).0, format!("{PARAGRAPH}\n{PARAGRAPH}\n"));
}

#[test]
fn head_and_tail_rules_reach_as_far_as_the_lines_that_stay() {
    let prompt = "欢迎点个在看，谢谢大家";
    let credit = "责任编辑：张三";
    let body = [PARAGRAPH; 12].join("\n");
    let document = |after: &[&str]| {
        let tail = after
            .iter()
            .map(|line| format!("\n{line}"))
            .collect::<String>();
        format!("{body}\n{prompt}{tail}\n")
    };
    // Followed by five lines it is among the last six; by six, it is not.
    let (out, _) = clean(&document(&[PARAGRAPH; 5]));
    assert!(!out.contains(prompt));
    let (out, _) = clean(&document(&[PARAGRAPH; 6]));
    assert!(out.contains(prompt));
    // Six lines follow, but three of them go: it is among the last six that stay.
    let after = [PARAGRAPH, credit, PARAGRAPH, credit, PARAGRAPH, credit];
    let (out, rules) = clean(&document(&after));
    assert!(!out.contains(prompt));
    assert_eq!(rules.len(), 4);
    // The same at a document's head: after three lines, or after four of which one goes.
    let at_head = |before: &[&str]| {
        let head = before
            .iter()
            .map(|line| format!("{line}\n"))
            .collect::<String>();
        clean(&format!("{head}{prompt}\n{body}\n"))
            .0
            .contains(prompt)
    };
    assert!(!at_head(&[PARAGRAPH; 3]));
    assert!(at_head(&[PARAGRAPH; 4]));
    assert!(!at_head(&[PARAGRAPH, credit, PARAGRAPH, PARAGRAPH]));
}

#[test]
fn whole_line_boilerplate_goes_anywhere_and_in_any_spelling() {
    for line in [
        "点击上方蓝字关注我们",
        "▲點擊上方“藍字”，關注我們",
        "分享到： 微信 微博 QQ空间",
        "责任编辑：张三",
        "責任編輯：李四",
        "【免责声明】",
        "相关阅读：",
        "原标题：冠县轴承产业高质量发展大会举办",
        "来源：新华社",
        "—— END ——",
        "图片来源于网络",
        "（图片来源于网络）",
        "长按识别二维码关注",
    ] {
        let mut lines = vec![PARAGRAPH; 12];
        lines.insert(6, line);
        let text = lines.join("\n");
        let (out, rules) = clean(&text);
        assert_eq!(out, [PARAGRAPH; 12].join("\n"), "{line}");
        assert_eq!(rules.len(), 1, "{line}");
    }
}

#[test]
fn a_footer_of_many_lines_goes_as_a_whole() {
    let footer = [
        "推荐阅读",
        "点击上方蓝字关注我们",
        "长按二维码，关注我们",
        "喜欢这篇文章的话，请点个在看",
        "本文来源于网络，如有侵权请联系删除",
        "版权归原作者所有",
        "编辑：王五",
        "审核：赵六",
        "转载请注明出处",
    ];
    let text = format!("{PARAGRAPH}\n{PARAGRAPH}\n\n{}\n", footer.join("\n\n"));
    let (out, rules) = clean(&text);
    assert_eq!(
        out,
        format!("{PARAGRAPH}\n{PARAGRAPH}\n\n{}", "\n".repeat(8))
    );
    assert_eq!(rules.len(), footer.len());
    assert!(rules.iter().all(|rule| rule.starts_with("boilerplate/")));
}

#[test]
fn a_document_the_rules_would_mostly_remove_is_kept_and_counted() {
    let text = "点击上方蓝字关注我们\n长按二维码关注\n短讯一则。\n";
    let mut log = Changes::new(RecordLevel::Counts);
    log.enter(crate::Stage::Boilerplate);
    let rules = BoilerplateRules::builtin();
    let out = BoilerplateStage { rules }.apply(text, &mut log);
    assert!(matches!(out, Cow::Borrowed(_)));
    assert_eq!(log.into_parts().counts.get(HELD_BACK), 1);
    // With enough content, the same lines go.
    let text = format!("点击上方蓝字关注我们\n{PARAGRAPH}\n长按二维码关注\n");
    assert_eq!(clean(&text).0, format!("{PARAGRAPH}\n"));
}

#[test]
fn line_breaks_are_kept_with_the_lines_around_a_removed_one() {
    let text = format!("{PARAGRAPH}\r\n关注我们\r\n{PARAGRAPH}\r关注我们\r{PARAGRAPH}");
    let (out, _) = clean(&text);
    assert_eq!(out, format!("{PARAGRAPH}\r\n{PARAGRAPH}\r{PARAGRAPH}"));
    let (out, _) = clean(&format!("{PARAGRAPH}\n{PARAGRAPH}\n关注我们"));
    assert_eq!(out, format!("{PARAGRAPH}\n{PARAGRAPH}\n"));
}

#[test]
fn user_rules_add_to_the_built_in_ones() {
    let rules = BoilerplateRules::with_user_rules(
        "category = \"site\"\n[[rule]]\nid = \"motto\"\npattern = \"本站口號：天天向上\"\nanchor = \"line\"\n\
         [[rule]]\nid = \"promo\"\ncategory = \"ads\"\nregex = '本周特价.{0,10}'\nanchor = \"start\"\nzone = \"tail\"\n",
    )
    .unwrap();
    assert_eq!(rules.len(), BoilerplateRules::builtin().len() + 2);
    let text = format!("本站口号:天天向上\n{PARAGRAPH}\n{PARAGRAPH}\n本周特价：牛奶五折\n");
    let (out, removed) = clean_with(&rules, &text);
    assert_eq!(out, format!("{PARAGRAPH}\n{PARAGRAPH}\n"));
    assert_eq!(removed, ["boilerplate/site/motto", "boilerplate/ads/promo"]);
}

#[test]
fn bad_rule_files_say_what_is_wrong() {
    let error = |text: &str| {
        BoilerplateRules::with_user_rules(text)
            .unwrap_err()
            .to_string()
    };
    let rule = |body: &str| format!("category = \"site\"\n[[rule]]\nid = \"x\"\n{body}\n");
    assert!(
        error("[[rule]\n").contains("line 1"),
        "{}",
        error("[[rule]\n")
    );
    let bad_anchor = error(&rule("pattern = \"a\"\nanchor = \"middle\""));
    assert!(
        bad_anchor.contains("middle") && bad_anchor.contains("contains"),
        "{bad_anchor}"
    );
    let anywhere = error(&rule("pattern = \"订阅\"\nanchor = \"contains\""));
    assert!(anywhere.contains("zone"), "{anywhere}");
    let both = error(&rule("pattern = \"a\"\nregex = \"a\"\nanchor = \"line\""));
    assert!(both.contains("either a pattern or a regex"), "{both}");
    let traditional = error(&rule("regex = \"關注\"\nanchor = \"line\""));
    assert!(traditional.contains('關'), "{traditional}");
    let regex = error(&rule("regex = \"(关注\"\nanchor = \"line\""));
    assert!(regex.contains("bad regex"), "{regex}");
    let twice = error(&format!(
        "{}{}",
        rule("pattern = \"甲\"\nanchor = \"line\""),
        "[[rule]]\nid = \"x\"\npattern = \"乙\"\nanchor = \"line\"\n"
    ));
    assert!(
        twice.contains("boilerplate/site/x is defined twice"),
        "{twice}"
    );
    let unknown = error(&rule(
        "pattern = \"甲\"\nanchor = \"line\"\nwhere = \"tail\"",
    ));
    assert!(unknown.contains("where"), "{unknown}");
    let long = error(&rule(
        "pattern = \"甲\"\nanchor = \"start\"\nmax_chars = 500",
    ));
    assert!(long.contains("max_chars"), "{long}");
    assert!(error("category = \"site\"\n").contains("no rules"));
}
