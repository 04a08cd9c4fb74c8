//! The command line end to end: inputs, outputs, flags and exit statuses, in temporary
//! directories.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn hanfix() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_hanfix"));
    command.arg("--progress=never");
    command
}

fn run(args: &[&str], dir: &Path) -> Output {
    hanfix()
        .args(args)
        .current_dir(dir)
        .output()
        .expect("hanfix runs")
}

fn run_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = hanfix()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("hanfix starts");
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let input = input.to_vec();
    // hanfix may exit before reading everything (a usage error): ignore a closed pipe.
    let feeder = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let output = child.wait_with_output().expect("hanfix runs");
    feeder.join().unwrap();
    output
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn write(path: &Path, bytes: &[u8]) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, bytes).unwrap();
}

/// "中文的文字" in GBK, then CRLF.
const GBK_LINE: &[u8] = b"\xd6\xd0\xce\xc4\xb5\xc4\xce\xc4\xd7\xd6\r\n";

#[test]
fn stdin_to_stdout() {
    let output = run_stdin(&[], "一行  \r\n\r\n\r\n二行".as_bytes());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(output.stdout, "一行\n\n二行\n".as_bytes());
}

#[test]
fn dash_reads_stdin() {
    let output = run_stdin(&["-"], GBK_LINE);
    assert_eq!(output.stdout, "中文的文字\n".as_bytes());
}

#[test]
fn one_file_to_an_output_file() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("in.txt"), GBK_LINE);
    let output = run(&["in.txt", "-o", "out.txt"], dir.path());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(output.stdout.is_empty());
    assert_eq!(
        fs::read_to_string(dir.path().join("out.txt")).unwrap(),
        "中文的文字\n"
    );
    assert_eq!(fs::read(dir.path().join("in.txt")).unwrap(), GBK_LINE);
}

#[test]
fn directory_is_mirrored_into_the_output_directory() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("in/a/b.txt"), GBK_LINE);
    write(&dir.path().join("in/c.txt"), b"plain\n");
    let output = run(&["in", "-o", "out"], dir.path());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        fs::read_to_string(dir.path().join("out/a/b.txt")).unwrap(),
        "中文的文字\n"
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("out/c.txt")).unwrap(),
        "plain\n"
    );
    let leftovers: Vec<PathBuf> = walk(&dir.path().join("out"))
        .into_iter()
        .filter(|p| p.to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(walk(&path));
        } else {
            found.push(path);
        }
    }
    found
}

#[test]
fn output_directory_inside_the_input_is_not_read_back() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("in/a.txt"), b"a  \n");
    for _ in 0..2 {
        let output = run(&["in", "-o", "in/cleaned"], dir.path());
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    }
    let files = walk(&dir.path().join("in"));
    assert_eq!(files.len(), 2, "{files:?}");
    assert_eq!(
        fs::read_to_string(dir.path().join("in/cleaned/a.txt")).unwrap(),
        "a\n"
    );
}

#[test]
fn several_files_go_to_stdout_in_order() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [("b.txt", "second"), ("a.txt", "first"), ("c.txt", "third")] {
        write(&dir.path().join(name), text.as_bytes());
    }
    let output = run(&["b.txt", "a.txt", "c.txt"], dir.path());
    assert_eq!(output.stdout, b"second\nfirst\nthird\n");
}

#[test]
fn failures_are_named_and_the_rest_is_processed() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("in/good.txt"), b"good  \n");
    let output = run(&["missing.txt", "in", "-o", "out"], dir.path());
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("missing.txt"),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("out/good.txt")).unwrap(),
        "good\n"
    );
    assert!(!dir.path().join("out/missing.txt").exists());
}

#[cfg(unix)]
#[test]
fn symlink_loops_and_dangling_links_are_reported_and_skipped() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("in/sub/good.txt"), b"good\n");
    std::os::unix::fs::symlink("..", dir.path().join("in/sub/loop")).unwrap();
    std::os::unix::fs::symlink("nowhere.txt", dir.path().join("in/dangling.txt")).unwrap();
    let output = run(&["in", "-o", "out"], dir.path());
    assert_eq!(output.status.code(), Some(2));
    let messages = stderr(&output);
    assert!(messages.contains("loop"), "{messages}");
    assert!(messages.contains("dangling.txt"), "{messages}");
    assert_eq!(
        fs::read_to_string(dir.path().join("out/sub/good.txt")).unwrap(),
        "good\n"
    );
}

