//! Pass counts for the evaluation runners (`eval_decode`, `eval_mojibake`).

/// Passed and total counts.
#[derive(Default, Clone, Copy)]
pub struct Score {
    pub ok: usize,
    pub total: usize,
}

impl Score {
    pub fn add(&mut self, ok: bool) {
        self.ok += usize::from(ok);
        self.total += 1;
    }

    #[allow(dead_code)] // used by one runner only
    pub fn merge(&mut self, other: Score) {
        self.ok += other.ok;
        self.total += other.total;
    }

    pub fn percent(self) -> Option<f64> {
        (self.total > 0).then(|| 100.0 * self.ok as f64 / self.total as f64)
    }

    /// `ok/total pct%`, or `-` when there is nothing to count.
    pub fn cell(self) -> String {
        match self.percent() {
            Some(percent) => format!("{}/{} {percent:.1}%", self.ok, self.total),
            None => "-".into(),
        }
    }
}
