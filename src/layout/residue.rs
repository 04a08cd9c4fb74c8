//! What page layout leaves around text: image stubs (`![]()`, `![alt](url)`, `[图片]`),
//! lines of nothing but table pipes or rule characters, and a table's trailing ` |` on a
//! line of prose. Real tables (lines in a row with the same number of pipes) stay whole.

use super::edits::Edit;
use memchr::memmem;

/// Placeholders that extractors write for an image.
const IMAGE_PLACEHOLDERS: [&str; 6] = [
    "[图片]",
    "[圖片]",
    "【图片】",
    "【圖片】",
    "[image]",
    "[img]",
];

/// Image stubs in `line`, each removed: Markdown images (`![alt](url)`, on one line) and
/// [`IMAGE_PLACEHOLDERS`] that stand between sentences (at a line's edge, after a sentence's
/// end, or beside another stub). A placeholder inside a sentence names something: `按一下
/// [圖片] 工具列` is the Picture toolbar.
pub(super) fn image_stubs(line: &str) -> Vec<Edit> {
    let mut edits: Vec<Edit> = Vec::new();
    for at in memmem::find_iter(line.as_bytes(), b"![") {
        if edits.last().is_some_and(|edit| at < edit.span.end) {
            continue;
        }
        let rest = &line[at + 2..];
        let Some(alt_end) = rest.find(']') else {
            continue;
        };
        let Some(target) = rest[alt_end + 1..].strip_prefix('(') else {
            continue;
        };
        if let Some(target_end) = target.find(')') {
            let end = at + 2 + alt_end + 2 + target_end + 1;
            edits.push(Edit::remove(at..end));
        }
    }
    let mut placeholders: Vec<Edit> = Vec::new();
    for placeholder in IMAGE_PLACEHOLDERS {
        for at in memmem::find_iter(line.as_bytes(), placeholder.as_bytes()) {
            placeholders.push(Edit::remove(at..at + placeholder.len()));
        }
    }
    placeholders.sort_by_key(|edit| edit.span.start);
    // Beside another stub: no text between the two but spaces.
    let apart = |a: &Edit, b: &Edit| line[a.span.end..b.span.start].trim().is_empty();
    let beside: Vec<bool> = (0..placeholders.len())
        .map(|i| {
            let before = i > 0 && apart(&placeholders[i - 1], &placeholders[i]);
            let after = placeholders
                .get(i + 1)
                .is_some_and(|next| apart(&placeholders[i], next));
            before || after
        })
        .collect();
    for (edit, beside) in placeholders.into_iter().zip(beside) {
        if beside || between_sentences(line, &edit) {
            edits.push(edit);
        }
    }
    edits.sort_by_key(|edit| edit.span.start);
    edits.dedup_by(|later, earlier| later.span.start < earlier.span.end);
    edits
}

/// Whether `edit`'s span starts a line or follows a sentence's end, or ends the line.
fn between_sentences(line: &str, edit: &Edit) -> bool {
    let before = line[..edit.span.start].trim_end();
    let after = line[edit.span.end..].trim_start();
    let ends_sentence = |c: char| "。！？；…!?;".contains(c);
    before.is_empty() || before.ends_with(ends_sentence) || after.is_empty()
}

fn is_pipe(c: char) -> bool {
    matches!(c, '|' | '│' | '┃' | '｜')
}

fn is_rule(c: char) -> bool {
    matches!(
        c,
        '-' | '=' | '_' | '*' | '~' | '—' | '─' | '━' | '═' | '┼' | '+' | '·'
    )
}

/// Whether `line` holds nothing but pipes, rule characters and spaces, and enough of them
/// to be drawn on purpose: one pipe, or three rule characters.
pub(super) fn is_rule_line(line: &str) -> bool {
    let mut pipes = 0;
    let mut rules = 0;
    for c in line.chars() {
        if is_pipe(c) {
            pipes += 1;
        } else if is_rule(c) {
            rules += 1;
        } else if !c.is_whitespace() {
            return false;
        }
    }
    pipes > 0 || rules >= 3
}

