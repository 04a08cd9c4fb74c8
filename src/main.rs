//! The `hanfix` command. See the README or `hanfix --help`.

mod cli;

fn main() {
    std::process::exit(cli::main());
}