#[test]
fn binary_files_are_skipped_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir.path().join("in/image.png"),
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01",
    );
    write(&dir.path().join("in/text.txt"), b"text\n");
    let output = run(&["in", "-o", "out"], dir.path());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).contains("image.png"), "{}", stderr(&output));
    assert!(!dir.path().join("out/image.png").exists());
    assert!(dir.path().join("out/text.txt").exists());
}

#[test]
fn check_writes_nothing_and_exits_1_when_something_would_change() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("dirty.txt"), b"dirty  \r\n");
    write(&dir.path().join("clean.txt"), b"clean\n");
    let output = run(&["--check", "dirty.txt", "clean.txt"], dir.path());
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    assert!(stderr(&output).contains("would change: dirty.txt"));
    assert!(!stderr(&output).contains("clean.txt"));
    assert_eq!(
        fs::read(dir.path().join("dirty.txt")).unwrap(),
        b"dirty  \r\n"
    );
    let output = run(&["--check", "clean.txt"], dir.path());
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn steps_decode_alone_only_transcodes() {
    let input = [b"\xef\xbb\xbf" as &[u8], "第一行  \r\n\r\n\r\n".as_bytes()].concat();
    let output = run_stdin(&["--steps", "decode"], &input);
    assert_eq!(output.stdout, "第一行  \r\n\r\n\r\n".as_bytes());
    let output = run_stdin(&["--steps", "decode"], GBK_LINE);
    assert_eq!(output.stdout, "中文的文字\r\n".as_bytes());
}

#[test]
fn skip_normalize_keeps_whitespace() {
    let output = run_stdin(&["--skip", "normalize"], b"a  \r\n");
    assert_eq!(output.stdout, b"a  \r\n");
}

#[test]
fn unknown_step_is_a_usage_error() {
    let output = run_stdin(&["--steps", "decode,spelling"], b"x");
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("unknown step 'spelling'"));
}

#[test]
fn forced_encoding_overrides_detection() {
    // "ﾃｽﾄ" bytes in Shift_JIS would also be valid windows-1252; force it.
    let output = run_stdin(&["--encoding", "windows-1252"], b"caf\xe9\n");
    assert_eq!(output.stdout, "café\n".as_bytes());
    let output = run_stdin(&["--encoding", "klingon"], b"x");
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("klingon"));
}

#[test]
fn jsonl_cleans_one_field_and_passes_the_rest_through() {
    let input = concat!(
        "{\"id\": 7, \"text\": \"一  \\r\\n二\\n\\n\", \"score\": 1.50}\n",
        "not json at all\n",
        "{\"id\": 8, \"body\": \"no text field  \"}\n",
        "\n",
        "{\"text\": \"clean\", \"id\": 9}"
    );
    let output = run_stdin(&["--jsonl"], input.as_bytes());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let expected = concat!(
        "{\"id\": 7, \"text\": \"一\\n二\", \"score\": 1.50}\n",
        "not json at all\n",
        "{\"id\": 8, \"body\": \"no text field  \"}\n",
        "\n",
        "{\"text\": \"clean\", \"id\": 9}"
    );
    assert_eq!(String::from_utf8_lossy(&output.stdout), expected);
    assert!(stderr(&output).contains("<stdin>:2: not a JSON object"));
}

#[test]
fn jsonl_field_flag_picks_the_field() {
    let output = run_stdin(
        &["--jsonl", "--field", "body"],
        b"{\"text\": \"a  \", \"body\": \"b  \"}\n",
    );
    assert_eq!(output.stdout, b"{\"text\": \"a  \", \"body\": \"b\"}\n");
}

