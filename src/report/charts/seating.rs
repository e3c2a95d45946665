//! Seating for a hemicycle: seats in concentric half rings, groups in wedges.
//!
//! Geometry is in units of the outer row's radius, with the centre at the
//! origin and angles in radians from π (left end) to 0 (right end). Each
//! group takes a wedge whose angle is proportional to its size, separated
//! from the next by a gap; within a wedge each row holds seats in proportion
//! to its length, evenly spaced, so that seats are about equally far apart
//! everywhere and wedge edges are straight rays.

use std::f64::consts::PI;

/// Radius of the innermost row, as a fraction of the outer row's.
pub const INNER: f64 = 0.4;
/// Most rows tried.
const MAX_ROWS: usize = 60;

/// One seat's position.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Seat {
    /// Row, 0 innermost.
    pub row: usize,
    pub radius: f64,
    pub angle: f64,
}

impl Seat {
    /// Cartesian position, y upwards.
    pub fn xy(&self) -> (f64, f64) {
        (
            self.radius * self.angle.cos(),
            self.radius * self.angle.sin(),
        )
    }
}

/// Seats for every group, and the sizes that go with them.
#[derive(Debug, Clone, PartialEq)]
pub struct Seating {
    /// Per group, its seats in reading order: left to right, then inner to outer.
    pub groups: Vec<Vec<Seat>>,
    /// Per group, the angles its wedge spans (from, to), from > to.
    pub wedges: Vec<(f64, f64)>,
    /// Seat radius that keeps neighbouring seats apart.
    pub seat_radius: f64,
    pub rows: usize,
    /// Radius of the innermost row.
    pub inner: f64,
}

/// Row radii and spacing for `rows` rows.
fn radii(rows: usize) -> (Vec<f64>, f64) {
    if rows <= 1 {
        (vec![1.0], 1.0 - INNER)
    } else {
        let spacing = (1.0 - INNER) / (rows - 1) as f64;
        (
            (0..rows).map(|i| INNER + spacing * i as f64).collect(),
            spacing,
        )
    }
}

/// Gap between wedges, in radians: about one row spacing at mid radius, or
/// one seat's angle in a single row of `n` seats; at most a quarter of the
/// angle each of the `groups` would have without gaps.
fn gap(rows: usize, spacing: f64, n: usize, groups: usize) -> f64 {
    if groups <= 1 {
        return 0.0;
    }
    let gap = if rows <= 1 {
        PI / (n + groups) as f64
    } else {
        0.8 * spacing / 0.7
    };
    gap.min(0.25 * PI / groups as f64)
}

/// Splits `total` into whole parts proportional to `weights` (largest remainder;
/// ties go to the later part, the longer row).
fn apportion(total: usize, weights: &[f64]) -> Vec<usize> {
    let sum: f64 = weights.iter().sum();
    if sum <= 0.0 || weights.is_empty() {
        return vec![0; weights.len()];
    }
    let exact: Vec<f64> = weights.iter().map(|w| total as f64 * w / sum).collect();
    let mut parts: Vec<usize> = exact.iter().map(|x| x.floor() as usize).collect();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|&a, &b| {
        (exact[b] - exact[b].floor())
            .total_cmp(&(exact[a] - exact[a].floor()))
            .then(b.cmp(&a))
    });
    let missing = total.saturating_sub(parts.iter().sum());
    for &i in order.iter().take(missing) {
        parts[i] += 1;
    }
    parts
}

/// Lays out groups of `sizes` seats (empty groups get empty wedges of no
/// width) in the fewest rows that give seats of radius `enough`, or else in
/// the number of rows that gives the largest seats.
pub fn seat(sizes: &[usize], enough: f64) -> Seating {
    let n: usize = sizes.iter().sum();
    let groups = sizes.iter().filter(|&&s| s > 0).count();
    if n == 0 {
        return Seating {
            groups: vec![Vec::new(); sizes.len()],
            wedges: vec![(PI, PI); sizes.len()],
            seat_radius: 0.0,
            rows: 0,
            inner: 1.0,
        };
    }
    let mut best: Option<Seating> = None;
    for rows in 1..=MAX_ROWS {
        let candidate = seat_in_rows(sizes, n, groups, rows);
        if candidate.seat_radius >= enough {
            return candidate;
        }
        let better = best
            .as_ref()
            .is_none_or(|b| candidate.seat_radius > b.seat_radius + 1e-12);
        if better {
            best = Some(candidate);
        } else if best.as_ref().is_some_and(|b| rows > b.rows + 2) {
            // Seats only get smaller from here.
            break;
        }
    }
    best.unwrap_or_else(|| seat_in_rows(sizes, n, groups, 1))
}

