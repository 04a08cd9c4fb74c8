//! Which inputs a run reads and where each one's output goes.
//!
//! Directories are walked recursively (following symbolic links, in file-name order so
//! that runs are repeatable). A path that cannot be read, a permission error or a symbolic
//! link loop becomes a [`Problem`] for that path; the run goes on with the others. An output
//! directory inside an input directory is never read back as input, and a run whose audit
//! log or report would overwrite an input does not start.

use anyhow::{bail, Context, Result};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// Where an input's bytes come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    Stdin,
    File(PathBuf),
}

/// Where an input's cleaned bytes go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Destination {
    Stdout,
    File(PathBuf),
    /// `--check`: nothing is written.
    Nowhere,
}

/// One input to clean.
#[derive(Clone, Debug)]
pub struct Input {
    pub source: Source,
    pub destination: Destination,
    /// The name used in messages, logs and reports.
    pub name: String,
}

/// A path that could not be taken as input, and why.
#[derive(Clone, Debug)]
pub struct Problem {
    pub name: String,
    pub error: String,
}

/// What the command line's paths and `-o` resolve to.
pub struct Plan {
    pub inputs: Vec<Input>,
    pub problems: Vec<Problem>,
}

/// Settings that decide the inputs' destinations.
pub struct Request<'a> {
    pub paths: &'a [PathBuf],
    pub output: Option<&'a Path>,
    pub check: bool,
    /// Files the run writes besides outputs (audit log, report), with their flags.
    pub side_files: Vec<(&'static str, &'a Path)>,
}

/// Resolves paths into inputs with destinations.
pub fn resolve(request: &Request) -> Result<Plan> {
    let stdin_only = [PathBuf::from("-")];
    let paths = if request.paths.is_empty() {
        &stdin_only[..]
    } else {
        request.paths
    };
    if paths.iter().filter(|path| path.as_os_str() == "-").count() > 1 {
        bail!("standard input ('-') can be read only once");
    }
    let mirror = match request.output {
        Some(output) => mirrors_into_directory(paths, output),
        None => false,
    };
    if mirror && !request.check {
        let output = request.output.expect("mirroring needs -o");
        std::fs::create_dir_all(output)
            .with_context(|| format!("cannot create output directory {}", output.display()))?;
    }
    let excluded = Excluded::new(request, mirror);
    let mut plan = Plan {
        inputs: Vec::new(),
        problems: Vec::new(),
    };
    for path in paths {
        if path.as_os_str() == "-" {
            if mirror {
                bail!("standard input can't be mirrored into a directory: give -o a file name, or name files instead of '-'");
            }
            plan.inputs.push(Input {
                source: Source::Stdin,
                destination: single_destination(request),
                name: "<stdin>".to_owned(),
            });
        } else if path.is_dir() {
            walk_directory(path, request, mirror, &excluded, &mut plan);
        } else {
            let destination = if mirror {
                let name = path.file_name().map(PathBuf::from).unwrap_or_default();
                mirrored(request, &name)
            } else {
                single_destination(request)
            };
            plan.inputs.push(Input {
                source: Source::File(path.clone()),
                destination,
                name: path.display().to_string(),
            });
        }
    }
    reject_clashes(&mut plan);
    refuse_side_file_clashes(request, &plan)?;
    Ok(plan)
}

/// The audit log and the report must not overwrite an input, an output or each other.
fn refuse_side_file_clashes(request: &Request, plan: &Plan) -> Result<()> {
    let inputs = input_files(plan);
    let mut written: HashSet<PathBuf> = plan
        .inputs
        .iter()
        .filter_map(|input| match &input.destination {
            Destination::File(path) => Some(resolve_for_comparison(path)),
            Destination::Stdout | Destination::Nowhere => None,
        })
        .collect();
    for (flag, path) in &request.side_files {
        let resolved = resolve_for_comparison(path);
        if inputs.contains(&resolved) {
            bail!(
                "{flag} {} is one of the inputs; write it somewhere else",
                path.display()
            );
        }
        if !written.insert(resolved) {
            bail!(
                "{flag} {} is also written as an output or by another flag; give it its own name",
                path.display()
            );
        }
    }
    Ok(())
}