#[test]
fn jsonl_records_in_gbk_are_decoded_line_by_line() {
    let mut input = b"{\"text\": \"".to_vec();
    input.extend_from_slice(&GBK_LINE[..10]);
    input.extend_from_slice(
        b"\"}\n{\"text\": \"\xe4\xb8\xad\xe6\x96\x87\xe7\x9a\x84\xe6\x96\x87\xe5\xad\x97\"}\n",
    );
    let output = run_stdin(&["--jsonl"], &input);
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "{\"text\": \"中文的文字\"}\n{\"text\": \"中文的文字\"}\n"
    );
}

/// Article 4 of the Universal Declaration of Human Rights in simplified Chinese, as in
/// `samples/gbk-article.txt`. Its first sentence's UTF-8 bytes read as GBK without a decoding
/// error, so its mojibake can be repaired exactly.
const UDHR_4_FIRST: &str = "任何人不得使为奴隶或奴役;";
const UDHR_4_REST: &str = "一切形式的奴隶制度和奴隶买卖,均应予以禁止。";

/// Article 4 with its first sentence as a GBK decoder shows its UTF-8 bytes
/// (`浠讳綍浜轰笉…`), then a newline: nothing but the mojibake needs cleaning.
fn udhr_4_misread_as_gbk() -> String {
    let (shown, had_errors) = encoding_rs::GBK.decode_without_bom_handling(UDHR_4_FIRST.as_bytes());
    assert!(!had_errors, "the sentence reads as GBK without a loss");
    format!("{shown}{UDHR_4_REST}\n")
}

/// The change records of an audit record, as the library's type, for `hanfix::replay`.
fn audit_changes(record: &serde_json::Value) -> Vec<hanfix::Change> {
    let text = |change: &serde_json::Value, key: &str| change[key].as_str().unwrap().to_owned();
    record["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|change| {
            let span = change["span"].as_array().unwrap();
            let offset = |i: usize| span[i].as_u64().unwrap() as usize;
            hanfix::Change {
                stage: hanfix::Stage::from_name(change["stage"].as_str().unwrap()).unwrap(),
                // Rule ids are static in the library; a test can afford to leak a few.
                rule: text(change, "rule").leak(),
                span: offset(0)..offset(1),
                before: text(change, "before"),
                after: text(change, "after"),
            }
        })
        .collect()
}

#[test]
fn audit_log_has_every_change_and_replays() {
    let dir = tempfile::tempdir().unwrap();
    let normalize_input = "甲  \r\n\r\n\r\n乙\u{200b}丙";
    let mojibake_input = udhr_4_misread_as_gbk();
    write(&dir.path().join("in.txt"), normalize_input.as_bytes());
    write(&dir.path().join("mojibake.txt"), mojibake_input.as_bytes());
    write(&dir.path().join("clean.txt"), b"clean\n");
    let output = run(
        &[
            "in.txt",
            "mojibake.txt",
            "clean.txt",
            "--audit",
            "audit.jsonl",
            "-o",
            "out",
        ],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let audit = fs::read_to_string(dir.path().join("audit.jsonl")).unwrap();
    let records: Vec<serde_json::Value> = audit
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(records.len(), 2, "only the changed documents: {audit}");
    for (record, (name, input)) in records.iter().zip([
        ("in.txt", normalize_input),
        ("mojibake.txt", &mojibake_input),
    ]) {
        assert_eq!(record["path"], name);
        let changes = audit_changes(record);
        assert_eq!(
            hanfix::replay(input, &changes),
            fs::read_to_string(dir.path().join("out").join(name)).unwrap(),
            "{name}'s changes replay to its output"
        );
    }
    let rules = |record: &serde_json::Value| -> Vec<&'static str> {
        audit_changes(record).iter().map(|c| c.rule).collect()
    };
    assert!(rules(&records[0])
        .iter()
        .all(|r| r.starts_with("normalize/")));
    // The translation writes ASCII `;` and `,` between Han text: punct makes them fullwidth.
    assert_eq!(
        rules(&records[1]),
        [
            "mojibake/utf8-as-gbk",
            "punct/cjk-semicolon",
            "punct/cjk-comma"
        ]
    );
    assert_eq!(records[1]["changes"][0]["stage"], "mojibake");
    assert_eq!(records[1]["changes"][1]["stage"], "punct");
    assert_eq!(
        fs::read_to_string(dir.path().join("out/mojibake.txt")).unwrap(),
        format!("{UDHR_4_FIRST}{UDHR_4_REST}\n")
            .replace(';', "；")
            .replace(',', "，")
    );
}

