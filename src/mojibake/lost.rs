//! Where UTF-8 characters begin and end in bytes a wrong decoder partly lost.
//!
//! A multibyte CJK decoder that meets bytes it cannot read writes one U+FFFD for one or two
//! of them: Big5, EUC-KR and EUC-JP take a lead byte and the byte after it (a continuation
//! byte 0x80–0xA0 is no trail byte for them), and one byte alone where it cannot start a
//! character. UTF-8 read that way loses half its continuation bytes, in long runs of U+FFFD
//! with a few characters read between them. How many UTF-8 characters such a run stood for
//! follows from UTF-8's structure: every character is a lead byte and its continuation
//! bytes, the bytes that survived are known, and each U+FFFD hid one or two bytes. Of the
//! ways to read the run, the one that breaks the structure least is taken (dynamic
//! programming over the bytes still awaited), preferring three-byte characters, which CJK
//! text is made of, and then fewer characters: a repair then writes one U+FFFD per lost
//! character, as many as the text lost.

use super::codec::LOST;

/// A unit of a lossy run: a lost unit or a known continuation byte.
fn is_lossy_unit(unit: u16) -> bool {
    unit == LOST || (0x80..=0xbf).contains(&unit)
}

/// Costs of readings, lowest wins.
const BROKEN: u32 = 1000;
const TWO_BYTES: u32 = 10;
const FOUR_BYTES: u32 = 20;
const CHARACTER: u32 = 1;

/// The bytes a character led by an unknown lead byte has, and what assuming so costs.
const LEAD_LENGTHS: [(u8, u32); 3] = [(3, 0), (2, TWO_BYTES), (4, FOUR_BYTES)];

/// Where a character starts inside a unit of the run, if one does.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Start {
    Nowhere,
    AtFirstByte,
    AtSecondByte,
}

/// How a reading treats one unit of the run (see [`lost_characters`]).
#[derive(Clone, Copy)]
struct Step {
    /// Continuation bytes awaited before the unit.
    awaited_before: u8,
    start: Start,
}

/// Reads the run of units `units[start..]` that begins with a lead byte the characters
/// before left off at (a known lead byte, or a lost unit), and goes on over lost units and
/// continuation bytes. `lead_needs` is how many continuation bytes a known lead byte at
/// `units[start]` takes (`None` when the run starts with a lost unit). Returns where the run
/// ends and, for each character of the best reading, where the unit its last byte is in
/// ends (all of them lost: each holds a lost byte, or is a continuation byte whose lead was
/// lost; two can end in the same unit). `None` when every reading breaks UTF-8's structure:
/// the bytes were not UTF-8 as read.
pub(super) fn lost_characters(
    units: &[u16],
    start: usize,
    lead_needs: Option<u8>,
) -> Option<(usize, Vec<usize>)> {
    let first = start + usize::from(lead_needs.is_some());
    let end = first
        + units[first..]
            .iter()
            .take_while(|&&unit| is_lossy_unit(unit))
            .count();
    let run = &units[first..end];
    // cost[awaited]: the cheapest reading so far that awaits that many continuation bytes.
    let mut cost = [u32::MAX; 4];
    cost[usize::from(lead_needs.unwrap_or(0))] = if lead_needs.is_some() { CHARACTER } else { 0 };
    // steps[i][awaited]: how the cheapest reading awaiting `awaited` after unit i got there.
    let mut steps: Vec<[Option<Step>; 4]> = Vec::with_capacity(run.len());
    for &unit in run {
        let mut next = [u32::MAX; 4];
        let mut how = [None; 4];
        for awaited in 0..4u8 {
            let so_far = cost[usize::from(awaited)];
            if so_far == u32::MAX {
                continue;
            }
            let mut offer = |after: u8, extra: u32, start: Start| {
                // Saturating: a line can hold a run of millions of units.
                let total = so_far.saturating_add(extra);
                if total < next[usize::from(after)] {
                    next[usize::from(after)] = total;
                    how[usize::from(after)] = Some(Step {
                        awaited_before: awaited,
                        start,
                    });
                }
            };
            if unit != LOST {
                // A known continuation byte: one awaited, or one whose lead was lost with
                // nothing to show for it.
                match awaited {
                    0 => offer(0, BROKEN + CHARACTER, Start::AtFirstByte),
                    _ => offer(awaited - 1, 0, Start::Nowhere),
                }
                continue;
            }
            // One lost byte: a continuation byte (a lone lead byte is never lost alone).
            match awaited {
                0 => offer(0, BROKEN + CHARACTER, Start::AtFirstByte),
                _ => offer(awaited - 1, 0, Start::Nowhere),
            }
            // Two lost bytes: each a continuation byte if one is awaited, else a lead byte.
            match awaited {
                0 => {
                    for (length, extra) in LEAD_LENGTHS {
                        offer(length - 2, extra + CHARACTER, Start::AtFirstByte);
                    }
                }
                1 => {
                    for (length, extra) in LEAD_LENGTHS {
                        offer(length - 1, extra + CHARACTER, Start::AtSecondByte);
                    }
                }
                _ => offer(awaited - 2, 0, Start::Nowhere),
            }
        }
        cost = next;
        steps.push(how);
    }
    // A run ends between characters: one cut short by what follows is broken.
    if cost[0] >= BROKEN {
        return None;
    }
    let mut awaited = 0;
    // Back from the end: a character's last byte is in the unit before the next one starts
    // (or, when the next starts at the second byte of a unit, in that unit).
    let mut ends = Vec::new();
    let mut last_end = end;
    for (index, how) in steps.iter().enumerate().rev() {
        let Some(step) = how[usize::from(awaited)] else {
            break;
        };
        let unit_end = first + index + 1;
        match step.start {
            Start::AtSecondByte => {
                ends.push(last_end);
                last_end = unit_end;
            }
            Start::AtFirstByte => {
                ends.push(last_end);
                last_end = unit_end - 1;
            }
            Start::Nowhere => {}
        }
        awaited = step.awaited_before;
    }
    if lead_needs.is_some() {
        ends.push(last_end);
    }
    ends.reverse();
    Some((end, ends))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_of_lost_bytes_is_read_as_the_characters_it_can_hold() {
        // 文。 (E6 96 87 E3 80 82) read as Big5: E6, then 96 87 and E3 80 lost two by two.
        let units = [0xe6, LOST, LOST, 0x82];
        assert_eq!(lost_characters(&units, 0, Some(2)), Some((4, vec![2, 4])));
        // Two three-byte characters that each lost their first two bytes.
        let units = [LOST, 0x82, LOST, 0x82, 0x41];
        assert_eq!(lost_characters(&units, 0, None), Some((4, vec![2, 4])));
        // A lead byte, a lost continuation byte, and a lost unit that took the lead byte of
        // the next character, whose continuation bytes follow.
        let units = [0xe4, 0xb8, LOST, 0xbd, 0xa0];
        assert_eq!(lost_characters(&units, 0, Some(2)), Some((5, vec![3, 5])));
    }

    #[test]
    fn a_run_no_reading_makes_utf8_of_has_none() {
        // A four-byte lead byte, one lost unit, then ASCII: three bytes at most.
        assert_eq!(lost_characters(&[0xf3, LOST, 0x41], 0, Some(3)), None);
    }
}