/// `-o` names a directory when the inputs are several, or a directory, or when it already
/// is a directory; otherwise it names the one output file.
fn mirrors_into_directory(paths: &[PathBuf], output: &Path) -> bool {
    paths.len() > 1 || paths.iter().any(|path| path.is_dir()) || {
        output.is_dir() && paths.iter().all(|path| path.as_os_str() != "-")
    }
}

fn single_destination(request: &Request) -> Destination {
    match (request.check, request.output) {
        (true, _) => Destination::Nowhere,
        (false, Some(output)) => Destination::File(output.to_owned()),
        (false, None) => Destination::Stdout,
    }
}

fn mirrored(request: &Request, relative: &Path) -> Destination {
    if request.check {
        return Destination::Nowhere;
    }
    let output = request.output.expect("mirroring needs -o");
    Destination::File(output.join(relative))
}

/// The output directory, which a directory walk must not read back.
struct Excluded {
    directory: Option<PathBuf>,
}

impl Excluded {
    fn new(request: &Request, mirror: bool) -> Excluded {
        let directory = match request.output {
            Some(output) if mirror => std::fs::canonicalize(output).ok(),
            _ => None,
        };
        Excluded { directory }
    }

    fn skips_directory(&self, path: &Path) -> bool {
        self.directory
            .as_ref()
            .is_some_and(|excluded| std::fs::canonicalize(path).is_ok_and(|path| &path == excluded))
    }
}

fn walk_directory(
    root: &Path,
    request: &Request,
    mirror: bool,
    excluded: &Excluded,
    plan: &mut Plan,
) {
    let walk = WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            !(entry.file_type().is_dir() && excluded.skips_directory(entry.path()))
        });
    for entry in walk {
        match entry {
            Err(error) => plan.problems.push(Problem {
                name: error.path().unwrap_or(root).display().to_string(),
                error: walk_error_message(&error),
            }),
            Ok(entry) if entry.file_type().is_file() => {
                let relative = entry.path().strip_prefix(root).unwrap_or(entry.path());
                let destination = if mirror {
                    mirrored(request, relative)
                } else {
                    single_destination(request)
                };
                plan.inputs.push(Input {
                    source: Source::File(entry.path().to_owned()),
                    destination,
                    name: entry.path().display().to_string(),
                });
            }
            Ok(_) => {}
        }
    }
}

fn walk_error_message(error: &walkdir::Error) -> String {
    if let Some(ancestor) = error.loop_ancestor() {
        return format!(
            "symbolic link loop back to {} (skipped)",
            ancestor.display()
        );
    }
    match error.io_error() {
        Some(io) => format!("cannot read: {io}"),
        None => error.to_string(),
    }
}

/// Two inputs that would write the same output file, or an output that would overwrite an
/// input, are refused: inputs are never modified and no output is written twice.
fn reject_clashes(plan: &mut Plan) {
    let input_files = input_files(plan);
    let mut seen = HashSet::new();
    let mut kept = Vec::with_capacity(plan.inputs.len());
    for input in plan.inputs.drain(..) {
        let clash = match &input.destination {
            Destination::File(path) => {
                let resolved = resolve_for_comparison(path);
                if input_files.contains(&resolved) {
                    Some(format!(
                        "the output {} is an input; inputs are never overwritten",
                        path.display()
                    ))
                } else if !seen.insert(resolved) {
                    Some(format!(
                        "another input already writes {}; rename one of them",
                        path.display()
                    ))
                } else {
                    None
                }
            }
            Destination::Stdout | Destination::Nowhere => None,
        };
        match clash {
            Some(error) => plan.problems.push(Problem {
                name: input.name,
                error,
            }),
            None => kept.push(input),
        }
    }
    plan.inputs = kept;
}

/// The canonical paths of the input files.
fn input_files(plan: &Plan) -> HashSet<PathBuf> {
    plan.inputs
        .iter()
        .filter_map(|input| match &input.source {
            Source::File(path) => std::fs::canonicalize(path).ok(),
            Source::Stdin => None,
        })
        .collect()
}

/// The canonical form of a path that may not exist yet: its parent canonicalized.
fn resolve_for_comparison(path: &Path) -> PathBuf {
    if let Ok(canonical) = std::fs::canonicalize(path) {
        return canonical;
    }
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) => std::fs::canonicalize(if parent.as_os_str().is_empty() {
            Path::new(".")
        } else {
            parent
        })
        .map(|parent| parent.join(name))
        .unwrap_or_else(|_| path.to_owned()),
        _ => path.to_owned(),
    }
}