#[test]
fn explain_names_the_mojibake_rule() {
    let output = run_stdin(
        &["--steps", "mojibake", "--explain"],
        udhr_4_misread_as_gbk().as_bytes(),
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        format!("{UDHR_4_FIRST}{UDHR_4_REST}\n")
    );
    let messages = stderr(&output);
    assert!(messages.contains("mojibake/utf8-as-gbk"), "{messages}");
    // The repaired span may leave the ASCII semicolon out: it reads the same either way.
    let repaired = UDHR_4_FIRST.trim_end_matches(';');
    assert!(messages.contains(&format!("-> \"{repaired}")), "{messages}");
    assert!(!messages.contains("not built"), "{messages}");
}

#[test]
fn check_finds_mojibake_and_accepts_its_repair() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir.path().join("mojibake.txt"),
        udhr_4_misread_as_gbk().as_bytes(),
    );
    let output = run(&["--check", "mojibake.txt"], dir.path());
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains("would change: mojibake.txt"));
    let repaired = run(&["mojibake.txt"], dir.path());
    assert_eq!(repaired.status.code(), Some(0), "{}", stderr(&repaired));
    write(&dir.path().join("repaired.txt"), &repaired.stdout);
    let output = run(&["--check", "repaired.txt"], dir.path());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

/// Article 18 of the Universal Declaration of Human Rights in Japanese, as in
/// `samples/shift-jis.txt`, in UTF-8 as a Shift_JIS decoder shows it: the decoder met byte
/// pairs it has no character for and wrote U+FFFD, so characters were lost before hanfix
/// sees the text.
fn udhr_18_misread_as_shift_jis() -> String {
    let sentence = "すべて人は、思想、良心及び宗教の自由を享有する権利を有する。";
    let (shown, had_errors) =
        encoding_rs::SHIFT_JIS.decode_without_bom_handling(sentence.as_bytes());
    assert!(had_errors, "the decoder lost bytes");
    format!("{shown}\n")
}

#[test]
fn report_and_explain_count_lost_characters() {
    let dir = tempfile::tempdir().unwrap();
    let input = udhr_18_misread_as_shift_jis();
    write(&dir.path().join("lossy.txt"), input.as_bytes());
    write(&dir.path().join("fine.txt"), b"fine\n");
    let lost = hanfix::Cleaner::default()
        .clean_bytes(input.as_bytes())
        .unwrap()
        .report
        .lost_characters();
    assert!(lost > 0, "the library finds characters lost");
    let output = run(
        &[
            "lossy.txt",
            "fine.txt",
            "--explain",
            "--report",
            "report.json",
            "-o",
            "out",
        ],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.path().join("report.json")).unwrap()).unwrap();
    assert_eq!(report["lost_characters"], lost);
    assert_eq!(report["inputs"][0]["path"], "lossy.txt");
    assert_eq!(report["inputs"][0]["lost_characters"], lost);
    assert_eq!(report["inputs"][1]["lost_characters"], 0);
    let messages = stderr(&output);
    assert!(
        messages.contains(&format!(
            "lossy.txt: UTF-8; 1 of 1 document(s) changed; {lost} character(s) lost before \
             decoding, written as U+FFFD"
        )),
        "{messages}"
    );
    assert!(
        messages.contains("fine.txt: UTF-8; unchanged\n"),
        "{messages}"
    );
}