fn seat_in_rows(sizes: &[usize], n: usize, groups: usize, rows: usize) -> Seating {
    let (radii, spacing) = radii(rows);
    let gap = gap(rows, spacing, n, groups);
    let span = PI - gap * groups.saturating_sub(1) as f64;
    let mut from = PI;
    let mut all = Vec::with_capacity(sizes.len());
    let mut wedges = Vec::with_capacity(sizes.len());
    // Closest distance between neighbours along a row.
    let mut closest = f64::INFINITY;
    for &size in sizes {
        let width = span * size as f64 / n as f64;
        let to = from - width;
        let mut seats = Vec::with_capacity(size);
        for (row, (&radius, &count)) in radii.iter().zip(&apportion(size, &radii)).enumerate() {
            if count == 0 {
                continue;
            }
            let step = width / count as f64;
            closest = closest.min(step * radius);
            for j in 0..count {
                seats.push(Seat {
                    row,
                    radius,
                    angle: from - (j as f64 + 0.5) * step,
                });
            }
        }
        seats.sort_by(|a, b| b.angle.total_cmp(&a.angle).then(a.row.cmp(&b.row)));
        all.push(seats);
        wedges.push((from, to));
        if size > 0 {
            from = to - gap;
        }
    }
    let row_gap = if rows > 1 { spacing } else { f64::INFINITY };
    let seat_radius = 0.45 * closest.min(row_gap).min(1.0 - INNER);
    Seating {
        groups: all,
        wedges,
        seat_radius,
        rows,
        inner: radii[0],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn distance(a: &Seat, b: &Seat) -> f64 {
        let ((ax, ay), (bx, by)) = (a.xy(), b.xy());
        ((ax - bx).powi(2) + (ay - by).powi(2)).sqrt()
    }

    #[test]
    fn every_group_gets_its_seats_inside_the_half_ring() {
        for sizes in [
            vec![1],
            vec![4, 3, 5],
            vec![35, 33, 21, 54, 50],
            vec![0, 7, 0, 2],
            vec![300],
        ] {
            let seating = seat(&sizes, 1.0);
            for (group, &size) in seating.groups.iter().zip(&sizes) {
                assert_eq!(group.len(), size, "{sizes:?}");
                for s in group {
                    assert!((INNER - 1e-9..=1.0 + 1e-9).contains(&s.radius), "{s:?}");
                    assert!(s.angle > 0.0 && s.angle < PI, "{s:?}");
                }
                // Reading order: left to right.
                assert!(group.windows(2).all(|w| w[0].angle >= w[1].angle));
            }
        }
    }

    #[test]
    fn seats_do_not_touch() {
        for sizes in [
            vec![35, 33, 21, 54, 50],
            vec![4, 3, 5],
            vec![1, 1],
            vec![193],
        ] {
            let seating = seat(&sizes, 1.0);
            let seats: Vec<&Seat> = seating.groups.iter().flatten().collect();
            for (i, a) in seats.iter().enumerate() {
                for b in &seats[i + 1..] {
                    let d = distance(a, b);
                    assert!(d > 2.0 * seating.seat_radius, "{sizes:?}: {a:?} {b:?} {d}");
                }
            }
        }
    }

    #[test]
    fn wedges_are_ordered_and_separated() {
        let seating = seat(&[35, 33, 21, 54, 50], 1.0);
        assert!(seating.rows > 3, "193 seats need several rows");
        for pair in seating.wedges.windows(2) {
            assert!(pair[0].1 > pair[1].0, "{pair:?}: a gap between wedges");
        }
        // Wedge widths follow group sizes.
        let width = |k: usize| seating.wedges[k].0 - seating.wedges[k].1;
        assert!((width(3) / width(2) - 54.0 / 21.0).abs() < 1e-9);
        // Every seat of a group lies inside its wedge.
        for (group, &(from, to)) in seating.groups.iter().zip(&seating.wedges) {
            assert!(group.iter().all(|s| s.angle < from && s.angle > to));
        }
    }

    #[test]
    fn few_seats_take_one_row_when_seats_are_big_enough() {
        let seating = seat(&[4, 3, 5], 0.05);
        assert_eq!(seating.rows, 1);
        assert!(seating.seat_radius >= 0.05);
        assert_eq!(seating.inner, 1.0);
        // Without a cap, more rows give bigger seats.
        assert!(seat(&[4, 3, 5], 1.0).rows > 1);
    }

    #[test]
    fn apportion_keeps_the_total() {
        assert_eq!(apportion(4, &[0.4, 0.7, 1.0]), [1, 1, 2]);
        assert_eq!(apportion(0, &[1.0, 2.0]), [0, 0]);
        for total in 0..50 {
            assert_eq!(
                apportion(total, &[0.4, 0.55, 0.7, 0.85, 1.0])
                    .iter()
                    .sum::<usize>(),
                total
            );
        }
    }
}