fn pipes_in(line: &str) -> usize {
    line.chars().filter(|&c| is_pipe(c)).count()
}

/// For each line of `lines`, whether it belongs to a table: two or more rows (lines with
/// the same number, two or more, of pipes) in a row, or with only border lines between
/// them (`+----+----+`), and the borders that touch them.
pub(super) fn table_lines(lines: &[&str]) -> Vec<bool> {
    let counts: Vec<usize> = lines.iter().map(|line| pipes_in(line)).collect();
    let is_border = |i: usize| counts[i] == 0 && is_rule_line(lines[i]);
    let mut in_table = vec![false; lines.len()];
    // The last row, when only borders came after it.
    let mut last_row: Option<usize> = None;
    for i in 0..lines.len() {
        if counts[i] >= 2 {
            if let Some(row) = last_row.filter(|&row| counts[row] == counts[i]) {
                in_table[row..=i].iter_mut().for_each(|line| *line = true);
            }
            last_row = Some(i);
        } else if !is_border(i) {
            last_row = None;
        }
    }
    for i in 0..lines.len() {
        let touches_table = (i > 0 && in_table[i - 1]) || in_table.get(i + 1) == Some(&true);
        if is_border(i) && touches_table {
            in_table[i] = true;
        }
    }
    in_table
}

/// The trailing ` |` of a line of prose (its only pipe, after a space), with the spaces
/// around it.
pub(super) fn trailing_pipe(line: &str) -> Option<Edit> {
    let content = line.trim_end();
    let without = content.strip_suffix(is_pipe)?;
    let prose = without.trim_end();
    let has_text = prose.chars().any(char::is_alphanumeric);
    let spaced = prose.len() < without.len();
    (has_text && spaced && pipes_in(prose) == 0).then(|| Edit::remove(prose.len()..line.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_stubs_are_found() {
        let line = "图![](a.png)文![alt](http://x/y.jpg)字[图片]";
        let spans: Vec<&str> = image_stubs(line)
            .into_iter()
            .map(|edit| &line[edit.span])
            .collect();
        assert_eq!(spans, ["![](a.png)", "![alt](http://x/y.jpg)", "[图片]"]);
        assert!(image_stubs("![not a stub] and [图 片]").is_empty());
        for line in ["请按一下 [圖片] 工具列上的图示", "选择 [图片] 以开启对话框"]
        {
            assert!(image_stubs(line).is_empty(), "{line}");
        }
        assert_eq!(image_stubs("[图片][图片]好看").len(), 2);
        assert_eq!(image_stubs("天气真好。[图片]明天见").len(), 1);
    }

    #[test]
    fn rule_lines_are_pipes_and_rules_only() {
        for line in ["|", " | | ", "-----", "====", "———", "│"] {
            assert!(is_rule_line(line), "{line}");
        }
        for line in ["", "--", "a | b", "- 列表项", "1 + 1 = 2"] {
            assert!(!is_rule_line(line), "{line}");
        }
    }

    #[test]
    fn tables_are_lines_in_a_row_with_the_same_pipes() {
        let lines = [
            "前言 |",
            "| 名称 | 数量 |",
            "|---|---|",
            "| 苹果 | 3 |",
            "结语",
        ];
        assert_eq!(table_lines(&lines), [false, true, true, true, false]);
        let lines = [
            "+----+----+",
            "| a | b |",
            "+----+----+",
            "| c | d |",
            "+----+----+",
        ];
        assert_eq!(table_lines(&lines), [true; 5]);
        assert_eq!(table_lines(&["-----", "正文"]), [false, false]);
    }

    #[test]
    fn only_a_spaced_trailing_pipe_after_prose_goes() {
        let line = "来源：冠县在线 | ";
        assert_eq!(
            trailing_pipe(line).map(|edit| edit.span),
            Some(21..line.len())
        );
        for line in ["a | b |", "|", "x|", "数量 3"] {
            assert!(trailing_pipe(line).is_none(), "{line}");
        }
    }
}