#[test]
fn explain_prints_each_change_on_stderr() {
    let output = run_stdin(&["--explain"], b"a  \r\nb\n");
    let messages = stderr(&output);
    assert!(messages.contains("normalize/line-ending"), "{messages}");
    assert!(messages.contains("normalize/trailing-space"), "{messages}");
    assert!(messages.contains("\"\\r\\n\" -> \"\\n\""), "{messages}");
    assert!(
        messages.contains("<stdin>: UTF-8; 1 of 1 document(s) changed"),
        "{messages}"
    );
    assert_eq!(output.stdout, b"a\nb\n");
    let output = run_stdin(&["--explain"], "e\u{301}\n".as_bytes());
    assert!(
        stderr(&output).contains("\"e\\u{301}\" -> \"é\""),
        "{}",
        stderr(&output)
    );
}

#[test]
fn report_summarizes_the_run() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("in/gbk.txt"), GBK_LINE);
    write(&dir.path().join("in/utf8.txt"), b"fine\n");
    let output = run(
        &["in", "missing.txt", "-o", "out", "--report", "report.json"],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(2));
    let report: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.path().join("report.json")).unwrap()).unwrap();
    assert_eq!(report["files"], 2);
    assert_eq!(report["files_changed"], 1);
    assert_eq!(report["encodings"]["GBK"], 1);
    assert_eq!(report["encodings"]["UTF-8"], 1);
    assert_eq!(report["changes"]["normalize/line-ending"], 1);
    assert_eq!(report["errors"][0]["path"], "missing.txt");
    assert_eq!(report["bytes_in"], GBK_LINE.len() as u64 + 5);
    assert!(report["seconds"].as_f64().unwrap() >= 0.0);
}

/// A text file and a JSON Lines file larger than the size cleaned whole, so that they are cut
/// into pieces cleaned in parallel.
fn large_inputs(dir: &Path) {
    let mut text = String::new();
    let mut records = String::new();
    let mut n = 0;
    while text.len() < 20 << 20 {
        n += 1;
        // Paragraphs separated by one, two or three blank lines, some with trailing spaces.
        text.push_str(&format!("第{n}行的内容  \r\n"));
        text.push_str(&"\r\n".repeat(n % 4));
        records.push_str(&format!("{{\"n\": {n}, \"text\": \"记录{n}  \\r\\n\"}}\n"));
    }
    write(&dir.join("big.txt"), text.as_bytes());
    write(&dir.join("big.jsonl"), records.as_bytes());
}

#[test]
fn output_is_identical_whatever_the_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    large_inputs(dir.path());
    let one = run(&["-j1", "big.txt"], dir.path());
    let two = run(&["-j2", "big.txt"], dir.path());
    let four = run(&["-j4", "big.txt"], dir.path());
    assert_eq!(one.status.code(), Some(0), "{}", stderr(&one));
    assert!(one.stdout == two.stdout && two.stdout == four.stdout);
    let input = fs::read(dir.path().join("big.txt")).unwrap();
    let whole = hanfix::Cleaner::default().clean_bytes(&input).unwrap();
    assert_eq!(
        one.stdout,
        whole.text.as_bytes(),
        "pieces joined equal the whole file cleaned"
    );
    let one = run(
        &["-j1", "--jsonl", "big.jsonl", "--audit", "a1.jsonl"],
        dir.path(),
    );
    let two = run(
        &["-j2", "--jsonl", "big.jsonl", "--audit", "a2.jsonl"],
        dir.path(),
    );
    assert_eq!(one.stdout, two.stdout);
    assert_eq!(
        fs::read(dir.path().join("a1.jsonl")).unwrap(),
        fs::read(dir.path().join("a2.jsonl")).unwrap()
    );
    let audit = fs::read_to_string(dir.path().join("a1.jsonl")).unwrap();
    let last: serde_json::Value = serde_json::from_str(audit.lines().last().unwrap()).unwrap();
    let lines = String::from_utf8(one.stdout).unwrap();
    assert_eq!(
        last["line"].as_u64(),
        Some(lines.lines().count() as u64),
        "records are numbered across pieces"
    );
    assert!(!lines.contains("  \\r\\n"), "every record was cleaned");
    assert!(lines.ends_with(
        "\"text\": \"记录{n}\"}\n"
            .replace("{n}", &lines.lines().count().to_string())
            .as_str()
    ));
}

