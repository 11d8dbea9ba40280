pub fn render(n: usize) -> String {
    (0..n).map(|i| format!("row {i}: value={}", i * 3)).collect::<Vec<_>>().join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_rows() {
        assert_eq!(render(2), "row 0: value=0\nrow 1: value=3");
    }

    #[test]
    fn prints_a_lot_then_fails() {
        for i in 0..400 {
            println!("progress line {i}: checking invariants of the table, all good so far");
        }
        let expected: String = (0..60).map(|i| format!("row {i}: value={}", i * 3 + 1)).collect::<Vec<_>>().join("\n");
        assert_eq!(render(60), expected, "the table rendering changed");
    }
}