#[test]
fn inputs_are_never_modified() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("in/a.txt"), GBK_LINE);
    let before = fs::read(dir.path().join("in/a.txt")).unwrap();
    let output = run(&["in/a.txt", "-o", "in/a.txt"], dir.path());
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("is an input"),
        "{}",
        stderr(&output)
    );
    assert_eq!(fs::read(dir.path().join("in/a.txt")).unwrap(), before);
}

#[cfg(unix)]
#[test]
fn interrupted_run_leaves_no_partial_output() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = hanfix()
        .args(["-", "-o", "out.txt"])
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("hanfix starts");
    let mut stdin = child.stdin.take().expect("stdin is piped");
    // More than is cleaned whole, so pieces are written to a temporary file while the input
    // is still open.
    let line = "一行中文  \r\n".repeat(1 << 16);
    let temp_file_exists = || {
        fs::read_dir(dir.path()).unwrap().any(|entry| {
            entry
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".tmp")
        })
    };
    let mut written = 0;
    while !temp_file_exists() {
        assert!(written < 256 << 20, "no temporary output file appeared");
        stdin.write_all(line.as_bytes()).unwrap();
        written += line.len();
    }
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(130), "{}", stderr(&output));
    drop(stdin);
    let left: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(left.is_empty(), "files left behind: {left:?}");
}

#[test]
fn audit_or_report_over_an_input_or_an_output_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("in/a.txt"), b"a  \n");
    write(&dir.path().join("in/notes.txt"), b"keep me\n");
    for (args, message) in [
        (
            &["in/a.txt", "--report", "in/a.txt", "-o", "out.txt"][..],
            "is one of the inputs",
        ),
        (
            &["in", "--audit", "in/notes.txt", "-o", "out"][..],
            "is one of the inputs",
        ),
        (
            &[
                "in", "--audit", "log.json", "--report", "log.json", "-o", "out",
            ][..],
            "also written",
        ),
        (
            &["in/a.txt", "-o", "out.txt", "--audit", "out.txt"][..],
            "also written",
        ),
        (
            &["in", "-o", "out", "--report", "out/a.txt"][..],
            "also written",
        ),
    ] {
        let output = run(args, dir.path());
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&output).contains(message),
            "{args:?}: {}",
            stderr(&output)
        );
    }
    assert_eq!(fs::read(dir.path().join("in/a.txt")).unwrap(), b"a  \n");
    assert_eq!(
        fs::read(dir.path().join("in/notes.txt")).unwrap(),
        b"keep me\n"
    );
    assert!(!dir.path().join("out.txt").exists() && !dir.path().join("out/a.txt").exists());
}

#[test]
fn encodings_that_cannot_decode_are_refused() {
    let output = run_stdin(&["--encoding", "iso-2022-kr"], b"text\n");
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("not supported"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn standard_input_is_read_once() {
    let output = run_stdin(&["-", "-"], b"text\n");
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("only once"));
}

#[test]
fn utf16_json_lines_are_decoded_before_they_are_split() {
    let records = "{\"text\": \"上海  \"}\n{\"text\": \"第二行\"}\n";
    let mut input = vec![0xff, 0xfe];
    input.extend(records.encode_utf16().flat_map(u16::to_le_bytes));
    let output = run_stdin(&["--jsonl"], &input);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "{\"text\": \"上海\"}\n{\"text\": \"第二行\"}\n"
    );
}

#[test]
fn check_failures_take_precedence_over_changes() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("dirty.txt"), b"dirty  \n");
    let output = run(&["--check", "dirty.txt", "missing.txt"], dir.path());
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn one_file_into_an_existing_directory() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("a.txt"), b"a  \n");
    fs::create_dir(dir.path().join("out")).unwrap();
    let output = run(&["a.txt", "-o", "out"], dir.path());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(fs::read(dir.path().join("out/a.txt")).unwrap(), b"a\n");
}

#[test]
fn progress_bar_leaves_output_alone() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir.path().join("a.txt"),
        "一  \r\n".repeat(1000).as_bytes(),
    );
    let plain = run(&["a.txt"], dir.path());
    let mut command = Command::new(env!("CARGO_BIN_EXE_hanfix"));
    let barred = command
        .args(["--progress=always", "a.txt"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(barred.status.code(), Some(0));
    assert_eq!(plain.stdout, barred.stdout);
}

/// More than is cleaned whole: cut into pieces.
fn large_text(line: &str) -> Vec<u8> {
    line.repeat((20 << 20) / line.len()).into_bytes()
}

#[test]
fn a_failure_in_a_middle_piece_drops_the_output_and_closes_the_audit() {
    let dir = tempfile::tempdir().unwrap();
    let line = "正常的一行  \n";
    let mut input = large_text(line);
    // The first of the two spaces on a line in the third 4 MiB piece: pieces before it are
    // logged, pieces after it must not be.
    let line_start = (10 << 20) / line.len() * line.len();
    let bad_at = line_start + line.find(' ').unwrap();
    input[bad_at] = 0xff;
    write(&dir.path().join("big.txt"), &input);
    let output = run(
        &[
            "--steps",
            "normalize",
            "big.txt",
            "-o",
            "out.txt",
            "--audit",
            "audit.jsonl",
            "--report",
            "report.json",
        ],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(!dir.path().join("out.txt").exists());
    assert!(
        stderr(&output).contains(&format!("offset {bad_at}")),
        "{}",
        stderr(&output)
    );
    let audit = fs::read_to_string(dir.path().join("audit.jsonl")).unwrap();
    let records: Vec<serde_json::Value> = audit
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    let failed: Vec<usize> = (0..records.len())
        .filter(|&i| records[i].get("failed").is_some())
        .collect();
    assert_eq!(failed, [records.len() - 1], "one closing record, last");
    assert!(records.len() >= 2, "pieces before the failure were logged");
    let report: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.path().join("report.json")).unwrap()).unwrap();
    assert_eq!(report["files"], 0);
    assert_eq!(report["documents"], 0);
    assert_eq!(report["errors"].as_array().unwrap().len(), 1);
}

#[test]
fn decode_alone_keeps_byte_order_marks_inside_a_large_file() {
    let dir = tempfile::tempdir().unwrap();
    let input = large_text("\u{feff}一行文字\n");
    write(&dir.path().join("big.txt"), &input);
    let output = run(&["--steps", "decode", "big.txt"], dir.path());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(output.stdout, &input[3..]);
}

#[test]
fn records_of_a_mixed_dump_keep_their_own_encoding_in_the_logs() {
    let dir = tempfile::tempdir().unwrap();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/mixed-dump.jsonl");
    let output = run(
        &[
            "--jsonl",
            sample.to_str().unwrap(),
            "--audit",
            "audit.jsonl",
            "--report",
            "report.json",
        ],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.path().join("report.json")).unwrap()).unwrap();
    let encodings = report["encodings"].as_object().unwrap();
    let counted: u64 = encodings.values().map(|n| n.as_u64().unwrap()).sum();
    assert_eq!(counted, report["documents"].as_u64().unwrap());
    assert!(
        ["UTF-8", "GBK", "Big5"]
            .iter()
            .all(|e| encodings.contains_key(*e)),
        "{encodings:?}"
    );
    let audit = fs::read_to_string(dir.path().join("audit.jsonl")).unwrap();
    let named: Vec<String> = audit
        .lines()
        .map(|line| {
            serde_json::from_str::<serde_json::Value>(line).unwrap()["encoding"].to_string()
        })
        .collect();
    assert!(named.iter().all(|e| e != "\"mixed\""), "{named:?}");
}

const UDHR_SIMPLIFIED: &str =
    "人人生而自由，在尊严和权利上一律平等。他们赋有理性和良心，并应以兄弟关系的精神相对待。\n";
const UDHR_TRADITIONAL: &str =
    "人人生而自由，在尊嚴和權利上一律平等。他們賦有理性和良心，並應以兄弟關係的精神相對待。\n";

#[test]
fn script_converts_to_the_target_and_leaves_text_already_in_it() {
    let output = run_stdin(&["--script", "hant"], UDHR_SIMPLIFIED.as_bytes());
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(String::from_utf8_lossy(&output.stdout), UDHR_TRADITIONAL);
    // The default is simplified.
    let output = run_stdin(&[], UDHR_TRADITIONAL.as_bytes());
    assert_eq!(String::from_utf8_lossy(&output.stdout), UDHR_SIMPLIFIED);
    for (target, text) in [("hans", UDHR_SIMPLIFIED), ("auto", UDHR_TRADITIONAL)] {
        let output = run_stdin(&["--check", "--script", target], text.as_bytes());
        assert_eq!(
            output.status.code(),
            Some(0),
            "{target}: {}",
            stderr(&output)
        );
    }
}

#[test]
fn script_dict_protects_terms_and_its_errors_name_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir.path().join("terms.txt"),
        "# names\n兄弟關係\n".as_bytes(),
    );
    write(&dir.path().join("input.txt"), UDHR_TRADITIONAL.as_bytes());
    let output = run(&["--script-dict", "terms.txt", "input.txt"], dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        UDHR_SIMPLIFIED.replace("兄弟关系", "兄弟關係")
    );

    write(&dir.path().join("bad.txt"), "甲\t乙\n\t丙\n".as_bytes());
    let output = run(&["--script-dict", "bad.txt", "input.txt"], dir.path());
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains("bad.txt") && message.contains("line 2"),
        "{message}"
    );
    let output = run(&["--script-dict", "missing.txt", "input.txt"], dir.path());
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("missing.txt"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn boilerplate_lines_go_to_the_audit_and_rules_files_add_rules() {
    let dir = tempfile::tempdir().unwrap();
    let article =
        format!("{UDHR_SIMPLIFIED}{UDHR_SIMPLIFIED}本站口号：天天向上\n點擊上方藍字關注我們\n");
    write(&dir.path().join("page.txt"), article.as_bytes());
    let output = run(&["--audit", "audit.jsonl", "page.txt"], dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let cleaned = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(cleaned.ends_with("本站口号：天天向上\n"), "{cleaned}");
    let audit = std::fs::read_to_string(dir.path().join("audit.jsonl")).unwrap();
    // The removed line, as the stages before left it, is in the audit log.
    assert!(
        audit.contains("\"rule\":\"boilerplate/wechat-follow/click-above-follow\"")
            && audit.contains("上方")
            && audit.contains("\"after\":\"\""),
        "{audit}"
    );

    write(
        &dir.path().join("rules.toml"),
        "category = \"site\"\n[[rule]]\nid = \"motto\"\npattern = \"本站口号：天天向上\"\nanchor = \"line\"\n"
            .as_bytes(),
    );
    let output = run(&["--rules", "rules.toml", "page.txt"], dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        format!("{UDHR_SIMPLIFIED}{UDHR_SIMPLIFIED}")
    );

    write(
        &dir.path().join("bad.toml"),
        "category = \"site\"\n[[rule]]\nid = \"x\"\npattern = \"订阅\"\nanchor = \"middle\"\n"
            .as_bytes(),
    );
    let output = run(&["--rules", "bad.toml", "page.txt"], dir.path());
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains("bad.toml") && message.contains("middle"),
        "{message}"
    );
    assert!(output.stdout.is_empty());
}

#[test]
fn the_audit_and_the_report_say_what_the_script_step_did() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("a.txt"), UDHR_TRADITIONAL.as_bytes());
    write(&dir.path().join("b.txt"), UDHR_SIMPLIFIED.as_bytes());
    let args = [
        "--audit",
        "audit.jsonl",
        "--report",
        "report.json",
        "-o",
        "out",
        "a.txt",
        "b.txt",
    ];
    let output = run(&args, dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let audit = fs::read_to_string(dir.path().join("audit.jsonl")).unwrap();
    let record: serde_json::Value = serde_json::from_str(audit.lines().next().unwrap()).unwrap();
    assert_eq!(record["script"]["converted"], "whole");
    assert_eq!(record["script"]["traditional"], 9, "{record}");
    let report: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(dir.path().join("report.json")).unwrap()).unwrap();
    assert_eq!(report["scripts"]["whole"], 1);
    assert_eq!(report["scripts"]["none"], 1);
}
